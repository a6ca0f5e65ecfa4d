// Slots of the member directory (see models/member-directory.ts): dense slots (dense-slots.ts) from a hint
// this process keeps.
import type { Types } from 'mongoose';
import { DirectorySlotModel, type DirectorySlot } from '../models/member-directory.js';
import { MemberModel, type Member } from '../models/member.js';
import { insertManyOnce, insertOnce } from '../insert-once.js';
import { offThePath } from '../off-the-path.js';
import { firstFreeSlot, slotsAfter } from '../dense-slots.js';

let hint = 1;
const taken = async (n: number) => (await DirectorySlotModel.exists({ _id: String(n) })) !== null;

const firstFree = () => firstFreeSlot(taken, hint);

/** Gives a new member the next slot. */
export async function enterDirectory(memberId: Types.ObjectId): Promise<void> {
  for (;;) {
    const n = await firstFree();
    hint = n + 1;
    if (await insertOnce(DirectorySlotModel, { _id: String(n), memberId })) return;
  }
}

/** Slots for many new members at once (an import): consecutive slots in one insert, clashes one by one. */
export async function enterDirectoryAll(memberIds: Types.ObjectId[]): Promise<void> {
  if (!memberIds.length) return;
  const start = await firstFree();
  hint = start + memberIds.length;
  const slots = memberIds.map((memberId, i) => ({ _id: String(start + i), memberId }));
  for (const index of await insertManyOnce(DirectorySlotModel, slots))
    await enterDirectory(memberIds[index]!);
}

/** Members from before the directory get their slots (a scan, once, when the counts differ). */
export function backfillDirectory(): Promise<void> {
  return offThePath('member directory backfill', async () => {
    const [members, slots] = await Promise.all([
      MemberModel.estimatedDocumentCount(),
      DirectorySlotModel.estimatedDocumentCount(),
    ]);
    if (members <= slots) return;
    const listed = new Set<string>();
    for await (const s of DirectorySlotModel.find({}, { memberId: 1 }).lean().cursor())
      listed.add(String(s.memberId));
    const missing: Types.ObjectId[] = [];
    for await (const m of MemberModel.find({}, { _id: 1 }).sort({ createdAt: 1 }).lean().cursor()) {
      if (!listed.has(String(m._id))) missing.push(m._id as Types.ObjectId);
    }
    await enterDirectoryAll(missing);
  });
}

/** Directory slots after `after`, in order, `round` of them per query, until the directory ends. */
export function directoryRounds(after: number, round: number) {
  return slotsAfter(
    (ids) => DirectorySlotModel.find({ _id: { $in: ids } }).lean<DirectorySlot[]>(),
    String,
    (s) => Number(s._id),
    after,
    round,
  );
}

/** The directory's first slot whose member registered at or after `from` (a search over the slots). */
export async function directorySlotFrom(from: Date): Promise<number> {
  const end = await firstFree(); // one past the last slot
  let [low, high] = [1, end]; // the answer is in [low, high]
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const slot = await DirectorySlotModel.findById(String(mid)).lean();
    const member = slot && (await MemberModel.findById(slot.memberId, { createdAt: 1 }).lean<Member>());
    if (member && new Date(member.createdAt) < from) low = mid + 1;
    else high = mid;
  }
  return low;
}

export type Registration = Pick<Member, '_id' | 'createdAt' | 'registeredStoreId' | 'registeredChannel'>;

/** Slots looked at either side of a range: concurrent registrations take slots a little out of time order. */
const REGISTRATION_MARGIN = 64;
const REGISTRATION_ROUND = 500;

/**
 * The members who registered in [from, to), through the directory (slots in registration order) and read by
 * _id, so no engine scans the members for a date range. Each member is checked against the range itself.
 */
export async function membersRegisteredIn(from: Date, to: Date): Promise<Registration[]> {
  const start = Math.max(0, (await directorySlotFrom(from)) - 1 - REGISTRATION_MARGIN);
  const found: Registration[] = [];
  let pastEnd = 0;
  for await (const round of directoryRounds(start, REGISTRATION_ROUND)) {
    const members = await MemberModel.find(
      { _id: { $in: round.map((s) => s.memberId) } },
      { createdAt: 1, registeredStoreId: 1, registeredChannel: 1 },
    ).lean<Registration[]>();
    const byId = new Map(members.map((m) => [String(m._id), m]));
    for (const slot of round) {
      const member = byId.get(String(slot.memberId));
      if (!member) continue;
      const at = new Date(member.createdAt);
      if (at >= to) pastEnd++;
      else if (at >= from) found.push(member);
    }
    if (pastEnd > REGISTRATION_MARGIN) break;
  }
  return found;
}
