// Segments (会员分群): a named filter on level, tags, store and registration dates, used by campaigns.
// Campaigns: a segment, an optional coupon and a message, sent once per member through the notice queue.
import { Schema, model, type Types } from 'mongoose';

export interface SegmentFilter {
  /** Level codes; empty or absent means any level. */
  levels?: string[];
  /** The member holds every one of these (manual or automatic). */
  tags?: string[];
  /** Registered at one of these stores (ids). */
  storeIds?: string[];
  registeredFrom?: Date;
  registeredTo?: Date;
}

export interface Segment {
  _id: Types.ObjectId;
  name: string;
  filter: SegmentFilter;
  createdAt: Date;
}

export const SegmentModel = model<Segment>(
  'Segment',
  new Schema<Segment>(
    {
      name: { type: String, required: true },
      filter: { type: Schema.Types.Mixed, required: true },
    },
    { timestamps: { createdAt: true, updatedAt: false }, minimize: false },
  ),
  'segments',
);

export const CAMPAIGN_STATES = ['scheduled', 'running', 'done'] as const;

export interface CampaignCounts {
  members: number;
  /** Notices stored for members (each is delivered by its channel's queue). */
  notified: number;
  /** Members with no chat account to tell (the coupon, if any, is in their wallet all the same). */
  unreachable?: number;
  couponsIssued: number;
  /** Members the coupon could not go to (quota reached, their limit). */
  couponRefused: number;
}

export interface Campaign {
  /** A hash of the creating request's Idempotency-Key, so a repeated request finds the same campaign. */
  _id: string;
  name: string;
  segmentId: Types.ObjectId;
  templateId?: Types.ObjectId | null;
  message: string;
  /** A business day (YYYY-MM-DD) the daily care job starts it on (holiday care); unset: at once. */
  sendOn?: string | null;
  state: (typeof CAMPAIGN_STATES)[number];
  progress: number;
  counts: CampaignCounts;
  createdAt: Date;
  finishedAt?: Date | null;
}

const campaignSchema = new Schema<Campaign>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    segmentId: { type: Schema.Types.ObjectId, required: true },
    templateId: { type: Schema.Types.ObjectId, default: null },
    message: { type: String, required: true },
    sendOn: { type: String, default: null },
    state: { type: String, enum: CAMPAIGN_STATES, required: true },
    progress: { type: Number, default: 0 },
    counts: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
// A console lists a segment's campaigns, newest first.
campaignSchema.index({ segmentId: 1, createdAt: -1 });

export const CampaignModel = model<Campaign>('Campaign', campaignSchema, 'campaigns');
