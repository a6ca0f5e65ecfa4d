// The membership programme as stored data: levels plus the rules for points, recharge bonuses, birthdays,
// double-points days and check-in. Pure functions in `programme/programme-rules.ts` apply it.
import type { AmountFen } from '../money.js';

export interface RechargeTier {
  /** A recharge of at least this much… */
  minFen: AmountFen;
  /** …gets this much stored value on top. */
  bonusFen: AmountFen;
}

export const ROUNDINGS = ['floor', 'round', 'ceil'] as const;
export type Rounding = (typeof ROUNDINGS)[number];

export const UPGRADE_BASES = ['spend', 'points'] as const;
/** What a level's threshold is measured on: cumulative amount paid (fen) or the points held. */
export type UpgradeBasis = (typeof UPGRADE_BASES)[number];

export interface BirthdayRule {
  /** Points earned on a birthday purchase are multiplied by this (1 = no birthday benefit). */
  multiplier: number;
  /** On the birthday itself, or any day of the birthday's month. */
  scope: 'day' | 'month';
  /** Level codes that get it; empty means every level. */
  levelCodes: string[];
}

export interface DoublePointsRule {
  multiplier: number;
  /** Business days (YYYY-MM-DD, Asia/Shanghai). */
  dates: string[];
  /** Days of the week, 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
}

/** Points as payment at the counter (积分抵扣). */
export interface PointsPaymentRule {
  /** Points that pay one yuan (100 = a point a fen). */
  pointsPerYuan: number;
  /** The most of a bill (after discounts and coupon) points may pay, in percent; 0 turns it off. */
  maxSharePercent: number;
}

/** 老带新: what a member who invites a new one, and the new member, get once the referral is made. */
export interface ReferralRule {
  inviterPoints: number;
  inviteePoints: number;
  /** A new member may name who invited them this many days after registering. */
  withinDays: number;
}

export interface ProgrammeRules {
  /** One point for every this many fen paid (1000 = 1 point per 10 yuan). */
  fenPerPoint: number;
  rounding: Rounding;
  upgradeBasis: UpgradeBasis;
  /** The highest tier reached applies; tiers do not add up. */
  rechargeTiers: RechargeTier[];
  birthday: BirthdayRule;
  doublePoints: DoublePointsRule;
  /** Points for a daily check-in (签到); 0 turns check-in off. */
  checkinPoints: number;
  pointsPayment: PointsPaymentRule;
  referral: ReferralRule;
  /** Points earned more than this many months ago and not spent expire (oldest first); 0 keeps them. */
  pointsExpiry: { months: number };
}

/** A level as the rules see it (the stored Level has the same fields and an _id). */
export interface LevelRule {
  code: string;
  name: string;
  /** Percent of the price paid: 100 = no discount, 88 = 8.8折. */
  discountPercent: number;
  /** Reached when the member's spend (fen) or points, per `upgradeBasis`, reach this. */
  threshold: number;
  /** Order of levels, lowest first; the lowest is the entry level and must have threshold 0. */
  rank: number;
  /** Benefits the rules cannot compute (e.g. 专属客服), shown after the computed ones. */
  extraBenefits: string[];
}

export const DEFAULT_RULES: ProgrammeRules = {
  fenPerPoint: 1000,
  rounding: 'floor',
  upgradeBasis: 'spend',
  rechargeTiers: [
    { minFen: 50_000, bonusFen: 5_000 },
    { minFen: 100_000, bonusFen: 12_000 },
  ],
  birthday: { multiplier: 2, scope: 'day', levelCodes: ['gold', 'diamond'] },
  doublePoints: { multiplier: 2, dates: [], weekdays: [] },
  checkinPoints: 5,
  pointsPayment: { pointsPerYuan: 100, maxSharePercent: 50 },
  referral: { inviterPoints: 200, inviteePoints: 100, withinDays: 7 },
  pointsExpiry: { months: 0 },
};
