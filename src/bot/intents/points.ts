// 查积分: points, level, and what the next level needs.
import { currentProgramme } from '../../domain/programme/programme-service.js';
import { levelHeld, nextLevelOf } from '../../domain/programme/programme-rules.js';
import { text } from '../types.js';
import { NOT_BOUND, pointsReply } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

export const points: MemberIntentSpec = {
  name: 'points',
  words: ['查积分', '积分', '我的积分', '积分查询', '查询积分', '积分余额', '会员积分', 'points', '/points'],
  readOnly: true,
  handle: async ({ member }) => {
    if (!member) return [text(NOT_BOUND)];
    const { levels, rules } = await currentProgramme();
    const level = levelHeld(levels, member.levelId);
    return [text(pointsReply(member, level, nextLevelOf(levels, level), rules))];
  },
};
