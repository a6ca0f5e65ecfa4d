// 投诉: a member files a complaint (in one message or when asked), and rates the answer once it is closed.
import { DomainError } from '../../domain/errors.js';
import { openTicket, rateTicket } from '../../domain/tickets/ticket-service.js';
import { endDialog, saveDialog } from '../../domain/conversation/dialog-store.js';
import { RATE_FLOW, tellAgentGroups } from '../agents/desk-notices.js';
import type { Conversation, DialogStep, Handler } from '../conversation.js';
import { text, type Reply } from '../types.js';
import { DESK, TICKETS } from '../templates/ticket-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

const COMPLAIN_FLOW = 'complain';

const RATING_WORDS: Array<[number, string[]]> = [
  [5, ['非常满意', '很满意', '超级满意', '特别满意', '满分', '五星', '五分', '好评', '非常好', '很好']],
  [4, ['满意', '比较满意', '挺满意', '还不错', '不错', '四星', '四分', '挺好']],
  [3, ['一般', '还行', '还可以', '凑合', '三星', '三分', '中评']],
  [2, ['不满意', '不太满意', '不怎么样', '两星', '二星', '两分', '二分']],
  [1, ['非常不满意', '很不满意', '很差', '太差', '极差', '差评', '一星', '一分']],
];

/** A rating from what a member typed: 1–5, "4分", "4星", or words; null when it is not one. */
export function ratingOf(input: string): number | null {
  const t = input.replace(/[\s!！。.~～,，]+/g, '');
  const digit = /^([1-5])(分|星|颗星)?$/.exec(t);
  if (digit) return Number(digit[1]);
  for (const [rating, words] of RATING_WORDS) if (words.includes(t)) return rating;
  return null;
}

async function file(conv: Conversation, body: string): Promise<Reply[]> {
  if (!body.trim()) return [text(TICKETS.empty)];
  if (!(await conv.services.throttles.complaint.allow(conv.identityKey))) {
    throw new DomainError('RATE_LIMITED', 'too many complaints');
  }
  const ticket = await openTicket({
    memberId: conv.member?._id ?? null,
    channel: conv.msg.channel,
    externalId: conv.msg.from.id,
    text: body.trim().slice(0, 1000),
  });
  await tellAgentGroups(conv.services.notices, `ticket:${ticket._id}:new`, DESK.newTicket(ticket));
  return [text(TICKETS.opened(ticket))];
}

const fileComplaint: Handler = async (conv, args) => {
  if (args) return file(conv, args);
  await saveDialog(conv.identityKey, COMPLAIN_FLOW, 'text');
  return [text(TICKETS.askText)];
};

const complainSteps: Record<string, DialogStep> = {
  text: async (conv) => {
    await endDialog(conv.identityKey);
    return file(conv, conv.raw);
  },
};

/**
 * After a ticket is closed, a rating (a digit 1–5 or words such as 非常满意) is taken for a day; any
 * other message is handled as usual and the rating stays open (the flow is sticky, see DialogFlow).
 */
const rateSteps: Record<string, DialogStep> = {
  rating: async (conv, state) => {
    const rating = ratingOf(conv.text);
    if (!rating) return null;
    await endDialog(conv.identityKey);
    const rated = await rateTicket(String(state.data.ticketId), state.data.owner as string, rating);
    return [text(rated ? TICKETS.thanks(rating) : TICKETS.alreadyRated)];
  },
};

export const complain: MemberIntentSpec = {
  name: 'complain',
  words: ['投诉', '意见', '反馈', 'complain', '/complain'],
  dialogs: [
    { flow: COMPLAIN_FLOW, steps: complainSteps },
    { flow: RATE_FLOW, steps: rateSteps, sticky: true },
  ],
  handle: fileComplaint,
};
