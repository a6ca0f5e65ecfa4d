// Count cards (计次卡/套餐): a plan is what the counter sells (N uses of a service), a card is one sold to a
// member. The uses left are not stored here: they are kept like money, in the member's ledger chain.
import { Schema, model, type Types } from 'mongoose';

export interface CountCardPlan {
  /** The number staff type: 售次卡 <手机号> <编号>. */
  _id: string;
  name: string;
  /** The service one use is for, as staff name it in 核次 (e.g. 洗剪吹). */
  service: string;
  uses: number;
  priceFen: number;
  /** Days a card stays usable after it is sold; unset means no end. */
  validDays?: number | null;
  createdAt: Date;
}

export const CountCardPlanModel = model<CountCardPlan>(
  'CountCardPlan',
  new Schema<CountCardPlan>(
    {
      _id: { type: String, required: true },
      name: { type: String, required: true },
      service: { type: String, required: true },
      uses: { type: Number, required: true },
      priceFen: { type: Number, required: true },
      validDays: { type: Number, default: null },
      createdAt: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'countcardplans',
);

export interface CountCard {
  /** Made from the sale's idempotency key, so a repeated sale finds the same card. */
  _id: string;
  memberId: Types.ObjectId;
  planCode: string;
  name: string;
  service: string;
  /** Uses bought; what is left is the member's ledger projection `countCards[_id]`. */
  uses: number;
  soldAt: Date;
  expiresAt?: Date | null;
}

export const CountCardModel = model<CountCard>(
  'CountCard',
  new Schema<CountCard>(
    {
      _id: { type: String, required: true },
      memberId: { type: Schema.Types.ObjectId, required: true },
      planCode: { type: String, required: true },
      name: { type: String, required: true },
      service: { type: String, required: true },
      uses: { type: Number, required: true },
      soldAt: { type: Date, required: true },
      expiresAt: { type: Date, default: null },
    },
    { versionKey: false },
  ),
  'countcards',
);
