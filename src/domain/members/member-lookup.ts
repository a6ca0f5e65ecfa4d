// 查 at the counter: a member's card as the ledger says it is now, recorded in the audit log.
import type { Types } from 'mongoose';
import { now } from '../clock.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import type { Level } from '../models/level.js';
import type { Member } from '../models/member.js';
import { currentMember } from '../ledger/commit.js';
import { walletOf } from '../coupons/coupon-wallet.js';
import { levelById } from '../programme/programme-service.js';
import { requireMember } from './member-service.js';

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
