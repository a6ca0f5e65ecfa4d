// The phone-and-code steps shared by registration, binding and the wallet card's activation.
import { normalizePhone } from '../../domain/phone.js';
import { saveDialog, endDialog } from '../../domain/conversation/dialog-store.js';
import { bindMemberIdentity } from '../../domain/members/identity-service.js';
import type { Member } from '../../domain/models/member.js';
import type { Conversation } from '../conversation.js';
import { text, type Reply } from '../types.js';
import { REGISTER } from '../templates/member-replies.js';
import { ERROR_REPLIES } from '../templates/error-replies.js';

/** Reads a phone number, sends it a code and moves the dialog to its code step. */
export async function sendCodeTo(
  conv: Conversation,
  flow: string,
  input: string,
  /** What the dialog already knows (an invite code) and keeps. */
  carry: Record<string, unknown> = {},
): Promise<Reply[]> {
  let phone: string;
  try {
    phone = normalizePhone(input);
  } catch {
    await saveDialog(conv.identityKey, flow, 'phone', carry);
    return [text(`${ERROR_REPLIES.INVALID_PHONE}（回复「取消」退出）`)];
  }
  await conv.services.verification.send(phone, conv.identityKey);
  await saveDialog(conv.identityKey, flow, 'code', { ...carry, phone });
  return [text(REGISTER.codeSent(phone))];
}

/**
 * Checks the code the member typed. Returns the verified phone, or the replies to send instead
 * (wrong code: stay; expired or locked: the dialog ends).
 */
export async function verifyCode(conv: Conversation, phone: string): Promise<string | Reply[]> {
  const code = conv.text.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) return [text(REGISTER.askCode)];
  const check = await conv.services.verification.check(phone, conv.identityKey, code);
  switch (check.result) {
    case 'ok':
      return phone;
    case 'wrong':
      return [text(REGISTER.badCode(check.attemptsLeft))];
    case 'expired':
      await endDialog(conv.identityKey);
      return [text(REGISTER.codeExpired)];
    case 'locked':
      await endDialog(conv.identityKey);
      return [text(REGISTER.codeLocked)];
  }
}

/** The member's card is this chat account's from now on, and the dialog that proved it is over. */
export async function bindAndFinish(conv: Conversation, member: Member, message: string): Promise<Reply[]> {
  await bindMemberIdentity(member._id, conv.msg.channel, conv.msg.from.id);
  await endDialog(conv.identityKey);
  return [text(message)];
}
