// Segments: which active members a filter selects (a pass over the members, for a campaign's job; tags
// come from their own documents), and how many (from the member tallies, at any size).
import { Types } from 'mongoose';
import { businessDay, endOfBusinessDay, startOfBusinessDay } from '../clock.js';
import { DomainError } from '../errors.js';
import { MemberModel, type Member } from '../models/member.js';
import { SegmentModel, type Segment, type SegmentFilter } from '../models/segment.js';
import { currentProgramme } from '../programme/programme-service.js';
import { membersTagged } from '../tags/tag-service.js';
import { ALL_MEMBERS } from '../tallies/tally-cells.js';
import { countTallied } from '../tallies/tally-fold.js';

export async function createSegment(name: string, filter: SegmentFilter): Promise<Segment> {
  await checkFilter(filter);
  return (await SegmentModel.create({ name, filter })).toObject<Segment>();
}

export async function requireSegment(id: string): Promise<Segment> {
  const segment = Types.ObjectId.isValid(id) ? await SegmentModel.findById(id).lean<Segment>() : null;
  if (!segment) throw new DomainError('SEGMENT_NOT_FOUND', 'no such segment');
  return segment;
}

export const listSegments = () => SegmentModel.find().sort({ _id: 1 }).lean<Segment[]>();

async function checkFilter(filter: SegmentFilter): Promise<void> {
  const codes = new Set((await currentProgramme()).levels.map((l) => l.code));
  const unknown = (filter.levels ?? []).filter((c) => !codes.has(c));
  if (unknown.length) throw new DomainError('LEVEL_NOT_FOUND', `no level ${unknown.join(', ')}`);
}

/** The database query for a filter, and the members its tags allow (null: any). */
export async function memberQuery(
  filter: SegmentFilter,
  status: Member['status'] | null = 'active',
): Promise<{ query: Record<string, unknown>; tagged: Set<string> | null }> {
  const { levels } = await currentProgramme();
  const query: Record<string, unknown> = status ? { status } : {};
  if (filter.levels?.length) {
    query.levelId = { $in: levels.filter((l) => filter.levels!.includes(l.code)).map((l) => l._id) };
  }
  if (filter.storeIds?.length)
    query.registeredStoreId = { $in: filter.storeIds.map((s) => new Types.ObjectId(s)) };
  if (filter.registeredFrom || filter.registeredTo) {
    query.createdAt = {
      ...(filter.registeredFrom ? { $gte: new Date(filter.registeredFrom) } : {}),
      ...(filter.registeredTo ? { $lte: new Date(filter.registeredTo) } : {}),
    };
  }
  return { query, tagged: filter.tags?.length ? await membersTagged(filter.tags) : null };
}

/** The active members the filter selects, one at a time. */
export async function* membersIn(filter: SegmentFilter): AsyncGenerator<Member> {
  const { query, tagged } = await memberQuery(filter);
  if (tagged && tagged.size === 0) return;
  for await (const member of MemberModel.find(query).sort({ _id: 1 }).lean<Member>().cursor()) {
    if (!tagged || tagged.has(String(member._id))) yield member as Member;
  }
}

/**
 * How many active members the filter selects: summed from the member tallies when they hold its
 * dimensions (one tag or none, whole business days), else counted member by member.
 */
export async function segmentSize(filter: SegmentFilter): Promise<number> {
  const tallied = await talliedCount(filter);
  if (tallied !== null) return tallied;
  let size = 0;
  for await (const _ of membersIn(filter)) size++;
  return size;
}

const wholeDayFrom = (at: Date) => startOfBusinessDay(businessDay(at)).getTime() === at.getTime();
const wholeDayTo = (at: Date) => endOfBusinessDay(at).getTime() === at.getTime();

async function talliedCount(filter: SegmentFilter): Promise<number | null> {
  const [from, to] = [filter.registeredFrom, filter.registeredTo].map((d) => (d ? new Date(d) : null));
  if ((filter.tags?.length ?? 0) > 1 || (from && !wholeDayFrom(from)) || (to && !wholeDayTo(to))) return null;
  const { levels } = await currentProgramme();
  const levelIds = filter.levels?.length
    ? new Set(levels.filter((l) => filter.levels!.includes(l.code)).map((l) => String(l._id)))
    : null;
  // As the cells write them (lower-case hex), whatever case the filter came in.
  const storeIds = filter.storeIds?.length
    ? new Set(filter.storeIds.map((s) => String(new Types.ObjectId(s))))
    : null;
  const [fromDay, toDay] = [from && businessDay(from), to && businessDay(to)];
  return countTallied(
    filter.tags?.[0] ?? ALL_MEMBERS,
    (c) =>
      (!levelIds || levelIds.has(c.levelId)) &&
      (!storeIds || storeIds.has(c.storeId)) &&
      (!fromDay || c.day >= fromDay) &&
      (!toDay || c.day <= toDay),
  );
}

/**
 * A filter narrowed to the stores someone acts for (scope from staff/roles.ts): a store manager's reaches
 * the members registered at their stores only, and naming another store is refused; 总部's is as given.
 */
export function filterWithinStores(
  filter: SegmentFilter,
  scope: readonly Types.ObjectId[] | null,
): SegmentFilter {
  if (scope === null) return filter;
  const mine = scope.map(String);
  const asked = filter.storeIds ?? [];
  const outside = asked.filter((s) => !mine.includes(s));
  if (!mine.length || outside.length) {
    throw new DomainError('NOT_STAFF_OF_STORE', 'you do not work for that store', { storeIds: outside });
  }
  return { ...filter, storeIds: asked.length ? asked : mine };
}

/** True when a saved filter reaches only members of stores in scope. */
export function filterIsWithin(filter: SegmentFilter, scope: readonly Types.ObjectId[] | null): boolean {
  if (scope === null) return true;
  const mine = scope.map(String);
  return !!filter.storeIds?.length && filter.storeIds.every((s) => mine.includes(s));
}
