// 手机尾号: the members whose phone ends in four digits, found by lookups by _id only (FerretDB answers
// nothing else without reading every member). Each tail has dense slots in the member keys,
// "tail:<4 digits>:<n>" naming the n-th member given that tail; a slot whose member has since moved to
// another phone is skipped when read, so a slot is never removed and the slots stay dense.
import type { Types } from 'mongoose';
import { firstFreeSlot, slotRounds } from '../dense-slots.js';
import { insertManyOnce, insertOnce } from '../insert-once.js';
import { MemberKeyModel } from '../models/member-key.js';
import { MemberModel, type Member } from '../models/member.js';
import { offThePath } from '../off-the-path.js';

export const TAIL_DIGITS = 4;
export const isPhoneTail = (text: string) => /^\d{4}$/.test(text);

const tailOf = (phone: string) => phone.slice(-TAIL_DIGITS);
const slotId = (tail: string, n: number) => `tail:${tail}:${n}`;
const taken = (tail: string) => async (n: number) =>
  (await MemberKeyModel.exists({ _id: slotId(tail, n) })) !== null;

/**
 * The next free slot of each tail as far as this process has seen. Slots below it were all taken by this
 * process's own inserts and are never removed, so it is trusted as a start: a clash only moves up.
 */
const hints = new Map<string, number>();
const HINTS_KEPT = 20_000;

async function nextSlot(tail: string): Promise<number> {
  return hints.get(tail) ?? (await firstFreeSlot(taken(tail)));
}

function remember(tail: string, next: number): void {
  if (hints.size >= HINTS_KEPT) hints.clear();
  hints.set(tail, next);
}

async function enterTail(memberId: Types.ObjectId, tail: string): Promise<void> {
  for (let n = await nextSlot(tail); ; n++) {
    if (await insertOnce(MemberKeyModel, { _id: slotId(tail, n), memberId })) return remember(tail, n + 1);
  }
}

/** Gives a member's phone its tail slot (at registration and after a phone change). */
export function enterPhoneTail(memberId: Types.ObjectId, phone: string): Promise<void> {
  return enterTail(memberId, tailOf(phone));
}

/** Tail slots for many members at once (an import): per tail, consecutive slots, all in one insert. */
export async function enterPhoneTails(members: Array<{ _id: Types.ObjectId; phone: string }>): Promise<void> {
  const byTail = new Map<string, Types.ObjectId[]>();
  for (const m of members) byTail.set(tailOf(m.phone), [...(byTail.get(tailOf(m.phone)) ?? []), m._id]);
  const tails = [...byTail.keys()];
  const starts = await Promise.all(tails.map(nextSlot));
  const docs: Array<{ _id: string; memberId: Types.ObjectId; tail: string }> = [];
  tails.forEach((tail, t) => {
    const ids = byTail.get(tail)!;
    ids.forEach((memberId, i) => docs.push({ _id: slotId(tail, starts[t]! + i), memberId, tail }));
    remember(tail, starts[t]! + ids.length);
  });
  const clashed = await insertManyOnce(
    MemberKeyModel,
    docs.map(({ _id, memberId }) => ({ _id, memberId })),
  );
  for (const i of clashed) await enterTail(docs[i]!.memberId, docs[i]!.tail);
}

/** The members whose phone ends in `tail` now, at most `limit` of them, oldest slot first. */
export async function membersWithPhoneTail(tail: string, limit = 20): Promise<Member[]> {
  const found: Member[] = [];
  const seen = new Set<string>();
  // Read on past a short gap (a hint that outlived its database, say after a restore).
  const rounds = slotRounds((n) => MemberKeyModel.findById(slotId(tail, n)).lean(), { pastGaps: true });
  for await (const slots of rounds) {
    const members = await Promise.all(slots.map((s) => MemberModel.findById(s.memberId).lean<Member>()));
    for (const m of members) {
      if (m && m.phone.endsWith(tail) && !seen.has(String(m._id)) && found.length < limit) {
        seen.add(String(m._id));
        found.push(m);
      }
    }
    if (found.length >= limit) break;
  }
  return found;
}

const BACKFILLED = 'tail:backfilled';

/** Members from before the tails existed get theirs: one pass over the members, once, off start-up. */
export function backfillPhoneTails(): Promise<void> {
  return offThePath('phone tail backfill', async () => {
    if (await MemberKeyModel.exists({ _id: BACKFILLED })) return;
    const batch: Array<{ _id: Types.ObjectId; phone: string }> = [];
    for await (const m of MemberModel.find({}, { phone: 1 }).lean().cursor()) {
      batch.push({ _id: m._id as Types.ObjectId, phone: (m as Member).phone });
      if (batch.length === 1000) await enterPhoneTails(batch.splice(0));
    }
    await enterPhoneTails(batch);
    await insertOnce(MemberKeyModel, { _id: BACKFILLED, memberId: null });
  });
}
