// One change of a member's balance or points. Append-only: a mistake is undone by a reversal entry.
import { Schema, model, type Types } from 'mongoose';
import type { Actor } from './audit-log.js';

export const LEDGER_KINDS = [
  'recharge',
  'consume',
  'points_earn',
  'points_adjust',
  'points_redeem',
  'coupon_use',
  'gift_redeem',
  'checkin',
  'count_card_sale',
  'count_card_use',
  'referral_reward',
  'points_expire',
  'opening',
  'reversal',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  /**
   * "<memberId>:<seq>": the entry's slot in the member's chain. Inserting it is the commit point of every
   * change, and every lookup the hot paths make (history, roll-forward) is by this _id, the only filter
   * FerretDB v1 on SQLite answers without scanning the whole collection.
   */
  _id: string;
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
  /** Position in the member's chain of entries: 1, 2, 3… */
  seq: number;
  balanceDeltaFen: number;
  pointsDelta: number;
  /** Change of cumulative spend (for levels and reports). */
  spendDeltaFen: number;
  balanceAfterFen: number;
  pointsAfter: number;
  spendAfterFen: number;
  /**
   * Uses left on every count card of the member after this entry (card id → uses); present once the
   * member holds a card, so the newest entry alone brings the projection up to date.
   */
  countCardsAfter?: Record<string, number>;
  /** Kind-specific figures shown on receipts: original amount, discount, bonus, coupon, paid in cash… */
  details: Record<string, unknown>;
  reversesNo?: string;
  storeId?: Types.ObjectId | null;
  staffId?: Types.ObjectId | null;
  channel: string;
  /** Who asked, from which chat and message: the entry is the audit record of a money change. */
  actor: Actor;
  note?: string;
  at: Date;
  day: string;
  month: string;
}

const ledgerEntryFields = {
  _id: { type: String, required: true },
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
  countCardsAfter: { type: Schema.Types.Mixed, default: undefined },
  details: { type: Schema.Types.Mixed, default: {} },
  reversesNo: String,
  storeId: { type: Schema.Types.ObjectId, ref: 'Store', default: null },
  staffId: { type: Schema.Types.ObjectId, ref: 'Staff', default: null },
  channel: { type: String, required: true },
  actor: { type: Schema.Types.Mixed, required: true },
  note: String,
  at: { type: Date, required: true },
  day: { type: String, required: true },
  month: { type: String, required: true },
} as const;

const ledgerEntrySchema = new Schema<LedgerEntry>(ledgerEntryFields, { minimize: false });

export function slotId(memberId: Types.ObjectId | string, seq: number): string {
  return `${String(memberId)}:${seq}`;
}
// Enforced by the engine at insert time, so a key can never apply twice even if its ledgerindex record
// was lost; looked up through ledgerindex, since FerretDB does not use these indexes for queries.
ledgerEntrySchema.index({ key: 1 }, { unique: true });
ledgerEntrySchema.index({ requestKey: 1 }, { unique: true });
ledgerEntrySchema.index({ no: 1 }, { unique: true });
// Reports (by store, day and month), a member's totals, the auto-tag job and the count-card audit.
ledgerEntrySchema.index({ memberId: 1, kind: 1 });
ledgerEntrySchema.index({ storeId: 1, day: 1 });
// A day's entries by kind: the hourly ledger check reads the last two days but an import's openings (an
// import day holds a million of them), and a day's reads use its prefix. Replaced { day: 1 }.
ledgerEntrySchema.index({ day: 1, kind: 1 });
ledgerEntrySchema.index({ month: 1, storeId: 1 });
ledgerEntrySchema.index({ kind: 1, at: 1 });
ledgerEntrySchema.index({ 'details.countCardId': 1 }, { sparse: true });

export const LedgerEntryModel = model<LedgerEntry>('LedgerEntry', ledgerEntrySchema);
