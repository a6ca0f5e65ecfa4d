// Segments: which active members a filter selects, and how many. A scan of the members (an admin action
// and a job, never a chat path); tags come from their own documents.
import { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { MemberModel, type Member } from '../models/member.js';
import { SegmentModel, type Segment, type SegmentFilter } from '../models/segment.js';
import { currentProgramme } from '../programme/programme-service.js';
import { membersTagged } from '../tags/tag-service.js';

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

export async function segmentSize(filter: SegmentFilter): Promise<number> {
  let size = 0;
  for await (const _ of membersIn(filter)) size++;
  return size;
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
