// 绑定: by phone and code, or by card number and card password.
import { isPhone, numberAsTyped } from '../../domain/phone.js';
import { isCardNumber } from '../../domain/card-number.js';
import { cardPasswordMatches, findMember } from '../../domain/members/member-service.js';
import { endDialog, saveDialog } from '../../domain/conversation/dialog-store.js';
import { DomainError } from '../../domain/errors.js';
import type { DialogStep, Handler, Conversation } from '../conversation.js';
import { text, type Reply } from '../types.js';
import { BIND } from '../templates/member-replies.js';
import { bindAndFinish, sendCodeTo, verifyCode } from './phone-verification.js';
import { continueWithVerifiedPhone } from './register.js';
import type { MemberIntentSpec } from './member-intent.js';

const BIND_FLOW = 'bind';
const MAX_PASSWORD_TRIES = 5;

const startBinding: Handler = async (conv, args) => {
  if (conv.member) return [text(BIND.alreadyBound(conv.member))];
  if (args) return readCardRef(conv, args);
  await saveDialog(conv.identityKey, BIND_FLOW, 'ref');
  return [text(BIND.askRef)];
};

async function readCardRef(conv: Conversation, input: string): Promise<Reply[]> {
  const ref = numberAsTyped(input);
  if (isPhone(ref)) return sendCodeTo(conv, BIND_FLOW, ref);
  if (!isCardNumber(ref)) {
    await saveDialog(conv.identityKey, BIND_FLOW, 'ref');
    return [text(BIND.badRef)];
  }
  if (!(await conv.services.throttles.secretCheck.allow(conv.identityKey))) {
    throw new DomainError('RATE_LIMITED', 'too many attempts');
  }
  const member = await findMember(ref);
  // The same answer whether or not the card exists, so card numbers cannot be probed.
  if (!member?.cardPasswordHash) {
    await saveDialog(conv.identityKey, BIND_FLOW, 'ref');
    return [text(BIND.cardHasNoPassword)];
  }
  await saveDialog(conv.identityKey, BIND_FLOW, 'password', { memberId: String(member._id), tries: 0 });
  return [text(BIND.askCardPassword)];
}

const bindingSteps: Record<string, DialogStep> = {
  ref: (conv) => readCardRef(conv, conv.raw),
  phone: (conv) => sendCodeTo(conv, BIND_FLOW, conv.text),

  code: async (conv, state) => {
    const verified = await verifyCode(conv, String(state.data.phone));
    if (typeof verified !== 'string') return verified;
    const member = await findMember(verified);
    if (!member) return continueWithVerifiedPhone(conv, verified, [text(BIND.noCardForPhone)]);
    return bindAndFinish(conv, member, BIND.done(member));
  },

  password: async (conv, state) => {
    const member = await findMember(String(state.data.memberId));
    const allowed = await conv.services.throttles.secretCheck.allow(conv.identityKey);
    if (member && allowed && (await cardPasswordMatches(member, conv.raw))) {
      return bindAndFinish(conv, member, BIND.done(member));
    }
    const tries = Number(state.data.tries ?? 0) + 1;
    if (!allowed || tries >= MAX_PASSWORD_TRIES) {
      await endDialog(conv.identityKey);
      return [text(BIND.passwordLocked)];
    }
    await saveDialog(conv.identityKey, BIND_FLOW, 'password', { ...state.data, tries });
    return [text(BIND.badCardPassword)];
  },
};

export const bind: MemberIntentSpec = {
  name: 'bind',
  words: ['绑定', '绑卡', 'bind', '/bind'],
  dialogs: [{ flow: BIND_FLOW, steps: bindingSteps }],
  handle: startBinding,
};
