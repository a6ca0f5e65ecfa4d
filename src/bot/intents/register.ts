// 领卡 / 注册: phone → code → name → birthday → gender, then a new card bound to this chat account.
import dayjs from 'dayjs';
import { createMember, findMember } from '../../domain/members/member-service.js';
import { levelById } from '../../domain/levels/level-service.js';
import { currentProgramme } from '../../domain/programme/programme-service.js';
import { birthdayPerkText } from '../templates/programme-replies.js';
import { saveDialog } from '../../domain/conversation/dialog-store.js';
import { isDomainError } from '../../domain/errors.js';
import type { Member } from '../../domain/models/member.js';
import type { DialogStep, Handler, Conversation } from '../conversation.js';
import { memberActor } from '../conversation.js';
import { text, type Reply } from '../types.js';
import { isOneOf, SKIP_WORDS } from '../keywords.js';
import { REGISTER } from '../templates/member-replies.js';
import { bindAndFinish, sendCodeTo, verifyCode } from './phone-verification.js';
import { looksLikeInviteCode } from '../../domain/referrals/referral-service.js';
import { INVITE } from '../templates/referral-replies.js';
import { referralAtRegistration } from './invite.js';
import { CARD_CHAT } from '../templates/card-texts.js';
import type { MemberIntentSpec } from './member-intent.js';

const FLOW = 'register';

const startRegistration: Handler = async (conv, args) => {
  if (conv.member) return [text(REGISTER.alreadyBound(conv.member))];
  // 领卡 <邀请码>: registering with a friend's invite code, kept until the card exists.
  if (args && looksLikeInviteCode(args)) {
    const inviteCode = args.toUpperCase();
    await saveDialog(conv.identityKey, FLOW, 'phone', { inviteCode });
    return [text(`${INVITE.noted(inviteCode)}${REGISTER.askPhone}`)];
  }
  if (args) return sendCodeTo(conv, FLOW, args);
  await saveDialog(conv.identityKey, FLOW, 'phone');
  return [text(REGISTER.askPhone)];
};

/** After a phone is verified: bind its card if it has one, otherwise go on to the profile questions. */
export async function continueWithVerifiedPhone(
  conv: Conversation,
  phone: string,
  lead: Reply[] = [],
  carry: Record<string, unknown> = {},
) {
  const existing = await findMember(phone);
  if (existing) return bindAndFinish(conv, existing, REGISTER.alreadyHasCard(existing));
  await saveDialog(conv.identityKey, FLOW, 'name', { ...carry, phone });
  return [...lead, text(REGISTER.askName)];
}

const GENDERS: Record<string, 'male' | 'female'> = {
  男: 'male',
  女: 'female',
  m: 'male',
  f: 'female',
  male: 'male',
  female: 'female',
};

const registrationSteps: Record<string, DialogStep> = {
  phone: (conv, state) => sendCodeTo(conv, FLOW, conv.text, state.data),

  code: async (conv, state) => {
    const verified = await verifyCode(conv, String(state.data.phone));
    const { phone: _phone, ...carry } = state.data;
    return typeof verified === 'string' ? continueWithVerifiedPhone(conv, verified, [], carry) : verified;
  },

  name: async (conv, state) => {
    const name = conv.raw.trim();
    if (name.length < 1 || name.length > 20) return [text(REGISTER.badName)];
    await saveDialog(conv.identityKey, FLOW, 'birthday', { ...state.data, name });
    return [text(REGISTER.askBirthday(birthdayPerkText(await currentProgramme())))];
  },

  birthday: async (conv, state) => {
    let birthday: string | undefined;
    if (!isOneOf(conv.text, SKIP_WORDS)) {
      const parsed = dayjs(conv.text.replace(/[/.年月]/g, '-').replace(/日$/, ''), 'YYYY-M-D');
      if (
        !/^\d{4}-\d{1,2}-\d{1,2}$/.test(conv.text.replace(/[/.年月]/g, '-').replace(/日$/, '')) ||
        !parsed.isValid()
      ) {
        return [text(REGISTER.badBirthday)];
      }
      if (parsed.year() < 1900 || parsed.isAfter(dayjs())) return [text(REGISTER.badBirthday)];
      birthday = parsed.format('YYYY-MM-DD');
    }
    await saveDialog(conv.identityKey, FLOW, 'gender', { ...state.data, ...(birthday ? { birthday } : {}) });
    return [text(REGISTER.askGender)];
  },

  gender: async (conv, state) => {
    const skip = isOneOf(conv.text, SKIP_WORDS);
    const gender = GENDERS[conv.text];
    if (!skip && !gender) return [text(REGISTER.badGender)];
    const data = state.data as {
      phone: string;
      name: string;
      birthday?: string;
      inviteCode?: string;
      /** A WeChat wallet card waiting for this registration (card-event.ts). */
      cardCode?: string;
    };
    let member: Member;
    try {
      member = await createMember(
        {
          phone: data.phone,
          name: data.name,
          ...(data.birthday ? { birthday: data.birthday } : {}),
          ...(gender ? { gender } : {}),
          registeredChannel: conv.msg.channel,
        },
        memberActor(conv),
      );
    } catch (err) {
      // Someone registered this phone meanwhile (another chat account): bind to that card instead.
      const existing = isDomainError(err, 'PHONE_TAKEN') ? await findMember(data.phone) : null;
      if (!existing) throw err;
      return bindAndFinish(conv, existing, REGISTER.alreadyHasCard(existing));
    }
    const done = await bindAndFinish(conv, member, REGISTER.done(member, await levelById(member.levelId)));
    if (data.cardCode) {
      await conv.services.cards.activate(data.cardCode, member);
      done.push(text(CARD_CHAT.activatedAfterRegistering));
    }
    return data.inviteCode
      ? [...done, ...(await referralAtRegistration(conv, member, data.inviteCode))]
      : done;
  },
};

export const register: MemberIntentSpec = {
  name: 'register',
  words: ['领卡', '注册', '开卡', '办卡', 'register', 'signup', '/register'],
  dialogs: [{ flow: FLOW, steps: registrationSteps }],
  handle: startRegistration,
};
