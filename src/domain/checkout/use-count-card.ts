// 核次: one use of a count card, for the service the counter names; never below zero, once per request,
// reversible by 冲正.
import { now } from '../clock.js';
import { requireMember } from '../members/member-service.js';
import { cardsOf, usableCards } from '../count-cards/count-card-service.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';

export interface UseCountCardInput extends CheckoutRequest {
  memberRef: string;
  /** The service, the plan number or the card's name. */
  service: string;
}

export async function useCountCard(deps: CheckoutDeps, input: UseCountCardInput): Promise<CheckoutResult> {
  const member = await requireMember(input.memberRef, input.requestKey);
  const cards = usableCards(await cardsOf(member), input.service, now());
  const result = await deps.ledger.useCountCard({
    ...input,
    memberId: member._id,
    seen: member,
    cards,
    service: input.service,
  });
  return { ...result, ...(await settleEntry(deps, member, result.entry)) };
}
