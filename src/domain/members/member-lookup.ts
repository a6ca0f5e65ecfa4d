// 查 at the counter: a member's card as the ledger says it is now, recorded in the audit log.
import type { Types } from 'mongoose';
import { now } from '../clock.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import type { Level } from '../models/level.js';
import type { Member } from '../models/member.js';
import { currentMember } from '../ledger/member-projection.js';
import { walletOf } from '../coupons/coupon-wallet.js';
import { levelById } from '../programme/programme-service.js';
import { requireMember } from './member-service.js';
import { membersWithPhoneTail } from './phone-tail.js';

export interface MemberAtCounter {
  member: Member;
  level: Level | null;
  usableCoupons: number;
}

export async function lookUpMember(
  memberRef: string,
  actor: Actor,
  storeId: Types.ObjectId | null,
): Promise<MemberAtCounter> {
  const found = await requireMember(memberRef);
  await AuditLogModel.create({
    action: 'member.lookup',
    actor,
    memberId: found._id,
    storeId: storeId ?? undefined,
    at: now(),
  });
  const member = (await currentMember(found._id)) ?? found;
  return {
    member,
    level: await levelById(member.levelId),
    usableCoupons: (await walletOf(member._id)).usable.length,
  };
}

/** What 查 <尾号> finds: one member's card, or the members to choose from (never a guess among them). */
export type TailLookup =
  | { kind: 'one'; found: MemberAtCounter }
  | { kind: 'several'; members: Member[]; more: boolean }
  | { kind: 'none' };

const LISTED = 10;

export async function lookUpPhoneTail(
  tail: string,
  actor: Actor,
  storeId: Types.ObjectId | null,
): Promise<TailLookup> {
  const members = await membersWithPhoneTail(tail, LISTED + 1);
  if (members.length === 0) return { kind: 'none' };
  if (members.length === 1)
    return { kind: 'one', found: await lookUpMember(String(members[0]!._id), actor, storeId) };
  return { kind: 'several', members: members.slice(0, LISTED), more: members.length > LISTED };
}
