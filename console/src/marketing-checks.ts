// Field checks for the programme and marketing forms: numbers typed as text, refused in place with a
// Chinese sentence (an input that clamped silently would hide a typo such as a minus sign).
import type { FormItemRule } from 'element-plus';
import { fenOf } from './format';

type Check = (value: string) => string | null;

function rule(check: Check): FormItemRule {
  return {
    trigger: ['blur', 'change'],
    validator: (_rule, value, callback) => {
      const problem = check(String(value ?? '').trim());
      if (problem) callback(new Error(problem));
      else callback();
    },
  };
}

/** An integer from min to max (or nothing, when it may be left empty). */
export function wholeIn(min: number, max: number, mayBeEmpty = false): FormItemRule {
  return rule((text) => {
    if (mayBeEmpty && text === '') return null;
    if (!/^-?\d+$/.test(text)) return `请输入 ${min} 到 ${max} 之间的整数`;
    const n = Number(text);
    return n < min || n > max ? `请输入 ${min} 到 ${max} 之间的整数` : null;
  });
}

/** An amount in yuan (two decimals at most) whose fen lie from minFen to maxFen. */
export function yuanIn(minFen: number, maxFen: number): FormItemRule {
  const range = `请输入 ${minFen / 100} 到 ${maxFen / 100} 元之间的金额（最多两位小数）`;
  return rule((text) => {
    const fen = fenOf(text);
    return fen === null || fen < minFen || fen > maxFen ? range : null;
  });
}

/** Text that must be given, at most max characters. */
export function textUpTo(max: number, what: string): FormItemRule {
  return rule((text) => (!text ? `请输入${what}` : text.length > max ? `${what}最多 ${max} 个字` : null));
}

/** A number members or staff type (1 to 6 digits). */
export const shortCode: FormItemRule = rule((text) =>
  /^\d{1,6}$/.test(text) ? null : '请输入 1 到 6 位数字',
);

/** Integer text to a number (the form has checked it). */
export const whole = (text: string | number): number => Number(String(text).trim());

/** Yuan text to fen (the form has checked it). */
export const fen = (text: string | number): number => fenOf(String(text)) ?? 0;

/** Fen to the yuan text a form shows (whole yuan without decimals). */
export function yuanText(fenValue: number): string {
  return fenValue % 100 === 0 ? String(fenValue / 100) : (fenValue / 100).toFixed(2);
}
