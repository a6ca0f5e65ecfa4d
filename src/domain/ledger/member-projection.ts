// A member's card as its ledger chain says it is: the one way to read a member (currentMember), and the
// projection the commit writes after each entry. The card's balance and points are the newest entry's
// after-values; a card found behind its chain (a crash, a late write from another process) is rolled
// forward by probing the next slots, under this process's lock for that member.
import type { Types } from 'mongoose';
import { KeyedLock } from '../keyed-lock.js';
import { isDuplicateKey } from '../insert-once.js';
import { MemberModel, type Member } from '../models/member.js';
import { LedgerEntryModel, slotId, type LedgerEntry } from '../models/ledger-entry.js';
import { LedgerIndexModel, keyRef, noRef } from '../models/ledger-index.js';

const memberLock = new KeyedLock();

/** The member as its ledger says it is now, catching a projection left behind first. */
export function currentMember(memberId: Types.ObjectId): Promise<Member | null> {
  return memberLock.run(String(memberId), async () => {
    const member = await MemberModel.findById(memberId).lean<Member>();
    if (!member) return null;
    if ((await rollForward(member._id, member.seq)) === 0) return member;
    return MemberModel.findById(memberId).lean<Member>();
  });
}

/** Runs a task that writes the member document, one at a time with this process's commits. */
export function withMemberLock<T>(memberId: Types.ObjectId, task: () => Promise<T>): Promise<T> {
  return memberLock.run(String(memberId), task);
}

/** Writes an entry's after-values onto the member. Lookup by _id only, so FerretDB does not scan. */
export async function project(entry: LedgerEntry): Promise<void> {
  // By _id alone: FerretDB filters anything more in Go, after reading the whole collection. A late write
  // from another process may leave the card behind its chain; every read and change probes past it.
  await MemberModel.collection.updateOne(
    { _id: entry.memberId },
    {
      $set: {
        seq: entry.seq,
        balanceFen: entry.balanceAfterFen,
        points: entry.pointsAfter,
        totalSpendFen: entry.spendAfterFen,
        ...(entry.countCardsAfter ? { countCards: entry.countCardsAfter } : {}),
      },
    },
  );
}

/**
 * Brings a member's projection up to the end of its chain by probing the slots after `fromSeq`.
 * Returns the number of entries it moved over (0 when the projection was current).
 */
export async function rollForward(memberId: Types.ObjectId, fromSeq: number): Promise<number> {
  let newest: LedgerEntry | null = null;
  for (let seq = fromSeq + 1; ; seq++) {
    const next = await LedgerEntryModel.findById(slotId(memberId, seq)).lean<LedgerEntry>();
    if (!next) break;
    await indexEntry(next);
    newest = next;
  }
  if (newest) await project(newest);
  return newest ? newest.seq - fromSeq : 0;
}

/** Writes the entry's lookup records; ones already there are fine. */
export async function indexEntry(entry: LedgerEntry): Promise<void> {
  const refs = new Set([keyRef(entry.key), keyRef(entry.requestKey), noRef(entry.no)]);
  await LedgerIndexModel.collection
    .insertMany(
      [...refs].map((_id) => ({ _id, entryId: entry._id }) as never),
      { ordered: false },
    )
    .catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
}
