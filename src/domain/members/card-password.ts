// The card password, which lets a member bind by card number instead of phone: set by the member after
// binding, reset by a manager (the member is told, and binds by phone again until they set a new one).
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import type { Member } from '../models/member.js';
import type { NoticeService } from '../notifications/notice-service.js';
import { requireRole, type Operator } from '../staff/operator.js';
import { hashCardPassword, requireMember } from './member-service.js';
import { writeMemberFields } from './member-status.js';

/** Six digits, and not one digit repeated or a plain run (123456, 654321). */
export function cardPasswordProblem(password: string): string | null {
  if (!/^\d{6}$/.test(password)) return 'six digits';
  if (/^(\d)\1{5}$/.test(password) || '0123456789'.includes(password) || '9876543210'.includes(password)) {
    return 'too easy to guess';
  }
  return null;
}

export async function setCardPassword(
  memberId: Types.ObjectId,
  password: string,
  actor: Actor,
): Promise<Member> {
  const problem = cardPasswordProblem(password);
  if (problem) throw new DomainError('VALIDATION_FAILED', `the card password must be ${problem}`);
  const hash = await hashCardPassword(password);
  const member = await writeMemberFields(
    memberId,
    { cardPasswordHash: hash },
    (m) => m.cardPasswordHash === hash,
  );
  await AuditLogModel.create({ action: 'member.setCardPassword', actor, memberId, at: now() });
  return member;
}

export async function resetCardPassword(
  notices: NoticeService,
  input: { memberRef: string; operator: Operator; actor: Actor; requestKey: string },
): Promise<Member> {
  requireRole(input.operator, 'manager');
  const found = await requireMember(input.memberRef);
  const member = await writeMemberFields(found._id, { cardPasswordHash: null }, (m) => !m.cardPasswordHash);
  await AuditLogModel.create({
    action: 'member.resetCardPassword',
    actor: input.actor,
    memberId: member._id,
    at: now(),
  });
  await notices.notifyMemberOf(member._id, `password-reset:${input.requestKey}`, {
    kind: 'cardPasswordReset',
  });
  return member;
}
