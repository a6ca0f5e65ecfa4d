// One change of a member's balance or points. Append-only: a mistake is undone by a reversal entry.
import { Schema, model, type Types } from 'mongoose';

export const LEDGER_KINDS = [
  'recharge',
  'consume',
  'points_earn',
  'points_adjust',
  'points_redeem',
  'coupon_use',
  'gift_redeem',
  'checkin',
  'reversal',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  /** Ledger number (流水号) that people quote, e.g. for 冲正. */
  no: string;
  /** The effect's exactly-once key; equal to requestKey except for reversals ("reversal:<no>"). */
  key: string;
  /** The caller's idempotency key (message id or Idempotency-Key header), scoped by channel. */
  requestKey: string;
  /** Hash of what was asked, so a key reused for a different request is refused. */
  fingerprint: string;
  kind: LedgerKind;
  memberId: Types.ObjectId;
  /**
   * Position in the member's chain of entries (1, 2, 3…). The unique (memberId, seq) index is the commit
   * point of every change: of two writers planning the same next entry, exactly one insert succeeds.
   */
  seq: number;
  balanceDeltaFen: number;
  pointsDelta: number;
  /** Change of cumulative spend (for levels and reports). */
  spendDeltaFen: number;
  balanceAfterFen: number;
  pointsAfter: number;
  spendAfterFen: number;
  /** Kind-specific figures shown on receipts: original amount, discount, bonus, coupon, paid in cash… */
  details: Record<string, unknown>;
  reversesNo?: string;
  storeId?: Types.ObjectId | null;
  staffId?: Types.ObjectId | null;
  channel: string;
  note?: string;
  at: Date;
  day: string;
  month: string;
}

const ledgerEntryFields = {
  no: { type: String, required: true },
  key: { type: String, required: true },
  requestKey: { type: String, required: true },
  fingerprint: { type: String, required: true },
  kind: { type: String, enum: LEDGER_KINDS, required: true },
  memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
  seq: { type: Number, required: true },
  balanceDeltaFen: { type: Number, required: true },
  pointsDelta: { type: Number, required: true },
  spendDeltaFen: { type: Number, required: true, default: 0 },
  balanceAfterFen: { type: Number, required: true },
  pointsAfter: { type: Number, required: true },
  spendAfterFen: { type: Number, required: true, default: 0 },
  details: { type: Schema.Types.Mixed, default: {} },
  reversesNo: String,
  storeId: { type: Schema.Types.ObjectId, ref: 'Store', default: null },
  staffId: { type: Schema.Types.ObjectId, ref: 'Staff', default: null },
  channel: { type: String, required: true },
  note: String,
  at: { type: Date, required: true },
  day: { type: String, required: true },
  month: { type: String, required: true },
} as const;

const ledgerEntrySchema = new Schema<LedgerEntry>(ledgerEntryFields, { minimize: false });
ledgerEntrySchema.index({ key: 1 }, { unique: true });
ledgerEntrySchema.index({ requestKey: 1 }, { unique: true });
ledgerEntrySchema.index({ no: 1 }, { unique: true });
ledgerEntrySchema.index({ memberId: 1, seq: 1 }, { unique: true });
ledgerEntrySchema.index({ storeId: 1, day: 1 });
ledgerEntrySchema.index({ at: 1 });

export const LedgerEntryModel = model<LedgerEntry>('LedgerEntry', ledgerEntrySchema);
