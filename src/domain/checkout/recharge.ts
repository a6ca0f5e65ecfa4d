// 充值: stored value paid in, with the bonus of the highest recharge tier reached.
import type { AmountFen } from '../money.js';
import { requireMember } from '../members/member-service.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';

export interface RechargeInput extends CheckoutRequest {
  memberRef: string;
  amountFen: AmountFen;
}

export async function recharge(deps: CheckoutDeps, input: RechargeInput): Promise<CheckoutResult> {
  const member = await requireMember(input.memberRef, input.requestKey);
  const result = await deps.ledger.recharge({ ...input, memberId: member._id, seen: member });
  return { ...result, ...(await settleEntry(deps, member, result.entry)) };
}
