// 冻结 and 解冻: a manager stops a card (lost, disputed) and starts it again. The member is told; every
// refusal while frozen says who froze it, when and why.
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { MemberModel, type Member, type MemberStatus } from '../models/member.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import { withMemberLock } from '../ledger/member-projection.js';
import type { NoticeService } from '../notifications/notice-service.js';
import { requireRole, type Operator } from '../staff/operator.js';
import { storeName } from '../stores/store-service.js';
import type { Types } from 'mongoose';
import { enterListings, statusListing } from '../listings/listings.js';
import { changingTally, retally } from '../tallies/member-tally.js';
import { requireMember } from './member-service.js';

export interface StatusChange {
  memberRef: string;
  operator: Operator;
  actor: Actor;
  storeId?: Types.ObjectId | null;
  /** Keys the member's notice, so a retried request tells them once. */
  requestKey: string;
}

export async function freezeMember(
  notices: NoticeService,
  input: StatusChange & { reason: string },
): Promise<Member> {
  requireRole(input.operator, 'manager');
  const reason = input.reason.trim();
  if (!reason || reason.length > 100) {
    throw new DomainError('VALIDATION_FAILED', 'give a reason of 1 to 100 characters');
  }
  const member = await requireMember(input.memberRef);
  if (member.status === 'frozen') {
    await retally(member._id); // a repeated request: its first may have stopped before the tally
    return member;
  }
  const frozen = { reason, by: input.actor.name ?? '门店', at: now() };
  const updated = await setStatus(member._id, 'frozen', { frozen });
  await record('member.freeze', input, member._id, { reason });
  await notices.notifyMemberOf(member._id, `freeze:${input.requestKey}`, {
    kind: 'frozen',
    reason,
    storeName: await storeName(input.storeId),
  });
  return updated;
}

export async function unfreezeMember(notices: NoticeService, input: StatusChange): Promise<Member> {
  requireRole(input.operator, 'manager');
  const member = await requireMember(input.memberRef);
  if (member.status === 'active') {
    await retally(member._id);
    return member;
  }
  const updated = await setStatus(member._id, 'active', {});
  await record('member.unfreeze', input, member._id, {});
  await notices.notifyMemberOf(member._id, `unfreeze:${input.requestKey}`, {
    kind: 'unfrozen',
    storeName: await storeName(input.storeId),
  });
  return updated;
}

/**
 * Writes the status and reads it back. On FerretDB an update is "read, then replace", so another
 * process's projection written at the same moment could put the old status back; the read-back sees
 * that and writes again. (Balances cannot be lost that way: they are rolled forward from the ledger.)
 */
async function setStatus(
  memberId: Types.ObjectId,
  status: MemberStatus,
  extra: Partial<Member>,
): Promise<Member> {
  const member = await changingTally(memberId, () =>
    writeMemberFields(memberId, { status, ...extra }, (m) => m.status === status),
  );
  if (status !== 'active') await enterListings(memberId, [statusListing(status)]);
  return member;
}

/**
 * Writes fields of the member that the ledger does not carry, and reads them back until they stuck: a
 * projection written by another process at the same moment could otherwise put the old values back.
 */
export async function writeMemberFields(
  memberId: Types.ObjectId,
  fields: Partial<Member>,
  stuck: (member: Member) => boolean,
): Promise<Member> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await withMemberLock(memberId, () => MemberModel.updateOne({ _id: memberId }, { $set: fields }));
    const now = await MemberModel.findById(memberId).lean<Member>();
    if (!now) throw new DomainError('MEMBER_NOT_FOUND', 'no such member');
    if (stuck(now)) return now;
  }
  throw new DomainError('CONCURRENT_UPDATE', 'the card is being changed elsewhere; try again');
}

async function record(
  action: string,
  input: StatusChange,
  memberId: Types.ObjectId,
  details: Record<string, unknown>,
) {
  await AuditLogModel.create({
    action,
    actor: input.actor,
    memberId,
    storeId: input.storeId ?? undefined,
    details,
    at: now(),
  });
}
