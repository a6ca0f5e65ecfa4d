// 积分调整: a manager adds or takes points by hand, never below zero.
import { requireMember } from '../members/member-service.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';
import { requireRole } from '../staff/operator.js';

export interface AdjustPointsInput extends CheckoutRequest {
  memberRef: string;
  /** Signed: +N adds, -N takes away. */
  points: number;
  reason?: string;
}

export async function adjustPoints(deps: CheckoutDeps, input: AdjustPointsInput): Promise<CheckoutResult> {
  requireRole(input.operator, 'manager');
  const member = await requireMember(input.memberRef, input.requestKey);
  const result = await deps.ledger.adjustPoints({ ...input, memberId: member._id, seen: member });
  return { ...result, ...(await settleEntry(deps, member, result.entry)) };
}
