// The tags the ledger earns a member, as a pure function of what they did: spend band, frequency,
// 沉睡 (no visit for a while) and 新会员. Tested without a database (test/tag-rules.test.ts).

export interface AutoTagRules {
  /** No purchase for this many days (or none since registering this long ago): 沉睡. */
  sleepingDays: number;
  /** Registered within this many days: 新会员. */
  newMemberDays: number;
  /** At least this many purchases within `frequentDays`: 常客. */
  frequentVisits: number;
  frequentDays: number;
  /** Spend over the last 365 days, highest band reached wins. */
  spendBands: Array<{ minFen: number; tag: string }>;
}

export const DEFAULT_AUTO_TAG_RULES: AutoTagRules = {
  sleepingDays: 90,
  newMemberDays: 30,
  frequentVisits: 4,
  frequentDays: 90,
  spendBands: [
    { minFen: 100_000, tag: '年消费千元+' },
    { minFen: 500_000, tag: '年消费五千+' },
  ],
};

/** Tags only this job gives; a manager's tag of the same name is kept apart, in the manual set. */
export const SLEEPING = '沉睡';
export const NEW_MEMBER = '新会员';
export const FREQUENT = '常客';

export interface MemberFacts {
  registeredAt: Date;
  /** Purchase times within the last 365 days (any order). */
  visits: Date[];
  /** Net spend (purchases less their reversals) within the last 365 days. */
  spendInYearFen: number;
}

const DAY = 24 * 3600_000;

export function autoTagsFor(
  facts: MemberFacts,
  at: Date,
  rules: AutoTagRules = DEFAULT_AUTO_TAG_RULES,
): string[] {
  const tags: string[] = [];
  const age = (d: Date) => (at.getTime() - d.getTime()) / DAY;
  if (age(facts.registeredAt) < rules.newMemberDays) tags.push(NEW_MEMBER);
  const last = facts.visits.reduce<Date | null>((a, b) => (!a || b > a ? b : a), null);
  if (age(last ?? facts.registeredAt) >= rules.sleepingDays) tags.push(SLEEPING);
  if (facts.visits.filter((v) => age(v) < rules.frequentDays).length >= rules.frequentVisits)
    tags.push(FREQUENT);
  const band = [...rules.spendBands]
    .sort((a, b) => b.minFen - a.minFen)
    .find((b) => facts.spendInYearFen >= b.minFen);
  if (band) tags.push(band.tag);
  return tags;
}
