// Argument parsers shared by store commands: a member reference, an amount, free text.
import { parseAmountFen } from '../../domain/money.js';
import { isDomainError } from '../../domain/errors.js';
import type { Problem } from './staff-command-spec.js';

const MEMBER_REF = /^(1[3-9]\d{9}|8\d{9}|6\d{17}|\d{12})$/;

export const MEMBER_REF_PROBLEM: Problem = { problem: '请写会员的 11 位手机号、10 位卡号或会员码' };

/** An 11-digit phone, a 10-digit card number, an 18-digit member code (会员码), a 12-digit 卡包 card code. */
export function memberRefArg(text: string | undefined): string | null {
  return text && MEMBER_REF.test(text) ? text : null;
}

/** Commands whose only argument is the member: 查, 解冻. */
export function memberRefOnly(args: string[]): { memberRef: string } | Problem {
  const memberRef = memberRefArg(args[0]);
  return memberRef ? { memberRef } : MEMBER_REF_PROBLEM;
}

/** Fen, or what was wrong with the text. */
export function amountArg(text: string | undefined, maxFen: number): number | Problem {
  if (!text) return { problem: '缺少金额' };
  try {
    return parseAmountFen(text, maxFen);
  } catch (err) {
    if (isDomainError(err, 'AMOUNT_TOO_LARGE')) return { problem: `金额 ${text} 超过单笔上限` };
    return { problem: `金额「${text}」不对，请写成 88 或 88.50` };
  }
}

export function restText(args: string[], from: number): string {
  return args.slice(from).join(' ').trim();
}
