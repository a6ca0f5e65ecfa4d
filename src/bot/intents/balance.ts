// 查余额: the stored value on the card.
import { text } from '../types.js';
import { balanceReply, NOT_BOUND } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

export const balance: MemberIntentSpec = {
  name: 'balance',
  words: [
    '查余额',
    '余额',
    '我的余额',
    '余额查询',
    '查询余额',
    '储值',
    '储值余额',
    '卡内余额',
    '卡里',
    '卡里的钱',
    '卡上',
    '卡上的钱',
    '钱',
    'balance',
    '/balance',
  ],
  readOnly: true,
  handle: async ({ member }) => [text(member ? balanceReply(member) : NOT_BOUND)],
};
