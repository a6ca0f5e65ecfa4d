// Programme rules as pure functions of (rules, member, purchase): points, bonus, level, benefits.
// Tested exhaustively without a database (test/programme-rules.test.ts).
import dayjs from 'dayjs';
import { BUSINESS_TZ } from '../clock.js';
import type { AmountFen } from '../money.js';
import type { LevelRule, ProgrammeRules, Rounding } from '../models/programme.js';

const ROUND: Record<Rounding, (x: number) => number> = {
  floor: Math.floor,
  round: Math.round,
  ceil: Math.ceil,
};

export type PointsReason = 'birthday' | 'doublePoints';

export interface PointsEarned {
  points: number;
  /** Points before any multiplier. */
  basePoints: number;
  multiplier: number;
  /** Why the multiplier applies (the highest one wins; multipliers do not stack). */
  reason: PointsReason | null;
}

export interface PurchaseFacts {
  paidFen: AmountFen;
  at: Date;
  /** YYYY-MM-DD, if the member gave one. */
  birthday?: string | undefined;
  levelCode?: string | undefined;
}

export function basePoints(paidFen: AmountFen, rules: ProgrammeRules): number {
  if (paidFen <= 0) return 0;
  // Integer division first, so "floor" never suffers from binary fractions.
  const whole = Math.floor(paidFen / rules.fenPerPoint);
  const rest = paidFen % rules.fenPerPoint;
  if (rest === 0) return whole;
  return ROUND[rules.rounding](whole + rest / rules.fenPerPoint);
}

export function isBirthdayPurchase(birthday: string | undefined, at: Date, scope: 'day' | 'month'): boolean {
  const born = /^\d{4}-(\d{2})-(\d{2})$/.exec(birthday ?? '');
  if (!born) return false;
  const today = dayjs(at).tz(BUSINESS_TZ);
  const month = Number(born[1]);
  if (today.month() + 1 !== month) return false;
  if (scope === 'month') return true;
  const day = Number(born[2]);
  // Born on 29 February: celebrated on the 28th in a year without one.
  const lastDay = today.daysInMonth();
  return today.date() === Math.min(day, lastDay);
}

export function isDoublePointsDay(at: Date, rules: ProgrammeRules): boolean {
  const today = dayjs(at).tz(BUSINESS_TZ);
  return (
    rules.doublePoints.dates.includes(today.format('YYYY-MM-DD')) ||
    rules.doublePoints.weekdays.includes(today.day())
  );
}

export function birthdayApplies(levelCode: string | undefined, rules: ProgrammeRules): boolean {
  const { multiplier, levelCodes } = rules.birthday;
  return multiplier > 1 && (levelCodes.length === 0 || (!!levelCode && levelCodes.includes(levelCode)));
}

/** Points a purchase earns: the base by the rounding rule, times the highest multiplier that applies. */
export function pointsForPurchase(purchase: PurchaseFacts, rules: ProgrammeRules): PointsEarned {
  const base = basePoints(purchase.paidFen, rules);
  let multiplier = 1;
  let reason: PointsReason | null = null;
  if (
    birthdayApplies(purchase.levelCode, rules) &&
    isBirthdayPurchase(purchase.birthday, purchase.at, rules.birthday.scope)
  ) {
    multiplier = rules.birthday.multiplier;
    reason = 'birthday';
  }
  if (rules.doublePoints.multiplier > multiplier && isDoublePointsDay(purchase.at, rules)) {
    multiplier = rules.doublePoints.multiplier;
    reason = 'doublePoints';
  }
  return { points: base * multiplier, basePoints: base, multiplier, reason };
}

/** The bonus of the highest tier the recharge reaches (tiers do not add up). */
export function rechargeBonus(amountFen: AmountFen, rules: ProgrammeRules): AmountFen {
  let bonus = 0;
  for (const tier of rules.rechargeTiers) {
    if (amountFen >= tier.minFen && tier.bonusFen > bonus) bonus = tier.bonusFen;
  }
  return bonus;
}

export type PointsPayment =
  | { valueFen: AmountFen }
  | { refusal: 'POINTS_PAYMENT_OFF' }
  /** Points pay whole fen only: the number must be a multiple of `step`. */
  | { refusal: 'POINTS_PAYMENT_STEP'; step: number }
  | { refusal: 'POINTS_PAYMENT_OVER_LIMIT'; maxPoints: number; maxSharePercent: number };

