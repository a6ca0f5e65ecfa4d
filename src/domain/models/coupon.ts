// Coupon templates (what a coupon is worth and to whom) and coupons (one SN each).
import { Schema, model, type Types } from 'mongoose';

export const COUPON_ATTRIBUTES = ['ordinary', 'marketing', 'care'] as const;
export const COUPON_TYPES = ['discount', 'cash', 'gift'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];
export type CouponStatus = 'active' | 'used' | 'expired' | 'void';

export interface CouponTemplate {
  _id: Types.ObjectId;
  name: string;
  attribute: (typeof COUPON_ATTRIBUTES)[number];
  type: CouponType;
  /** cash: the amount off, in fen. */
  valueFen: number;
  /** discount: percent paid, e.g. 90 = 9折. */
  discountPercent: number;
  /** gift: what the member collects. */
  giftName?: string;
  minSpendFen: number;
  /** Fixed validity, or `validDays` after issue. */
  validFrom?: Date | null;
  validTo?: Date | null;
  validDays?: number | null;
  /** Stores where it may be used; empty means all. */
  storeIds: Types.ObjectId[];
  totalQuota?: number | null;
  perMemberLimit?: number | null;
  /** Members claim it themselves (领券 <编号>) with this number; unset means it is only issued. */
  claimCode?: string | null;
  /** Level codes that may claim it; empty means every member. */
  audienceLevels: string[];
  /** Tags of which a member must hold one to claim it; empty means no tag is needed. */
  audienceTags?: string[];
  /** The campaign window in which it can be claimed. */
  claimFrom?: Date | null;
  claimTo?: Date | null;
  createdAt: Date;
}

const couponTemplateSchema = new Schema<CouponTemplate>(
  {
    name: { type: String, required: true },
    attribute: { type: String, enum: COUPON_ATTRIBUTES, default: 'ordinary' },
    type: { type: String, enum: COUPON_TYPES, required: true },
    valueFen: { type: Number, default: 0, min: 0 },
    discountPercent: { type: Number, default: 100, min: 1, max: 100 },
    giftName: String,
    minSpendFen: { type: Number, default: 0, min: 0 },
    validFrom: { type: Date, default: null },
    validTo: { type: Date, default: null },
    validDays: { type: Number, default: null },
    storeIds: { type: [Schema.Types.ObjectId], default: [] },
    totalQuota: { type: Number, default: null },
    perMemberLimit: { type: Number, default: null },
    claimCode: { type: String, default: null },
    audienceLevels: { type: [String], default: [] },
    audienceTags: { type: [String], default: [] },
    claimFrom: { type: Date, default: null },
    claimTo: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const CouponTemplateModel = model<CouponTemplate>('CouponTemplate', couponTemplateSchema);

export interface Coupon {
  /** The SN: every lookup is by _id. */
  _id: string;
  templateId: Types.ObjectId;
  name: string;
  type: CouponType;
  valueFen: number;
  discountPercent: number;
  giftName?: string;
  minSpendFen: number;
  storeIds: Types.ObjectId[];
  memberId?: Types.ObjectId | null;
  /** A projection of the coupon's events; the events decide. */
  status: CouponStatus;
  validFrom: Date;
  expiresAt: Date;
  issuedAt: Date;
  usedAt?: Date | null;
  usedEntryNo?: string | null;
}

const couponSchema = new Schema<Coupon>(
  {
    _id: { type: String, required: true },
    templateId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    type: { type: String, enum: COUPON_TYPES, required: true },
    valueFen: { type: Number, default: 0 },
    discountPercent: { type: Number, default: 100 },
    giftName: String,
    minSpendFen: { type: Number, default: 0 },
    storeIds: { type: [Schema.Types.ObjectId], default: [] },
    memberId: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, default: 'active' },
    validFrom: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    issuedAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedEntryNo: { type: String, default: null },
  },
  { versionKey: false },
);

// Expiry sweeps (status and date) and a template's issued coupons.
couponSchema.index({ status: 1, expiresAt: 1 });
couponSchema.index({ templateId: 1 });
export const CouponModel = model<Coupon>('Coupon', couponSchema);

/**
 * What happened to a coupon, one document per happening with _id "<sn>:<kind>": inserting it is the
 * atomic step (a coupon is claimed or used once), the coupon's status is then written from it.
 */
export interface CouponEvent {
  _id: string;
  sn: string;
  kind: 'claim' | 'use' | 'void' | 'pickup' | 'remind';
  memberId?: Types.ObjectId | null;
  /** For a use: the idempotency key of the ledger entry it belongs to. */
  ledgerKey?: string;
  /** For a pickup: where and by whom the gift was handed over. */
  storeId?: Types.ObjectId | null;
  staffName?: string;
  at: Date;
}

const couponEventSchema = new Schema<CouponEvent>(
  {
    _id: { type: String, required: true },
    sn: { type: String, required: true },
    kind: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    ledgerKey: String,
    storeId: { type: Schema.Types.ObjectId, default: null },
    staffName: String,
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const CouponEventModel = model<CouponEvent>('CouponEvent', couponEventSchema);

/** The SNs a member holds, so that 我的券 is a handful of lookups by _id. */
export interface CouponWallet {
  _id: Types.ObjectId;
  sns: string[];
}

export const CouponWalletModel = model<CouponWallet>(
  'CouponWallet',
  new Schema<CouponWallet>(
    { _id: Schema.Types.ObjectId, sns: { type: [String], default: [] } },
    { versionKey: false },
  ),
);

/** A claimable template's number (领券 <编号>), unique by _id: FerretDB has no sparse unique index. */
export interface ClaimCode {
  _id: string;
  templateId: Types.ObjectId;
}

export const ClaimCodeModel = model<ClaimCode>(
  'ClaimCode',
  new Schema<ClaimCode>(
    { _id: { type: String, required: true }, templateId: { type: Schema.Types.ObjectId, required: true } },
    { versionKey: false },
  ),
  'claimcodes',
);
