// Member self-service reads: points and level, balance, card, recent history.
import { currentProgramme, levelById } from '../../domain/programme/programme-service.js';
import { levelHeld, nextLevelOf } from '../../domain/programme/programme-rules.js';
import type { Handler } from '../conversation.js';
import { text } from '../types.js';
import {
  balanceReply,
  cardReply,
  historyReply,
  NOT_BOUND,
  pointsReply,
} from '../templates/member-replies.js';

export const showPoints: Handler = async ({ member }) => {
  if (!member) return [text(NOT_BOUND)];
  const { levels, rules } = await currentProgramme();
  const level = levelHeld(levels, member.levelId);
  return [text(pointsReply(member, level, nextLevelOf(levels, level), rules))];
};

export const showBalance: Handler = async ({ member }) => [text(member ? balanceReply(member) : NOT_BOUND)];

export const showCard: Handler = async ({ member }) => {
  if (!member) return [text(NOT_BOUND)];
  return [text(cardReply(member, await levelById(member.levelId), (await currentProgramme()).rules))];
};

export const showHistory: Handler = async ({ member, services }, args) => {
  if (!member) return [text(NOT_BOUND)];
  const asked = Math.min(20, Math.max(1, Number.parseInt(args, 10) || 5));
  return [text(historyReply(await services.ledger.history(member._id, asked), asked))];
};
