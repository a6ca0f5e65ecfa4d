// 开卡: a cashier registers a member at the counter. The member proves the phone is theirs with the code
// sent to it, which they read out to the cashier: 开卡 <手机号> [姓名] sends it, 开卡 <手机号> <验证码> [姓名]
// opens the card at this store.
import { normalizePhone } from '../../domain/phone.js';
import { createMember } from '../../domain/members/member-service.js';
import { levelById } from '../../domain/levels/level-service.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { REGISTER } from '../templates/member-replies.js';
import { restText } from './args.js';
import { staffCommand } from './staff-command-spec.js';

interface OpenCardArgs {
  phone: string;
  code?: string;
  name?: string;
}

export default staffCommand<OpenCardArgs>({
  kind: 'openCard',
  words: ['开卡', '办卡'],
  usage: '开卡 <手机号> [姓名]，会员收到验证码后：开卡 <手机号> <验证码> [姓名]',
  help: '开卡 <手机号> [姓名]（会员凭验证码确认）',
  parse(args) {
    let phone: string;
    try {
      phone = normalizePhone(args[0] ?? '');
    } catch {
      return { problem: '请写会员的 11 位手机号' };
    }
    const code = /^\d{6}$/.test(args[1] ?? '') ? args[1] : undefined;
    const name = restText(args, code ? 2 : 1);
    if (name.length > 20) return { problem: '姓名请写在 20 字以内' };
    return { phone, ...(code ? { code } : {}), ...(name ? { name } : {}) };
  },
  async run({ conv, request }, c) {
    const { verification } = conv.services;
    if (!c.code) {
      await verification.send(c.phone, conv.identityKey);
      return [text(T.openCardCodeSent(c.phone))];
    }
    const check = await verification.check(c.phone, conv.identityKey, c.code);
    if (check.result === 'wrong') return [text(REGISTER.badCode(check.attemptsLeft))];
    if (check.result === 'expired') return [text(T.OPEN_CARD_CODE_EXPIRED)];
    if (check.result === 'locked') return [text(REGISTER.codeLocked)];
    const member = await createMember(
      {
        phone: c.phone,
        ...(c.name ? { name: c.name } : {}),
        registeredStoreId: request.storeId ?? null,
        registeredChannel: request.channel,
      },
      request.actor,
    );
    return [text(T.openCardReceipt(member, await levelById(member.levelId)))];
  },
});
