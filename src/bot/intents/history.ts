// 消费记录 [N]: the card's latest ledger entries (5 unless asked, at most 20).
import { text } from '../types.js';
import { historyReply, NOT_BOUND } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

export const history: MemberIntentSpec = {
  name: 'history',
  words: ['消费记录', '记录', '流水', '账单', '消费明细', '明细', '交易记录', '消费', 'history', '/history'],
  readOnly: true,
  handle: async ({ member, services }, args) => {
    if (!member) return [text(NOT_BOUND)];
    const asked = Math.min(20, Math.max(1, Number.parseInt(args, 10) || 5));
    return [text(historyReply(await services.ledger.history(member._id, asked), asked))];
  },
};
