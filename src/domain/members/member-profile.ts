// Editing a member's record: the profile fields, and the phone, which moves only when the new phone has
// answered a code (so nobody can point a card at a phone they do not hold).
import { DomainError } from '../errors.js';
import { phoneTailOf } from './phone-tail.js';
import { now } from '../clock.js';
import { maskPhone, normalizePhone } from '../phone.js';
import { insertOnce } from '../insert-once.js';
import { MemberKeyModel, phoneKey } from '../models/member-key.js';
import type { Member } from '../models/member.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import type { VerificationService } from '../verification/verification-service.js';
import { requireMember } from './member-service.js';
import { writeMemberFields } from './member-status.js';

export type ProfileChange = Partial<Pick<Member, 'name' | 'gender' | 'birthday' | 'address'>>;

export async function editProfile(memberRef: string, change: ProfileChange, actor: Actor): Promise<Member> {
  const member = await requireMember(memberRef);
  const updated = await writeMemberFields(member._id, change, (m) =>
    Object.entries(change).every(([k, v]) => m[k as keyof Member] === v),
  );
  await AuditLogModel.create({
    action: 'member.profile',
    actor,
    memberId: member._id,
    details: change,
    at: now(),
  });
  return updated;
}

/** The verification requester of a phone change: the member and who asks, so codes do not cross. */
const requesterOf = (member: Member, actor: Actor) =>
  `phone-change:${String(member._id)}:${actor.id ?? actor.kind}`;

/** Sends a code to the new phone; refused at once if that phone already has a card. */
export async function startPhoneChange(
  verification: VerificationService,
  memberRef: string,
  newPhone: string,
  actor: Actor,
): Promise<{ phone: string }> {
  const member = await requireMember(memberRef);
  const phone = normalizePhone(newPhone);
  if (await MemberKeyModel.exists({ _id: phoneKey(phone) })) {
    throw new DomainError('PHONE_TAKEN', 'this phone number already has a card');
  }
  await verification.send(phone, requesterOf(member, actor));
  return { phone };
}

/** Moves the card to the new phone once its code is right: the new key is claimed before the old goes. */
export async function confirmPhoneChange(
  verification: VerificationService,
  memberRef: string,
  newPhone: string,
  code: string,
  actor: Actor,
): Promise<Member> {
  const member = await requireMember(memberRef);
  const phone = normalizePhone(newPhone);
  if (member.phone === phone) return member;
  const check = await verification.check(phone, requesterOf(member, actor), code);
  if (check.result !== 'ok') {
    throw new DomainError('VERIFICATION_FAILED', `the code is ${check.result}`, {
      result: check.result,
      ...('attemptsLeft' in check ? { attemptsLeft: check.attemptsLeft } : {}),
    });
  }
  if (!(await insertOnce(MemberKeyModel, { _id: phoneKey(phone), memberId: member._id }))) {
    const holder = await MemberKeyModel.findById(phoneKey(phone)).lean();
    if (!holder?.memberId.equals(member._id))
      throw new DomainError('PHONE_TAKEN', 'this phone number already has a card');
  }
  const old = member.phone;
  const updated = await writeMemberFields(
    member._id,
    { phone, phoneTail: phoneTailOf(phone) },
    (m) => m.phone === phone,
  );
  await MemberKeyModel.deleteOne({ _id: phoneKey(old), memberId: member._id });
  await AuditLogModel.create({
    action: 'member.phone',
    actor,
    memberId: member._id,
    details: { from: maskPhone(old), to: maskPhone(phone) },
    at: now(),
  });
  return updated;
}
