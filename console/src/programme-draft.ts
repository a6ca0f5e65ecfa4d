// The programme as the owner edits it: every number held as the text typed (so a wrong one can be shown
// and refused in place), money in yuan; turned back into the API's shape (fen, integers) when saved.
import { fen, whole, yuanText } from './marketing-checks';
import type { Rounding } from './programme-preview';

export interface ApiLevel {
  code: string;
  name: string;
  discountPercent: number;
  threshold: number;
  rank: number;
  extraBenefits: string[];
}

export interface ApiRules {
  fenPerPoint: number;
  rounding: Rounding;
  upgradeBasis: 'spend' | 'points';
  rechargeTiers: Array<{ minFen: number; bonusFen: number }>;
  birthday: { multiplier: number; scope: 'day' | 'month'; levelCodes: string[] };
  doublePoints: { multiplier: number; dates: string[]; weekdays: number[] };
  checkinPoints: number;
  pointsPayment: { pointsPerYuan: number; maxSharePercent: number };
  referral: { inviterPoints: number; inviteePoints: number; withinDays: number };
  pointsExpiry: { months: number };
}

export interface ApiProgramme {
  version: number;
  rules: ApiRules;
  levels: ApiLevel[];
}

export interface LevelDraft {
  code: string;
  name: string;
  discountPercent: string;
  /** Yuan when levels are reached by spend, points otherwise. */
  threshold: string;
  rank: string;
  extraBenefits: string;
  /** Added here, not yet saved: its code may still be chosen. */
  added: boolean;
}

export interface RulesDraft {
  /** Yuan per point. */
  fenPerPoint: string;
  rounding: Rounding;
  upgradeBasis: 'spend' | 'points';
  rechargeTiers: Array<{ min: string; bonus: string }>;
  birthdayMultiplier: string;
  birthdayScope: 'day' | 'month';
  birthdayLevels: string[];
  doubleMultiplier: string;
  doubleDates: string[];
  doubleWeekdays: number[];
  checkinPoints: string;
  pointsPerYuan: string;
  maxSharePercent: string;
  inviterPoints: string;
  inviteePoints: string;
  withinDays: string;
  expiryMonths: string;
}

const bySpend = (basis: string) => basis === 'spend';

export function levelsDraft(levels: ApiLevel[], basis: string): LevelDraft[] {
  return [...levels]
    .sort((a, b) => a.rank - b.rank)
    .map((l) => ({
      code: l.code,
      name: l.name,
      discountPercent: String(l.discountPercent),
      threshold: bySpend(basis) ? yuanText(l.threshold) : String(l.threshold),
      rank: String(l.rank),
      extraBenefits: l.extraBenefits.join('，'),
      added: false,
    }));
}

export function levelsOf(draft: LevelDraft[], basis: string): ApiLevel[] {
  return draft.map((l) => ({
    code: l.code.trim(),
    name: l.name.trim(),
    discountPercent: whole(l.discountPercent),
    threshold: bySpend(basis) ? fen(l.threshold) : whole(l.threshold),
    rank: whole(l.rank),
    extraBenefits: l.extraBenefits
      .split(/[,，、]/)
      .map((t) => t.trim())
      .filter(Boolean),
  }));
}

export function rulesDraft(r: ApiRules): RulesDraft {
  return {
    fenPerPoint: yuanText(r.fenPerPoint),
    rounding: r.rounding,
    upgradeBasis: r.upgradeBasis,
    rechargeTiers: r.rechargeTiers.map((t) => ({ min: yuanText(t.minFen), bonus: yuanText(t.bonusFen) })),
    birthdayMultiplier: String(r.birthday.multiplier),
    birthdayScope: r.birthday.scope,
    birthdayLevels: [...r.birthday.levelCodes],
    doubleMultiplier: String(r.doublePoints.multiplier),
    doubleDates: [...r.doublePoints.dates],
    doubleWeekdays: [...r.doublePoints.weekdays],
    checkinPoints: String(r.checkinPoints),
    pointsPerYuan: String(r.pointsPayment.pointsPerYuan),
    maxSharePercent: String(r.pointsPayment.maxSharePercent),
    inviterPoints: String(r.referral.inviterPoints),
    inviteePoints: String(r.referral.inviteePoints),
    withinDays: String(r.referral.withinDays),
    expiryMonths: String(r.pointsExpiry.months),
  };
}

export function rulesOf(d: RulesDraft): ApiRules {
  return {
    fenPerPoint: fen(d.fenPerPoint),
    rounding: d.rounding,
    upgradeBasis: d.upgradeBasis,
    rechargeTiers: d.rechargeTiers.map((t) => ({ minFen: fen(t.min), bonusFen: fen(t.bonus) })),
    birthday: {
      multiplier: whole(d.birthdayMultiplier),
      scope: d.birthdayScope,
      levelCodes: d.birthdayLevels,
    },
    doublePoints: {
      multiplier: whole(d.doubleMultiplier),
      dates: [...d.doubleDates].sort(),
      weekdays: [...d.doubleWeekdays].sort(),
    },
    checkinPoints: whole(d.checkinPoints),
    pointsPayment: { pointsPerYuan: whole(d.pointsPerYuan), maxSharePercent: whole(d.maxSharePercent) },
    referral: {
      inviterPoints: whole(d.inviterPoints),
      inviteePoints: whole(d.inviteePoints),
      withinDays: whole(d.withinDays),
    },
    pointsExpiry: { months: whole(d.expiryMonths) },
  };
}

/** Problems across levels (each field is checked by the form): the order of thresholds, unique codes. */
export function levelListProblems(levels: ApiLevel[], basis: string): string[] {
  const problems: string[] = [];
  const unit = (n: number) => (bySpend(basis) ? `¥${(n / 100).toFixed(2)}` : `${n} 积分`);
  if (new Set(levels.map((l) => l.code)).size !== levels.length) problems.push('等级代码不能重复');
  if (new Set(levels.map((l) => l.rank)).size !== levels.length) problems.push('等级排序不能重复');
  const sorted = [...levels].sort((a, b) => a.rank - b.rank);
  if (sorted[0] && sorted[0].threshold !== 0) problems.push(`最低等级「${sorted[0].name}」的门槛必须是 0`);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.threshold <= sorted[i - 1]!.threshold) {
      problems.push(
        `「${sorted[i]!.name}」的门槛须高于「${sorted[i - 1]!.name}」的 ${unit(sorted[i - 1]!.threshold)}`,
      );
    }
  }
  return problems;
}

/** Problems across rules fields (each number is checked by the form). */
export function rulesProblems(rules: ApiRules): string[] {
  const problems: string[] = [];
  const mins = rules.rechargeTiers.map((t) => t.minFen);
  if (new Set(mins).size !== mins.length) problems.push('充值赠送的各档金额不能相同');
  for (const t of rules.rechargeTiers) {
    if (t.bonusFen >= t.minFen) problems.push(`充 ¥${(t.minFen / 100).toFixed(2)} 的赠送金额须少于充值金额`);
  }
  return problems;
}
