// Slots of the member directory (see models/member-directory.ts): claimed densely from 1 upwards, so the
// first free slot is found by doubling then halving over lookups by _id, from a hint this process keeps.
import type { Types } from 'mongoose';
import { DirectorySlotModel } from '../models/member-directory.js';
import { MemberModel, type Member } from '../models/member.js';
import { insertManyOnce, insertOnce } from '../insert-once.js';
import { offThePath } from '../off-the-path.js';

let hint = 1;
const taken = async (n: number) => (await DirectorySlotModel.exists({ _id: String(n) })) !== null;

/** The lowest free slot at or above the hint (slots below a free one are all taken). */
async function firstFree(): Promise<number> {
  // A hint past a free slot (another database, a lost slot) would leave a gap: start again from 1.
  if (hint > 1 && !(await taken(hint - 1))) hint = 1;
  let low = hint;
  if (!(await taken(low))) return low;
  let step = 1;
  while (await taken(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step; // free
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await taken(mid)) low = mid;
    else high = mid;
  }
  return high;
}

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
