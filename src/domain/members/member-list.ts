// The member list a manager pages through. Unfiltered it walks the member directory (registration order,
// lookups by _id only, as fast at any size). With filters — level, tag, store, status, registration dates,
// text on name, phone or card number — it pages after a member id; FerretDB filters anything but an _id
// lookup in Go after reading the collection, so such a page costs one pass over the members (a tag
// narrows the pass to the members holding it first).
import { Types } from 'mongoose';
import { toHalfWidth } from '../money.js';
import { MemberModel, type Member } from '../models/member.js';
import type { SegmentFilter } from '../models/segment.js';
import { memberQuery } from '../marketing/segments.js';
import { directoryPage } from './member-directory.js';
import { isPhoneTail, membersWithPhoneTail } from './phone-tail.js';

export interface MemberListQuery extends SegmentFilter {
  status?: Member['status'];
  /** The start of the name, phone or card number, or the phone's last four digits. */
  text?: string;
  /** The previous page's `next`: a directory slot unfiltered, a member id with filters. */
  after?: string;
  limit: number;
}

export interface MemberPage {
  members: Member[];
  /** Give as `after` for the next page; null on the last. */
  next: string | null;
}

export async function listMembers(q: MemberListQuery): Promise<MemberPage> {
  const filtered =
    q.levels?.length ||
    q.tags?.length ||
    q.storeIds?.length ||
    q.registeredFrom ||
    q.registeredTo ||
    q.status ||
    q.text;
  // Unfiltered, in registration order, through the directory: lookups by _id only, at any size.
  if (!filtered) return directoryPage(q.after && /^\d+$/.test(q.after) ? Number(q.after) : 0, q.limit);
  // 手机尾号: four digits are the end of a phone, found through the tail slots (lookups by _id only).
  const tail = q.text ? toHalfWidth(q.text).trim() : '';
  if (isPhoneTail(tail)) {
    const members = (await membersWithPhoneTail(tail, q.limit)).filter(
      (m) =>
        (!q.status || m.status === q.status) &&
        (!q.storeIds?.length || q.storeIds.includes(String(m.registeredStoreId))),
    );
    return { members, next: null };
  }
  const { query, tagged } = await memberQuery(q, q.status ?? null);
  if (tagged) {
    if (!tagged.size) return { members: [], next: null };
    query._id = { $in: [...tagged].map((id) => new Types.ObjectId(id)) };
  }
  if (q.after && Types.ObjectId.isValid(q.after))
    query._id = { ...(query._id as object), $gt: new Types.ObjectId(q.after) };
  const text = q.text ? toHalfWidth(q.text).trim() : '';
  if (text) {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    query.$or = /^\d{3,}$/.test(text)
      ? [{ phone: { $regex: `^${escaped}` } }, { cardNumber: { $regex: `^${escaped}` } }]
      : [{ name: { $regex: `^${escaped}` } }]; // from the start, so the name index serves it
  }
  const members = await MemberModel.find(query)
    .sort({ _id: 1 })
    .limit(q.limit + 1)
    .lean<Member[]>();
  const page = members.slice(0, q.limit);
  return { members: page, next: members.length > q.limit ? String(page.at(-1)!._id) : null };
}
