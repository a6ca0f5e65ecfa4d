// 我的券: the coupons in the member's wallet, and the gifts waiting to be picked up.
import { walletOf } from '../../domain/coupons/coupon-wallet.js';
import { listStores } from '../../domain/stores/store-service.js';
import type { Handler } from '../conversation.js';
import { text } from '../types.js';
import { NOT_BOUND, walletReply } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

const showWallet: Handler = async ({ member }) => {
  if (!member) return [text(NOT_BOUND)];
  const { usable, toPickUp } = await walletOf(member._id);
  return [text(walletReply(usable, toPickUp, await listStores()))];
};

export const coupons: MemberIntentSpec = {
  name: 'coupons',
  words: ['我的券', '我的优惠券', '优惠券', '卡券', '券', '代金券', '券包', 'coupons', '/coupons'],
  readOnly: true,
  handle: showWallet,
};
