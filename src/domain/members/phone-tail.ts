// 手机尾号: the members whose phone ends in four digits. Each member keeps its phone's last four digits in
// `phoneTail`, which an index serves on MongoDB and, through our FerretDB build's pushdown, on SQLite and
// PostgreSQL too: a lookup reads the hundred-odd members of one tail among a million, never them all.
import type { Types } from 'mongoose';
import { insertOnce } from '../insert-once.js';
import { MemberKeyModel } from '../models/member-key.js';
import { MemberModel, type Member } from '../models/member.js';
import { offThePath } from '../off-the-path.js';

export const TAIL_DIGITS = 4;
export const isPhoneTail = (text: string) => /^\d{4}$/.test(text);
export const phoneTailOf = (phone: string) => phone.slice(-TAIL_DIGITS);

/** The members whose phone ends in `tail` now, at most `limit` of them, oldest first. */
export function membersWithPhoneTail(tail: string, limit = 20): Promise<Member[]> {
  return MemberModel.find({ phoneTail: tail }).sort({ _id: 1 }).limit(limit).lean<Member[]>();
}

const BACKFILLED = 'phoneTail:backfilled';

/** Members from before the field existed get theirs: one pass over the members, once, off start-up. */
export function backfillPhoneTails(): Promise<void> {
  return offThePath('phone tail backfill', async () => {
    if (await MemberKeyModel.exists({ _id: BACKFILLED })) return;
    const cursor = MemberModel.find({}, { phone: 1, phoneTail: 1 }).lean<Member[]>().cursor();
    for await (const m of cursor) {
      const member = m as Member;
      if (member.phoneTail !== phoneTailOf(member.phone))
        await MemberModel.updateOne(
          { _id: member._id as Types.ObjectId },
          { $set: { phoneTail: phoneTailOf(member.phone) } },
        );
    }
    await insertOnce(MemberKeyModel, { _id: BACKFILLED, memberId: null });
  });
}
