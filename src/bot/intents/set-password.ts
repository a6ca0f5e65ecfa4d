// 设置密码: a bound member sets the card password that lets them bind by card number later. The password
// is asked twice; only its hash is kept between the two messages.
import { endDialog, saveDialog } from '../../domain/conversation/dialog-store.js';
import { cardPasswordProblem, setCardPassword } from '../../domain/members/card-password.js';
import { hashCardPassword, passwordMatchesHash } from '../../domain/members/member-service.js';
import type { DialogStep, Handler } from '../conversation.js';
import { memberActor } from '../conversation.js';
import { text } from '../types.js';
import { PASSWORD } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

const PASSWORD_FLOW = 'card-password';

const startSettingPassword: Handler = async (conv) => {
  if (!conv.member) return [text(PASSWORD.notBound)];
  await saveDialog(conv.identityKey, PASSWORD_FLOW, 'new');
  return [text(PASSWORD.askNew)];
};

const passwordSteps: Record<string, DialogStep> = {
  new: async (conv) => {
    const password = conv.text.trim();
    if (cardPasswordProblem(password)) return [text(PASSWORD.bad)];
    await saveDialog(conv.identityKey, PASSWORD_FLOW, 'again', { hash: await hashCardPassword(password) });
    return [text(PASSWORD.askAgain)];
  },
  again: async (conv, state) => {
    const password = conv.text.trim();
    if (!conv.member) return null;
    if (!(await passwordMatchesHash(String(state.data.hash), password))) {
      await saveDialog(conv.identityKey, PASSWORD_FLOW, 'new');
      return [text(PASSWORD.mismatch)];
    }
    await setCardPassword(conv.member._id, password, memberActor(conv));
    await endDialog(conv.identityKey);
    return [text(PASSWORD.done)];
  },
};

export const setPassword: MemberIntentSpec = {
  name: 'setPassword',
  words: ['设置密码', '设置卡密码', '修改密码', '修改卡密码', '卡密码', '改密码', '/password'],
  dialogs: [{ flow: PASSWORD_FLOW, steps: passwordSteps }],
  handle: startSettingPassword,
};
