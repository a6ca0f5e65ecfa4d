// A member's card: identity, level and the money and points it holds.
import { now } from '../clock.js';
import { Schema, model, type Types } from 'mongoose';

export const MEMBER_STATUSES = ['active', 'frozen'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export interface Member {
  _id: Types.ObjectId;
  cardNumber: string;
  phone: string;
  phoneTail?: string;
  name?: string;
  gender?: 'male' | 'female';
  birthday?: string;
  address?: string;
  customFields: Record<string, string>;
  levelId?: Types.ObjectId | null;
  balanceFen: number;
  points: number;
  totalSpendFen: number;
  status: MemberStatus;
  /** Why, by whom and when the card was frozen (kept after unfreezing as the last freeze). */
  frozen?: { reason: string; by: string; at: Date } | null;
  registeredStoreId?: Types.ObjectId | null;
  registeredChannel?: string;
  /** scrypt hash of the card password ("salt:hash", hex), for binding by card number. */
  cardPasswordHash?: string | null;
  /**
   * balanceFen, points and totalSpendFen are a projection of the ledger: the after-values of entry `seq`.
   * The ledger is the truth; a projection left behind by a crash is rolled forward from it.
   */
  seq: number;
  /**
   * Uses left on each count card (card id → uses), part of the same projection: the after-values of entry
   * `seq`, which carries the whole map, so the card and the chain can never disagree about one card.
   */
  countCards?: Record<string, number>;
  createdAt: Date;
}

const memberSchema = new Schema<Member>(
  {
    cardNumber: { type: String, required: true, unique: true },
    phone: { type: String, required: true, unique: true },
    /** The phone's last four digits (手机尾号), for the cashier's lookup. */
    phoneTail: { type: String, index: true },
    name: { type: String, trim: true },
    gender: { type: String, enum: ['male', 'female'] },
    birthday: String,
    address: String,
    customFields: { type: Schema.Types.Mixed, default: {} },
    levelId: { type: Schema.Types.ObjectId, ref: 'Level', default: null },
    balanceFen: { type: Number, required: true, default: 0, min: 0 },
    points: { type: Number, required: true, default: 0, min: 0 },
    totalSpendFen: { type: Number, required: true, default: 0 },
    status: { type: String, enum: MEMBER_STATUSES, default: 'active' },
    frozen: { type: { reason: String, by: String, at: Date, _id: false }, default: null },
    registeredStoreId: { type: Schema.Types.ObjectId, ref: 'Store', default: null },
    registeredChannel: String,
    cardPasswordHash: { type: String, default: null },
    seq: { type: Number, required: true, default: 0 },
    countCards: { type: Schema.Types.Mixed, default: {} },
  },
  // Registration is stamped by the domain's clock, like the ledger's days it is reported beside.
  { timestamps: { createdAt: true, updatedAt: false, currentTime: () => now() }, minimize: false },
);
// What the member list, segments, reports and jobs filter by (a real MongoDB's plan; see index-coverage.ts).
memberSchema.index({ name: 1 });
memberSchema.index({ levelId: 1 });
memberSchema.index({ status: 1, levelId: 1 });
memberSchema.index({ registeredStoreId: 1, createdAt: 1 });
memberSchema.index({ createdAt: 1 });

export const MemberModel = model<Member>('Member', memberSchema);
