// 积分商城: what points buy, with the member's points beside it.
import { openMallItems } from '../../domain/mall/mall-service.js';
import { text } from '../types.js';
import { mallReply } from '../templates/mall-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

export const mall: MemberIntentSpec = {
  name: 'mall',
  words: ['积分商城', '商城', '积分兑换', '兑换礼品', 'mall', '/mall'],
  readOnly: true,
  handle: async ({ member }) => [text(mallReply(await openMallItems(), member?.points ?? null))],
};
