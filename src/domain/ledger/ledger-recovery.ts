// Rolls member projections forward to the end of their ledger chains after a crash left them behind.
import type { Types } from 'mongoose';
import { businessDay, now } from '../clock.js';
import { LEDGER_KINDS, LedgerEntryModel } from '../models/ledger-entry.js';
import { MemberModel } from '../models/member.js';
import { currentMember } from './member-projection.js';

export interface RecoveryResult {
  membersChecked: number;
  rolledForward: number;
}

/** Checks the given members, or every member: one probe of the slot after each projection. */
export async function recoverLedger(memberIds?: Types.ObjectId[]): Promise<RecoveryResult> {
  const result: RecoveryResult = { membersChecked: 0, rolledForward: 0 };
  const filter = memberIds ? { _id: { $in: memberIds } } : {};
  for await (const member of MemberModel.find(filter, { seq: 1 }).lean().cursor()) {
    result.membersChecked++;
    const current = await currentMember(member._id);
    if (current && current.seq > member.seq) result.rolledForward++;
  }
  return result;
}

const BATCH = 500;

/**
 * Every kind but an import's opening entry: that one is written before its card, which is then inserted
 * whole with the entry's figures, so no card is ever behind it; an import day's million of them made the
 * hourly pass minutes long (32 s at 100,000). Listed, not `$ne`: FerretDB pushes `$in` down to PostgreSQL.
 */
const KINDS_A_CARD_FOLLOWS = LEDGER_KINDS.filter((kind) => kind !== 'opening');

/**
 * Checks only the members with entries in the last `days` business days (today included): a crash can
 * leave behind only what was being committed, so the routine passes read the days' entries, not a
 * million members, and roll forward the members whose card is behind the newest of them.
 */
export async function recoverRecentLedger(days: number): Promise<RecoveryResult> {
  const today = now().getTime();
  const recent = Array.from({ length: days }, (_, i) => businessDay(new Date(today - i * 86_400_000)));
  const newest = new Map<string, { memberId: Types.ObjectId; seq: number }>();
  const entries = LedgerEntryModel.find(
    { day: { $in: recent }, kind: { $in: KINDS_A_CARD_FOLLOWS } },
    { memberId: 1, seq: 1 },
  )
    .lean<{ memberId: Types.ObjectId; seq: number }>()
    .cursor();
  for await (const doc of entries) {
    const e = doc as { memberId: Types.ObjectId; seq: number };
    const held = newest.get(String(e.memberId));
    if (!held || e.seq > held.seq) newest.set(String(e.memberId), e);
  }
  const result: RecoveryResult = { membersChecked: 0, rolledForward: 0 };
  const all = [...newest.values()];
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    const cards = await MemberModel.find({ _id: { $in: batch.map((e) => e.memberId) } }, { seq: 1 }).lean<
      Array<{ _id: Types.ObjectId; seq: number }>
    >();
    const seqOf = new Map(cards.map((m) => [String(m._id), m.seq]));
    for (const { memberId, seq } of batch) {
      result.membersChecked++;
      const held = seqOf.get(String(memberId));
      // Through the member's lock, as every read that rolls a card forward.
      if (held !== undefined && held < seq && ((await currentMember(memberId))?.seq ?? 0) > held)
        result.rolledForward++;
    }
  }
  return result;
}
