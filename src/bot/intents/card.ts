// 会员卡: the card number, level and its perks.
import { currentProgramme, levelById } from '../../domain/programme/programme-service.js';
import { text } from '../types.js';
import { cardReply, NOT_BOUND } from '../templates/member-replies.js';
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
  handle: async ({ member }) => {
    if (!member) return [text(NOT_BOUND)];
    return [text(cardReply(member, await levelById(member.levelId), (await currentProgramme()).rules))];
  },
};
