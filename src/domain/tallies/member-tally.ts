// Moving a member in the tallies after a change to what they count in (registration, level, status, tags):
// the member's next tally slot, inserted once, states where they count now and where they left.
import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { now } from '../clock.js';
import { slotsAfter } from '../dense-slots.js';
import { insertManyOnce, insertOnce } from '../insert-once.js';
import { MemberModel } from '../models/member.js';
import {
  TallyPendingModel,
  TallySlotModel,
  type TallyPending,
  type TallySlot,
} from '../models/member-tally.js';
import { MemberTagsModel, tagsId, type MemberTags } from '../models/member-tags.js';
import { cellsOf, sameCells, TALLIED_FIELDS, type TalliedMember } from './tally-cells.js';
import { dayOfMinute, minuteOf } from './tally-minutes.js';

const tallySlotId = (memberId: Types.ObjectId, k: number) => `${String(memberId)}#${k}`;

function tallySlot(memberId: Types.ObjectId, k: number, cells: string[], minus: string[]): TallySlot {
  const minute = minuteOf(now());
  return { _id: tallySlotId(memberId, k), memberId, cells, minus, minute, day: dayOfMinute(minute) };
}

/** A member's slots are few (one per change): read a round of them by _id until one comes back short. */
const ROUND = 16;

async function latestSlot(memberId: Types.ObjectId): Promise<{ k: number; slot: TallySlot } | null> {
  let latest: { k: number; slot: TallySlot } | null = null;
  const rounds = slotsAfter(
    (ids) => TallySlotModel.find({ _id: { $in: ids } }).lean<TallySlot[]>(),
    (k) => tallySlotId(memberId, k),
    (slot) => Number(slot._id.slice(slot._id.lastIndexOf('#') + 1)),
    0,
    ROUND,
  );
  for await (const slots of rounds) latest = { k: slots.at(-1)!.n, slot: slots.at(-1)! };
  return latest;
}

/** The member's tags, a manager's and the automatic ones, in one query by _id. */
async function tagsHeld(memberId: Types.ObjectId): Promise<string[]> {
  const docs = await MemberTagsModel.find(
    { _id: { $in: [tagsId('manual', memberId), tagsId('auto', memberId)] } },
    { tags: 1 },
  ).lean<MemberTags[]>();
  return docs.flatMap((d) => d.tags);
}

/**
 * Brings the member's tally up to their state now. Whoever inserts the next slot first moves them; every
 * caller then reads again, so a change written meanwhile (by this caller or another) is never left out:
 * the last writer of the member reads after its own write.
 */
export async function retally(memberId: Types.ObjectId): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const [member, tags, latest] = await Promise.all([
      MemberModel.findById(memberId, TALLIED_FIELDS).lean<TalliedMember>(),
      tagsHeld(memberId),
      latestSlot(memberId),
    ]);
    if (!member) return;
    const cells = cellsOf(member, tags);
    const counted = latest?.slot.cells ?? [];
    // A first slot is written even when it counts nowhere, so a backfill's older view cannot take it.
    if (latest && sameCells(counted, cells)) return;
    await insertOnce(TallySlotModel, tallySlot(memberId, (latest?.k ?? 0) + 1, cells, counted));
  }
  throw new Error(`member ${String(memberId)} kept changing while being tallied`);
}

/**
 * First slots for members just written (an import, the backfill), in one insert. A member who already
 * has one was tallied by its own change meanwhile, which saw a newer state: theirs stands.
 */
export async function tallyNewMembers(
  members: Array<{ member: TalliedMember & { _id: Types.ObjectId }; tags: Iterable<string> }>,
): Promise<void> {
  const slots = members
    .map(({ member, tags }) => ({ member, cells: cellsOf(member, tags) }))
    .filter(({ cells }) => cells.length > 0)
    .map(({ member, cells }) => tallySlot(member._id, 1, cells, []));
  await insertManyOnce(TallySlotModel, slots);
}

/**
 * Makes a change to what a member counts in (`write`), then their tally follows. The change is noted
 * first, so a crash or a failed retally between the two is found and put right by the fold job.
 */
export async function changingTally<T>(memberId: Types.ObjectId, write: () => Promise<T>): Promise<T> {
  const note = { _id: `${String(memberId)}:${randomUUID()}`, memberId, at: now() };
  await TallyPendingModel.collection.insertOne(note as never);
  const result = await write();
  await retally(memberId);
  await TallyPendingModel.deleteOne({ _id: note._id });
  return result;
}

/** Notes older than this are a change that could not finish; younger ones are still under way. */
const PENDING_AFTER_MS = 60_000;

/** Retallies the members of changes left unfinished; returns how many were put right. */
export async function retallyPending(): Promise<number> {
  const cutoff = now().getTime() - PENDING_AFTER_MS;
  const notes = await TallyPendingModel.find({}).lean<TallyPending[]>();
  let done = 0;
  for (const note of notes.filter((n) => new Date(n.at).getTime() < cutoff)) {
    await retally(note.memberId);
    await TallyPendingModel.deleteOne({ _id: note._id });
    done++;
  }
  return done;
}
