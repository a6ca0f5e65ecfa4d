// The member list a manager pages through, as fast among a million members as among a thousand: a page
// reads a bounded number of documents, by _id or through an index, never the whole collection.
// - Unfiltered it walks the member directory (registration order).
// - Filtered by a tag, a status other than active, one store or one level, it walks that listing
//   (listings/listings.ts) and checks the rest of the filter on the members it reads; otherwise it walks
//   the directory, from the first member registered in range when a registration date is given.
// - Text finds by index: a phone's last four digits, a whole phone or card number, a whole name.
// A page reads at most MAX_ROUNDS rounds of slots, so a rare combination may come back short with a
// `next` to go on from.
import { Types } from 'mongoose';
import { toHalfWidth } from '../money.js';
import { MemberModel, type Member } from '../models/member.js';
import type { SegmentFilter } from '../models/segment.js';
import { currentProgramme } from '../programme/programme-service.js';
import { tagsOfMembers } from '../tags/tag-service.js';
import {
  levelListing,
  listingRounds,
  statusListing,
  storeListing,
  tagListing,
} from '../listings/listings.js';
import { directoryRounds, directorySlotFrom } from '../directory/member-directory.js';
import { isPhoneTail, membersWithPhoneTail } from './phone-tail.js';
import { findMember } from './member-service.js';

export interface MemberListQuery extends SegmentFilter {
  status?: Member['status'];
  /** A phone's last four digits, a whole phone or card number, or a whole name. */
  text?: string;
  /** The previous page's `next`: the slot it stopped at. */
  after?: string;
  limit: number;
}

export interface MemberPage {
  members: Member[];
  /** Give as `after` for the next page; null on the last. */
  next: string | null;
}

const ROUND = 50;
const MAX_ROUNDS = 10;

export async function listMembers(q: MemberListQuery): Promise<MemberPage> {
  const accepts = await acceptor(q);
  const text = q.text ? toHalfWidth(q.text).replace(/\s/g, '') : '';
  if (text) {
    const found = await membersByText(text, q.limit);
    const ok = await accepts(found);
    return { members: found.filter((_, i) => ok[i]), next: null };
  }
  const listing = await listingFor(q);
  const after =
    q.after && /^\d+$/.test(q.after)
      ? Number(q.after)
      : !listing && q.registeredFrom
        ? (await directorySlotFrom(q.registeredFrom)) - 1
        : 0;
  const rounds = listing ? listingRounds(listing, after, ROUND) : directoryRounds(after, ROUND);
  const members: Member[] = [];
  let last = after;
  let roundsRead = 0;
  for await (const slots of rounds) {
    const read = await membersOf(slots);
    const ok = await accepts(read.map((r) => r.member).filter((m): m is Member => m !== null));
    let k = 0;
    for (const { n, member } of read) {
      last = n;
      if (!member) continue;
      if (ok[k++]) members.push(member);
      if (members.length === q.limit) return { members, next: String(n) };
    }
    // The directory is in registration order: a round wholly after registeredTo ends the walk.
    if (!listing && pastRegistration(q, read)) return { members, next: null };
    if (++roundsRead === MAX_ROUNDS) return { members, next: String(last) };
  }
  return { members, next: null };
}

/** Text by index only: 4 digits are a phone's tail, more digits a whole phone or card, else a whole name. */
async function membersByText(text: string, limit: number): Promise<Member[]> {
  if (isPhoneTail(text)) return membersWithPhoneTail(text, limit);
  if (/^\d+$/.test(text)) {
    const found = await findMember(text);
    return found ? [found] : [];
  }
  return MemberModel.find({ name: text }).sort({ _id: 1 }).limit(limit).lean<Member[]>();
}

/** The listing that narrows the walk most; null for the directory. */
async function listingFor(q: MemberListQuery): Promise<string | null> {
  if (q.tags?.length) return tagListing(q.tags[0]!);
  if (q.status && q.status !== 'active') return statusListing(q.status);
  if (q.storeIds?.length === 1) return storeListing(q.storeIds[0]!);
  const levelIds = await levelIdsOf(q);
  return levelIds?.length === 1 ? levelListing(levelIds[0]!) : null;
}

function pastRegistration(q: MemberListQuery, read: Array<{ member: Member | null }>): boolean {
  const to = q.registeredTo;
  return !!to && read.every(({ member }) => !member || new Date(member.createdAt) > to);
}

async function levelIdsOf(q: MemberListQuery): Promise<string[] | null> {
  if (!q.levels?.length) return null;
  const { levels } = await currentProgramme();
  return levels.filter((l) => q.levels!.includes(l.code)).map((l) => String(l._id));
}

async function membersOf(
  slots: Array<{ n: number; memberId: Types.ObjectId | null }>,
): Promise<Array<{ n: number; member: Member | null }>> {
  const ids = slots.flatMap((s) => (s.memberId ? [s.memberId] : []));
  const found = ids.length ? await MemberModel.find({ _id: { $in: ids } }).lean<Member[]>() : [];
  const byId = new Map(found.map((m) => [String(m._id), m]));
  const seen = new Set<string>();
  return slots.map(({ n, memberId }) => {
    const id = String(memberId);
    const member = !memberId || seen.has(id) ? null : (byId.get(id) ?? null);
    seen.add(id);
    return { n, member };
  });
}

/** Checks the whole filter on members read (tags in one query for all of them). */
async function acceptor(q: MemberListQuery): Promise<(members: Member[]) => Promise<boolean[]>> {
  const levelIds = await levelIdsOf(q);
  const stores = q.storeIds?.length ? new Set(q.storeIds) : null;
  return async (members) => {
    const tags = q.tags?.length ? await tagsOfMembers(members.map((m) => m._id as Types.ObjectId)) : null;
    return members.map(
      (m) =>
        (!levelIds || levelIds.includes(String(m.levelId))) &&
        (!stores || stores.has(String(m.registeredStoreId))) &&
        (!q.status || m.status === q.status) &&
        (!q.registeredFrom || new Date(m.createdAt) >= q.registeredFrom) &&
        (!q.registeredTo || new Date(m.createdAt) <= q.registeredTo) &&
        (!tags || q.tags!.every((t) => tags.get(String(m._id))?.has(t))),
    );
  };
}
