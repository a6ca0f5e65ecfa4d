// Members from before the tallies existed get their first slot: one pass over the members and their tags,
// once per database, off start-up, then a fold. A member changed meanwhile keeps the slot its own change
// wrote (it saw a newer state), so the pass can never count an old one.
import type { Types } from 'mongoose';
import { insertOnce } from '../insert-once.js';
import { MemberModel } from '../models/member.js';
import { MemberTagsModel, type MemberTags } from '../models/member-tags.js';
import { TallySlotModel } from '../models/member-tally.js';
import { offThePath } from '../off-the-path.js';
import { tallyNewMembers } from './member-tally.js';
import { TALLIED_FIELDS, type TalliedMember } from './tally-cells.js';
import { foldTallies } from './tally-fold.js';

/** A slot that counts nowhere and marks the pass done (its empty minute is in no fold's span). */
const BACKFILLED = { _id: 'backfilled', cells: [], minus: [], minute: '', day: '' };
const BATCH = 1000;

export function backfillTallies(): Promise<void> {
  return offThePath('tallies backfill', async () => {
    if (!(await TallySlotModel.exists({ _id: BACKFILLED._id }))) {
      const tags = new Map<string, string[]>();
      for await (const doc of MemberTagsModel.find({}, { memberId: 1, tags: 1 })
        .lean<MemberTags>()
        .cursor()) {
        const t = doc as MemberTags;
        tags.set(String(t.memberId), [...(tags.get(String(t.memberId)) ?? []), ...t.tags]);
      }
      type Row = TalliedMember & { _id: Types.ObjectId };
      const batch: Row[] = [];
      const write = (rows: Row[]) =>
        tallyNewMembers(rows.map((member) => ({ member, tags: tags.get(String(member._id)) ?? [] })));
      for await (const doc of MemberModel.find({}, TALLIED_FIELDS).lean<Row>().cursor()) {
        batch.push(doc as Row);
        if (batch.length === BATCH) await write(batch.splice(0));
      }
      await write(batch);
      await insertOnce(TallySlotModel, BACKFILLED);
    }
    await foldTallies();
  });
}
