// 领券: the coupons this member may claim, and 领券 <编号> to claim one.
import { claimableFor, claimByCode } from '../../domain/coupons/claimable-coupons.js';
import type { Handler } from '../conversation.js';
import type { MemberIntentSpec } from './member-intent.js';
import { text } from '../types.js';
import { claimableReply, couponClaimedReply, NOT_BOUND } from '../templates/member-replies.js';

const claimCoupons: Handler = async (conv, args) => {
  if (!conv.member) return [text(NOT_BOUND)];
  const code = args.trim();
  if (!code) return [text(claimableReply(await claimableFor(conv.member)))];
  if (!/^\d{1,6}$/.test(code)) return [text('请发送「领券 编号」，如：领券 1。发送「领券」查看可以领的券。')];
  const requestKey = `${conv.identityKey}:${conv.msg.messageId}`;
  return [text(couponClaimedReply(await claimByCode(conv.member, code, requestKey)))];
};

export const claim: MemberIntentSpec = {
  name: 'claim',
  words: ['领券', '领优惠券', '/claim'],
  readOnly: true,
  handle: claimCoupons,
};
