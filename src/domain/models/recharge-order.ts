// An online recharge (线上充值) paid through WeChat Pay: stored before WeChat Pay hears of it, keyed by
// out_trade_no (made from the request's idempotency key, so a repeated tap finds the same order). The
// money reaches the balance only as a ledger entry keyed by the order; this document says where it stands.
import { Schema, model, type Types } from 'mongoose';

export type RechargeOrderStatus = 'created' | 'paid' | 'closed' | 'refunding' | 'refunded' | 'refund_failed';

export interface RechargeOrder {
  /** out_trade_no. */
  _id: string;
  memberId: Types.ObjectId;
  amountFen: number;
  /** The programme's bonus tier as of the order: what is credited with it, whatever the tiers are later. */
  bonusFen: number;
  status: RechargeOrderStatus;
  /** JSAPI (inside WeChat, with the payer's openid) or Native (a QR code anywhere else). */
  kind: 'jsapi' | 'native';
  openid: string | null;
  prepayId: string | null;
  codeUrl: string | null;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  transactionId: string | null;
  /** The recharge entry that credited it. */
  entryNo: string | null;
  /** 退款: its out_refund_no, the entry that took it off the card, and the request that asked for it. */
  refund?: { outRefundNo: string; reason: string; entryNo: string; requestKey: string; at: Date } | null;
}

const rechargeOrderSchema = new Schema<RechargeOrder>(
  {
    _id: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    amountFen: { type: Number, required: true },
    bonusFen: { type: Number, required: true },
    status: { type: String, required: true },
    kind: { type: String, required: true },
    openid: { type: String, default: null },
    prepayId: { type: String, default: null },
    codeUrl: { type: String, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    paidAt: { type: Date, default: null },
    transactionId: { type: String, default: null },
    entryNo: { type: String, default: null },
    refund: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false },
);
// Reconciliation visits the orders still open, oldest first.
rechargeOrderSchema.index({ status: 1, createdAt: 1 });
// 退款 names the recharge by its 流水号; its notify, by out_refund_no.
rechargeOrderSchema.index({ entryNo: 1 });
rechargeOrderSchema.index({ 'refund.outRefundNo': 1 });

export const RechargeOrderModel = model<RechargeOrder>(
  'RechargeOrder',
  rechargeOrderSchema,
  'rechargeorders',
);
