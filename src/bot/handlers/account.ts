// Member self-service reads: points and level, balance, card, recent history.
import { levelById, nextLevel } from '../../domain/levels/level-service.js';
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
  const level = await levelById(member.levelId);
  return [text(pointsReply(member, level, await nextLevel(level)))];
};

export const showBalance: Handler = async ({ member }) => [text(member ? balanceReply(member) : NOT_BOUND)];

export const showCard: Handler = async ({ member }) => {
  if (!member) return [text(NOT_BOUND)];
  return [text(cardReply(member, await levelById(member.levelId)))];
};

export const showHistory: Handler = async ({ member, services }, args) => {
  if (!member) return [text(NOT_BOUND)];
  const asked = Math.min(20, Math.max(1, Number.parseInt(args, 10) || 5));
  return [text(historyReply(await services.ledger.history(member._id, asked), asked))];
};