/** What `points` pay of a bill of `payableFen` (after discounts and coupon), or why they cannot. */
export function pointsPayment(points: number, payableFen: AmountFen, rules: ProgrammeRules): PointsPayment {
  const { pointsPerYuan, maxSharePercent } = rules.pointsPayment;
  if (maxSharePercent <= 0 || pointsPerYuan <= 0) return { refusal: 'POINTS_PAYMENT_OFF' };
  // The smallest number of points worth a whole number of fen.
  const step = pointsPerYuan / gcd(pointsPerYuan, 100);
  if (points % step !== 0) return { refusal: 'POINTS_PAYMENT_STEP', step };
  const maxFen = Math.floor((payableFen * maxSharePercent) / 100);
  const maxPoints = Math.floor((maxFen * pointsPerYuan) / 100 / step) * step;
  if (points > maxPoints) return { refusal: 'POINTS_PAYMENT_OVER_LIMIT', maxPoints, maxSharePercent };
  return { valueFen: (points * 100) / pointsPerYuan };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export interface Standing {
  totalSpendFen: number;
  points: number;
}

/** The measure a threshold is compared with. */
export function progressOf(standing: Standing, rules: ProgrammeRules): number {
  return rules.upgradeBasis === 'spend' ? standing.totalSpendFen : standing.points;
}

/** The highest level the standing reaches; null when there are no levels. */
export function levelReached<L extends LevelRule>(
  levels: readonly L[],
  standing: Standing,
  rules: ProgrammeRules,
): L | null {
  const progress = progressOf(standing, rules);
  return (
    sortByRank(levels)
      .filter((l) => l.threshold <= progress)
      .at(-1) ??
    sortByRank(levels)[0] ??
    null
  );
}

/** The level to move to: the one reached if it ranks above the current one, else null (never down). */
export function upgradeFor<L extends LevelRule>(
  levels: readonly L[],
  current: L | null,
  standing: Standing,
  rules: ProgrammeRules,
): L | null {
  const reached = levelReached(levels, standing, rules);
  if (!reached || (current && reached.rank <= current.rank)) return null;
  return reached;
}

/** The level with this id among the programme's levels; null when the member holds none of them. */
export function levelHeld<L extends LevelRule & { _id: { equals(id: unknown): boolean } }>(
  levels: readonly L[],
  levelId: unknown,
): L | null {
  if (!levelId) return null;
  return levels.find((l) => l._id.equals(levelId)) ?? null;
}

export function nextLevelOf<L extends LevelRule>(levels: readonly L[], current: L | null): L | null {
  const sorted = sortByRank(levels);
  if (!current) return sorted[0] ?? null;
  return sorted.find((l) => l.rank > current.rank) ?? null;
}

/** How much more spend (fen) or points the next level needs. */
export function neededForNext(next: LevelRule, standing: Standing, rules: ProgrammeRules): number {
  return Math.max(0, next.threshold - progressOf(standing, rules));
}

export function sortByRank<L extends LevelRule>(levels: readonly L[]): L[] {
  return [...levels].sort((a, b) => a.rank - b.rank);
}

/** A benefit a level gives, as data; chat templates turn it into words. */
export type Benefit =
  | { kind: 'discount'; percent: number }
  | { kind: 'points'; fenPerPoint: number }
  | { kind: 'birthday'; multiplier: number; scope: 'day' | 'month' }
  | { kind: 'doublePoints'; multiplier: number; dates: string[]; weekdays: number[] }
  | { kind: 'text'; text: string };

/** Every benefit a level really gives under the rules, computed rather than written by hand. */
export function benefitsOf(level: LevelRule, rules: ProgrammeRules): Benefit[] {
  const benefits: Benefit[] = [{ kind: 'points', fenPerPoint: rules.fenPerPoint }];
  if (level.discountPercent < 100) benefits.push({ kind: 'discount', percent: level.discountPercent });
  if (birthdayApplies(level.code, rules)) {
    benefits.push({ kind: 'birthday', multiplier: rules.birthday.multiplier, scope: rules.birthday.scope });
  }
  const double = rules.doublePoints;
  if (double.multiplier > 1 && (double.dates.length || double.weekdays.length)) {
    benefits.push({ kind: 'doublePoints', ...double });
  }
  for (const text of level.extraBenefits) benefits.push({ kind: 'text', text });
  return benefits;
}

/** Problems with a level list, empty when it can be stored. */
export function levelListProblems(levels: readonly LevelRule[]): string[] {
  const problems: string[] = [];
  if (levels.length === 0) problems.push('there must be at least one level');
  const codes = new Set(levels.map((l) => l.code));
  if (codes.size !== levels.length) problems.push('level codes must be unique');
  const ranks = new Set(levels.map((l) => l.rank));
  if (ranks.size !== levels.length) problems.push('level ranks must be unique');
  const sorted = sortByRank(levels);
  if (sorted[0] && sorted[0].threshold !== 0) problems.push('the lowest level must have threshold 0');
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.threshold <= sorted[i - 1]!.threshold) {
      problems.push(`level ${sorted[i]!.code} must need more than ${sorted[i - 1]!.code}`);
    }
  }
  return problems;
}

/** Problems with the rules, empty when they can be stored. */
export function rulesProblems(rules: ProgrammeRules, levelCodes: readonly string[]): string[] {
  const problems: string[] = [];
  const mins = rules.rechargeTiers.map((t) => t.minFen);
  if (new Set(mins).size !== mins.length) problems.push('recharge tiers must have different minimums');
  for (const t of rules.rechargeTiers) {
    if (t.bonusFen >= t.minFen) problems.push(`the bonus of tier ${t.minFen} must be less than it`);
  }
  for (const code of rules.birthday.levelCodes) {
    if (!levelCodes.includes(code)) problems.push(`birthday.levelCodes: no level ${code}`);
  }
  if (rules.pointsPayment.maxSharePercent > 100)
    problems.push('pointsPayment.maxSharePercent is at most 100');
  for (const d of rules.doublePoints.dates) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || dayjs(d).format('YYYY-MM-DD') !== d) {
      problems.push(`doublePoints.dates: ${d} is not a date`);
    }
  }
  return problems;
}
