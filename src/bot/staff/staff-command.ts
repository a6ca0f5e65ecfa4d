// Parses a store command by the registry's declarations (src/bot/commands). Every malformed command gets
// its right form back; text that is no command is null, so colleagues can chat in the group.
import { toHalfWidth } from '../../domain/money.js';
import { STAFF_COMMANDS } from '../commands/index.js';
import { isProblem, type StaffCommandSpec } from '../commands/staff-command-spec.js';

export type StaffCommand = { kind: string } & Record<string, unknown>;

/** A command read against its declaration, which travels with it (no second lookup by kind). */
export type Parsed =
  | { ok: true; spec: StaffCommandSpec; command: StaffCommand }
  | { ok: false; spec: StaffCommandSpec; usage: string; problem: string };

/** Each command's right form, by kind. */
export const USAGE: Readonly<Record<string, string>> = Object.fromEntries(
  STAFF_COMMANDS.map((c) => [c.kind, c.usage]),
);

export function specOf(kind: string): StaffCommandSpec {
  const spec = STAFF_COMMANDS.find((c) => c.kind === kind);
  if (!spec) throw new Error(`no staff command ${kind}`);
  return spec;
}

/**
 * Half-width, single-spaced, Chinese punctuation and ￥ separated from the numbers. A comma between two
 * digits belongs to the number ("1,000"), which the one amount parser then reads as every door does
 * ("88,50" is refused there, never split into 88 and 50).
 */
export function tokenize(text: string): string[] {
  return toHalfWidth(text)
    .replace(/\u3000/g, ' ')
    .replace(/[，。；;：:]|(?<!\d),|,(?!\d)/g, ' ')
    .replace(/[Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[＋]/g, '+')
    .replace(/[－—]/g, '-')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

export function parseStaffCommand(text: string, maxAmountFen: number): Parsed | null {
  const tokens = tokenize(text);
  const first = tokens[0]?.toLowerCase();
  if (!first) return null;
  // The command word may be glued to its argument: "消费13800138000 88".
  for (const spec of STAFF_COMMANDS) {
    const word = spec.words.find(
      (w) => first === w || (first.startsWith(w) && /^[\d+-]/.test(first.slice(w.length))),
    );
    if (!word) continue;
    const args = first === word ? tokens.slice(1) : [first.slice(word.length), ...tokens.slice(1)];
    const parsed = spec.parse(args, { maxAmountFen });
    if (isProblem(parsed)) return { ok: false, spec, usage: spec.usage, problem: parsed.problem };
    return { ok: true, spec, command: { kind: spec.kind, ...parsed } };
  }
  return null;
}
