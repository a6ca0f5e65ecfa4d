// 售次卡: a count card sold at the counter, paid from stored value or outside; its uses are kept in the
// member's ledger chain like money.
import { now } from '../clock.js';
import { requireMember } from '../members/member-service.js';
import { currentProgramme } from '../programme/programme-service.js';
import { levelHeld, pointsForPurchase } from '../programme/programme-rules.js';
import { cardForSale, recordCard, requirePlan } from '../count-cards/count-card-service.js';
import type { CountCard } from '../models/count-card.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';

export interface SellCountCardInput extends CheckoutRequest {
  memberRef: string;
  planCode: string;
  paidOutside?: boolean;
}

export async function sellCountCard(
  deps: CheckoutDeps,
  input: SellCountCardInput,
): Promise<CheckoutResult & { card: CountCard }> {
  const member = await requireMember(input.memberRef, input.requestKey);
  const plan = await requirePlan(input.planCode);
  const card = cardForSale(plan, member._id, input.requestKey);
  // Described before it holds a use: a card whose sale is refused is never in the member's projection.
  await recordCard(card);
  const { levels, rules } = await currentProgramme();
  const earned = pointsForPurchase(
    {
      paidFen: plan.priceFen,
      at: now(),
      birthday: member.birthday,
      levelCode: levelHeld(levels, member.levelId)?.code,
    },
    rules,
  );
  const result = await deps.ledger.sellCountCard({
    ...input,
    memberId: member._id,
    seen: member,
    card,
    priceFen: plan.priceFen,
    paidOutside: input.paidOutside === true,
    pointsEarned: earned.points,
  });
  return { ...result, card, ...(await settleEntry(deps, member, result.entry)) };
}
