// 会员卡: the card number, level and its perks; and, with WeChat member cards on, the link to take one.
import { currentProgramme, levelById } from '../../domain/programme/programme-service.js';
import { text } from '../types.js';
import { cardReply, NOT_BOUND } from '../templates/member-replies.js';
import { CARD_OFFER } from '../templates/card-texts.js';
import type { MemberIntentSpec } from './member-intent.js';

export const card: MemberIntentSpec = {
  name: 'card',
  words: [
    '会员卡',
    '我的会员卡',
    '卡号',
    '会员信息',
    '会员卡号',
    '会员等级',
    '等级',
    '会员权益',
    '权益',
    'card',
    '/card',
  ],
  readOnly: true,
  handle: async ({ member, services }) => {
    // The card's own figures answer even when WeChat does not.
    const offer = services.cards.enabled ? await services.cards.offerUrl().catch(() => null) : null;
    const offered = offer ? [text(CARD_OFFER(offer))] : [];
    if (!member) return [text(NOT_BOUND), ...offered];
    return [
      text(cardReply(member, await levelById(member.levelId), (await currentProgramme()).rules)),
      ...offered,
    ];
  },
};
