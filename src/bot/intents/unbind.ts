// 解除绑定: this chat account lets go of its card, after confirmation; the card itself stays.
import { unbindMemberIdentity } from '../../domain/members/identity-service.js';
import { endDialog, saveDialog } from '../../domain/conversation/dialog-store.js';
import type { DialogStep, Handler } from '../conversation.js';
import { text } from '../types.js';
import { CONFIRM_WORDS, isOneOf } from '../keywords.js';
import { UNBIND } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

const UNBIND_FLOW = 'unbind';

const startUnbinding: Handler = async (conv) => {
  if (!conv.member) return [text(UNBIND.notBound)];
  await saveDialog(conv.identityKey, UNBIND_FLOW, 'confirm', {}, 2 * 60_000);
  return [text(UNBIND.confirm(conv.member))];
};

const unbindingSteps: Record<string, DialogStep> = {
  confirm: async (conv) => {
    await endDialog(conv.identityKey);
    if (!isOneOf(conv.text, CONFIRM_WORDS)) return [text(UNBIND.kept)];
    await unbindMemberIdentity(conv.msg.channel, conv.msg.from.id);
    return [text(UNBIND.done)];
  },
};

export const unbind: MemberIntentSpec = {
  name: 'unbind',
  words: ['解除绑定', '解绑', '取消绑定', 'unbind', '/unbind'],
  dialogs: [{ flow: UNBIND_FLOW, steps: unbindingSteps }],
  handle: startUnbinding,
};
