// Slots of the member directory (see models/member-directory.ts): dense slots (dense-slots.ts) from a hint
// this process keeps.
import type { Types } from 'mongoose';
import { DirectorySlotModel } from '../models/member-directory.js';
import { MemberModel, type Member } from '../models/member.js';
import { insertManyOnce, insertOnce } from '../insert-once.js';
import { offThePath } from '../off-the-path.js';
import { firstFreeSlot } from '../dense-slots.js';

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

/** Members registered after slot `after`, in registration order, by lookups by _id only. */
export async function directoryPage(
  after: number,
  limit: number,
): Promise<{ members: Member[]; next: string | null }> {
  const numbers = Array.from({ length: limit + 1 }, (_, i) => String(after + 1 + i));
  const slots = await Promise.all(numbers.map((n) => DirectorySlotModel.findById(n).lean()));
  const filled = slots.slice(0, limit).filter((s) => s !== null);
  const members = await Promise.all(filled.map((s) => MemberModel.findById(s!.memberId).lean<Member>()));
  return {
    members: members.filter((m): m is Member => m !== null),
    next: slots[limit] ? String(after + limit) : null,
  };
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
