// Member tallies: how many active members each cell holds — a cell is a tag (or none), a level, the store
// they registered at and their registration day — so a segment's size is a sum, not a pass over members.
//
// Every change is an insert, never an update (FerretDB's updates are not atomic guards):
// - "<memberId>#<k>" is the member's k-th tallied state (dense slots from 1): the cells it counts in now
//   and the cells of slot k-1 it leaves, so each slot is also the change it makes to the counts. Whoever
//   inserts slot k+1 first moves the member; a slot can never be counted twice or half.
// - Folds sum the slots of closed minutes into per-group counts ("<through>|<group>"), written only for
//   groups that changed; "tally-folds/<through>" is inserted last and makes them the current figures.
import { Schema, model, type Types } from 'mongoose';

export interface TallySlot {
  _id: string;
  memberId: Types.ObjectId;
  /** The cells the member counts in from this slot on (none when not active). */
  cells: string[];
  /** The previous slot's cells, which the member leaves. */
  minus: string[];
  /** The Beijing minute it was written in (YYYY-MM-DDTHH:mm), the unit folds close. */
  minute: string;
  /** Its day, for reading many closed days at once. */
  day: string;
}

export const TallySlotModel = model<TallySlot>(
  'TallySlot',
  new Schema<TallySlot>(
    {
      _id: { type: String, required: true },
      memberId: { type: Schema.Types.ObjectId, required: true },
      cells: { type: [String], default: [] },
      minus: { type: [String], default: [] },
      minute: { type: String, required: true, index: true },
      day: { type: String, required: true, index: true },
    },
    { versionKey: false },
  ),
  'tally-slots',
);

export interface TallyGroup {
  /** "<through>|<group>" */
  _id: string;
  /** The tag the group counts ("" for every active member). */
  tag: string;
  /** JSON [tag, levelId, storeId] ("" for none). */
  group: string;
  /** The last minute folded in. */
  through: string;
  /** Active members by registration day (YYYY-MM-DD). */
  counts: Record<string, number>;
}

const groupSchema = new Schema<TallyGroup>(
  {
    _id: { type: String, required: true },
    tag: { type: String, default: '' },
    group: { type: String, required: true },
    through: { type: String, required: true },
    counts: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
// A size reads one tag's groups; a fold removes a group's versions it replaced, or ones a clock set ahead
// wrote.
groupSchema.index({ tag: 1 });
groupSchema.index({ group: 1, through: 1 });
groupSchema.index({ through: 1 });

export const TallyGroupModel = model<TallyGroup>('TallyGroup', groupSchema, 'tally-groups');

export interface TallyFold {
  /** The last minute folded in (YYYY-MM-DDTHH:mm): the groups' versions up to it are the figures. */
  _id: string;
  at: Date;
}

export const TallyFoldModel = model<TallyFold>(
  'TallyFold',
  new Schema<TallyFold>(
    { _id: { type: String, required: true }, at: { type: Date, required: true } },
    { versionKey: false },
  ),
  'tally-folds',
);

/**
 * A change to what a member counts in, under way: inserted before the member is written and removed once
 * their tally follows. One left behind (a crash, a failed retally) is retallied by the fold job.
 */
export interface TallyPending {
  /** "<memberId>:<random>", one per change, so one change never clears another's. */
  _id: string;
  memberId: Types.ObjectId;
  at: Date;
}

export const TallyPendingModel = model<TallyPending>(
  'TallyPending',
  new Schema<TallyPending>(
    {
      _id: { type: String, required: true },
      memberId: { type: Schema.Types.ObjectId, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'tally-pending',
);
