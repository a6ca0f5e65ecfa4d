// A member card in a member's WeChat card wallet (卡包): taken (user_get_card), activated for one of our
// members, deleted from the wallet. Keyed by the card's code, which WeChat gives each taken card.
import { Schema, model, type Types } from 'mongoose';

export type WechatCardStatus = 'taken' | 'active' | 'deleted';

export interface WechatCard {
  /** The card's code (UserCardCode): unique per card taken. */
  _id: string;
  cardId: string;
  openId: string;
  memberId: Types.ObjectId | null;
  status: WechatCardStatus;
  /** The ledger seq whose figures the card shows (sync never writes older ones). */
  syncedSeq: number;
  at: Date;
}

const wechatCardSchema = new Schema<WechatCard>(
  {
    _id: { type: String, required: true },
    cardId: { type: String, required: true },
    openId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, required: true },
    syncedSeq: { type: Number, default: 0 },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
// The sync finds a member's card, and a member asking 会员卡 their own.
wechatCardSchema.index({ memberId: 1 });
wechatCardSchema.index({ openId: 1 });

export const WechatCardModel = model<WechatCard>('WechatCard', wechatCardSchema, 'wechatcards');

/** The card template made from the programme: its WeChat card_id and the fingerprint of what it shows. */
export interface WechatCardTemplate {
  _id: 'member-card';
  cardId: string;
  fingerprint: string;
  at: Date;
}

export const WechatCardTemplateModel = model<WechatCardTemplate>(
  'WechatCardTemplate',
  new Schema<WechatCardTemplate>(
    {
      _id: { type: String, required: true },
      cardId: { type: String, required: true },
      fingerprint: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'wechatcardtemplates',
);
