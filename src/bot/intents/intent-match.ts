// Which intent a member's message asks for, found once per message and carried in its conversation.
import { matchPhrasing } from '../keywords.js';
import type { DialogFlow, MemberIntentSpec } from './member-intent.js';
import { MEMBER_INTENTS } from './index.js';

export interface IntentMatch {
  spec: MemberIntentSpec;
  /** What follows the keyword ("10" in "消费记录 10"); empty for a bare keyword or a pattern. */
  args: string;
  /** Found by a keyword (a dialog's answer may be a pattern's shape, a card number, never a keyword). */
  byKeyword: boolean;
}

const BY_NAME = new Map(MEMBER_INTENTS.map((spec) => [spec.name, spec]));
/** The keyword table, for matching and for tests: intent name → the words that ask for it. */
export const MEMBER_KEYWORDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  MEMBER_INTENTS.flatMap((spec) => (spec.words ? [[spec.name, spec.words]] : [])),
);

/** Every dialog flow an intent opens, by its name. */
export const DIALOG_FLOWS: ReadonlyMap<string, DialogFlow> = new Map(
  MEMBER_INTENTS.flatMap((spec) => spec.dialogs ?? []).map((flow) => [flow.flow, flow]),
);

/** `text` normalised, `raw` as typed: a keyword first (longest wins), else a pattern's shape. */
export function matchMemberIntent(text: string, raw: string): IntentMatch | null {
  const found = matchPhrasing(MEMBER_KEYWORDS, text);
  const spec = found && BY_NAME.get(found.intent);
  if (found && spec) return { spec, args: found.args, byKeyword: true };
  const shaped = MEMBER_INTENTS.find((intent) => intent.pattern?.(raw));
  return shaped ? { spec: shaped, args: '', byKeyword: false } : null;
}

/** A bare keyword that only reads: answered without the exactly-once record, and inside dialogs. */
export function onlyReads(match: IntentMatch | null): boolean {
  return !!match && match.byKeyword && match.args === '' && match.spec.readOnly === true;
}
