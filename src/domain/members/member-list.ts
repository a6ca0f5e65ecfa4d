// The member list a manager pages through: filters on level, tag, store, status, registration dates and
// text (name, phone or card number), in pages after a member id. FerretDB filters anything but an _id
// lookup in Go after reading the collection, so a page costs one pass over the members; tags come from
// their own documents first, which narrows the pass to the members who hold them.
import { Types } from 'mongoose';
import { toHalfWidth } from '../money.js';
import { MemberModel, type Member } from '../models/member.js';
import type { SegmentFilter } from '../models/segment.js';
import { memberQuery } from '../marketing/segments.js';

export interface MemberListQuery extends SegmentFilter {
  status?: Member['status'];
  /** Part of the name, or the start of the phone or card number. */
  text?: string;
  /** The last id of the previous page. */
  after?: string;
  limit: number;
}

export interface MemberPage {
  members: Member[];
  /** Give as `after` for the next page; null on the last. */
  next: string | null;
}

export async function listMembers(q: MemberListQuery): Promise<MemberPage> {
  const { query, tagged } = await memberQuery(q, q.status ?? null);
  if (tagged) {
    if (!tagged.size) return { members: [], next: null };
    query._id = { $in: [...tagged].map((id) => new Types.ObjectId(id)) };
  }
  if (q.after) query._id = { ...(query._id as object), $gt: new Types.ObjectId(q.after) };
  const text = q.text ? toHalfWidth(q.text).trim() : '';
  if (text) {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    query.$or = /^\d{3,}$/.test(text)
      ? [{ phone: { $regex: `^${escaped}` } }, { cardNumber: { $regex: `^${escaped}` } }]
      : [{ name: { $regex: escaped } }];
  }
  const members = await MemberModel.find(query)
    .sort({ _id: 1 })
    .limit(q.limit + 1)
    .lean<Member[]>();
  const page = members.slice(0, q.limit);
  return { members: page, next: members.length > q.limit ? String(page.at(-1)!._id) : null };
}
