// The member card in WeChat's 卡包, as the channel reports it (`/card-event`): taken, its activation form
// sent, deleted. A card is activated for the member whose phone our code verified: an existing card binds,
// a new phone registers first (the 领卡 questions), then the card shows the member's figures.
import { saveDialog } from '../../domain/conversation/dialog-store.js';
import { findMember } from '../../domain/members/member-service.js';
import type { Member } from '../../domain/models/member.js';
import type { Conversation, DialogStep } from '../conversation.js';
import { text, type CardEvent, type Reply } from '../types.js';
import { UNKNOWN } from '../templates/member-replies.js';
import { CARD_CHAT } from '../templates/card-texts.js';
import type { MemberIntentSpec } from './member-intent.js';
import { bindAndFinish, sendCodeTo, verifyCode } from './phone-verification.js';
import { continueWithVerifiedPhone } from './register.js';

const CARD_FLOW = 'card-activate';

async function activated(conv: Conversation, code: string, member: Member): Promise<Reply[]> {
  await conv.services.cards.activate(code, member);
  return [text(CARD_CHAT.activated(member.cardNumber))];
}

async function onEvent(conv: Conversation, event: CardEvent): Promise<Reply[]> {
  const { cards } = conv.services;
  switch (event.kind) {
    case 'taken':
    case 'formSubmitted': {
      // A form may come without its taking having reached us: the card is recorded either way.
      await cards.taken(conv.msg.from.id, event.cardId, event.code);
      const phone =
        event.kind === 'formSubmitted'
          ? (event.phone ?? (await cards.formPhone(event.cardId, event.code)))
          : null;
      // A chat account already bound to a card needs no form: its card is the one to show.
      if (conv.member && (!phone || phone === conv.member.phone))
        return activated(conv, event.code, conv.member);
      if (phone) return sendCodeTo(conv, CARD_FLOW, phone, { code: event.code });
      await saveDialog(conv.identityKey, CARD_FLOW, 'phone', { code: event.code });
      return [text(CARD_CHAT.askPhone)];
    }
    case 'deleted':
      await cards.deleted(event.code);
      return [];
  }
}

const activationSteps: Record<string, DialogStep> = {
  phone: (conv, state) => sendCodeTo(conv, CARD_FLOW, conv.text, state.data),
  code: async (conv, state) => {
    const verified = await verifyCode(conv, String(state.data.phone));
    if (typeof verified !== 'string') return verified;
    const cardCode = String(state.data.code);
    const member = await findMember(verified);
    // A new phone answers the 领卡 questions first; the card is activated when the member exists.
    if (!member) return continueWithVerifiedPhone(conv, verified, [], { cardCode });
    const bound = await bindAndFinish(conv, member, CARD_CHAT.activated(member.cardNumber));
    await conv.services.cards.activate(cardCode, member);
    return bound;
  },
};

export const cardEvent: MemberIntentSpec = {
  name: 'cardEvent',
  words: ['/card-event'],
  dialogs: [{ flow: CARD_FLOW, steps: activationSteps }],
  handle: async (conv) => {
    const event = conv.msg.cardEvent;
    if (!event || !conv.services.cards.enabled) return [text(UNKNOWN)];
    return onEvent(conv, event);
  },
};
