// What each kind of ledger entry is called wherever a person reads it: chat replies, exports and the
// console (which imports this file too, so the doors never name an entry differently). No imports but a type.
import type { LedgerKind } from '../../domain/models/ledger-entry.js';

export const KIND_NAMES: Record<LedgerKind, string> = {
  recharge: '充值',
  consume: '消费',
  points_earn: '积分',
  points_adjust: '积分调整',
  points_redeem: '积分兑换',
  coupon_use: '用券',
  gift_redeem: '礼品兑换',
  checkin: '签到',
  count_card_sale: '购买次卡',
  count_card_use: '核次',
  referral_reward: '邀请奖励',
  points_expire: '积分过期',
  opening: '期初导入',
  reversal: '冲正',
};
