// 我的次卡: the member's count cards and the uses left.
import { now } from '../../domain/clock.js';
import { cardsOf } from '../../domain/count-cards/count-card-service.js';
import type { Handler } from '../conversation.js';
import type { MemberIntentSpec } from './member-intent.js';
import { text } from '../types.js';
import { NOT_BOUND } from '../templates/member-replies.js';
import { myCountCardsReply } from '../templates/count-card-replies.js';

const showCountCards: Handler = async ({ member }) => {
  if (!member) return [text(NOT_BOUND)];
  return [text(myCountCardsReply(await cardsOf(member), now()))];
};

export const countCards: MemberIntentSpec = {
  name: 'countCards',
  words: ['我的次卡', '次卡', '计次卡', '我的套餐', '/countcards'],
  readOnly: true,
  handle: showCountCards,
};
