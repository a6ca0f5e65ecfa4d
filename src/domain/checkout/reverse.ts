// 冲正: a manager undoes an entry of their own store with a new, opposite entry, at most once; the coupon
// the entry used is given back.
import { requireMember } from '../members/member-service.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';
import { requireRole } from './operator.js';
import type { Types } from 'mongoose';

export interface ReverseInput extends CheckoutRequest {
  entryNo: string;
  reason?: string;
  /** When the door names a member (HTTP), only that member's entries are found. */
  onlyMemberId?: Types.ObjectId;
}

export interface ReverseResult extends CheckoutResult {
  restoredCouponSn: string | null;
}

export async function reverse(deps: CheckoutDeps, input: ReverseInput): Promise<ReverseResult> {
  requireRole(input.operator, 'manager');
  const { restoredCouponSn, ...result } = await deps.ledger.reverse(input);
  const member = await requireMember(String(result.entry.memberId));
  return { ...result, restoredCouponSn, ...(await settleEntry(deps, member, result.entry)) };
}
