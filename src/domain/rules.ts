// Programme rules as pure functions: points earned, recharge bonus. Tested without a database.
import type { AmountFen } from './money.js';

export interface RechargeTier {
  /** A recharge of at least this much… */
  minFen: AmountFen;
  /** …gets this much stored value on top. */
  bonusFen: AmountFen;
}

export interface ProgramRules {
  /** One point for every this many fen paid (1000 = 1 point per 10 yuan), rounded down. */
  fenPerPoint: number;
  rechargeTiers: RechargeTier[];
  /** Points for a daily check-in (签到). */
  checkinPoints: number;
}

export const DEFAULT_RULES: ProgramRules = {
  fenPerPoint: 1000,
  rechargeTiers: [
    { minFen: 50_000, bonusFen: 5_000 },
    { minFen: 100_000, bonusFen: 12_000 },
  ],
  checkinPoints: 5,
};

export function pointsForPaid(paidFen: AmountFen, rules: ProgramRules): number {
  return paidFen <= 0 ? 0 : Math.floor(paidFen / rules.fenPerPoint);
}

/** The bonus of the highest tier the recharge reaches (tiers do not add up). */
export function rechargeBonus(amountFen: AmountFen, rules: ProgramRules): AmountFen {
  let bonus = 0;
  for (const tier of rules.rechargeTiers) {
    if (amountFen >= tier.minFen && tier.bonusFen > bonus) bonus = tier.bonusFen;
  }
  return bonus;
}
