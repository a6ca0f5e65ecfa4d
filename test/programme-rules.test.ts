// The programme's rules as pure functions, table-driven and without a database.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type LevelRule, type ProgrammeRules } from '../src/domain/models/programme.js';
import {
  basePoints,
  benefitsOf,
  isBirthdayPurchase,
  levelListProblems,
  levelReached,
  nextLevelOf,
  pointsForPurchase,
  pointsPayment,
  rechargeBonus,
  rulesProblems,
  upgradeFor,
} from '../src/domain/programme/programme-rules.js';

const rules = (over: Partial<ProgrammeRules> = {}): ProgrammeRules => ({ ...DEFAULT_RULES, ...over });
/** A moment in Shanghai. */
const at = (local: string) => new Date(`${local}+08:00`);

const LEVELS: LevelRule[] = [
  { code: 'gold', name: '金卡', discountPercent: 88, threshold: 500_000, rank: 3, extraBenefits: [] },
  { code: 'normal', name: '普通', discountPercent: 100, threshold: 0, rank: 1, extraBenefits: [] },
  { code: 'silver', name: '银卡', discountPercent: 95, threshold: 100_000, rank: 2, extraBenefits: [] },
];

describe('points for what was paid', () => {
  it.each([
    ['floor', 1000, [0, 999, 1000, 1999, 8850], [0, 0, 1, 1, 8]],
    ['round', 1000, [0, 499, 500, 1499, 8850], [0, 0, 1, 1, 9]],
    ['ceil', 1000, [0, 1, 1000, 1001, 8850], [0, 1, 1, 2, 9]],
    ['floor', 50, [49, 50, 8850], [0, 1, 177]],
  ] as const)('%s at %i fen a point', (rounding, fenPerPoint, paid, points) => {
    expect(paid.map((p) => basePoints(p, rules({ rounding, fenPerPoint })))).toEqual(points);
  });

  it.each([
    // birthday, purchase time, scope, birthday purchase?
    ['1990-11-23', '2026-11-23T00:00:00', 'day', true],
    ['1990-11-23', '2026-11-23T23:59:59', 'day', true],
    ['1990-11-23', '2026-11-22T23:59:59', 'day', false],
    ['1990-11-23', '2026-11-01T10:00:00', 'month', true],
    ['1990-11-23', '2026-12-01T00:00:00', 'month', false],
    ['1992-02-29', '2027-02-28T12:00:00', 'day', true],
    ['1992-02-29', '2028-02-28T12:00:00', 'day', false],
    ['1992-02-29', '2028-02-29T12:00:00', 'day', true],
    ['', '2026-11-23T12:00:00', 'month', false],
  ] as const)('born %s, buying at %s (%s): %s', (birthday, when, scope, expected) => {
    expect(isBirthdayPurchase(birthday, at(when), scope)).toBe(expected);
  });

  it('a birthday multiplies only for the levels the rule names, in Shanghai time', () => {
    const purchase = { paidFen: 8800, at: at('2026-11-23T08:30:00'), birthday: '1990-11-23' };
    expect(pointsForPurchase({ ...purchase, levelCode: 'gold' }, DEFAULT_RULES)).toEqual({
      points: 16,
      basePoints: 8,
      multiplier: 2,
      reason: 'birthday',
    });
    expect(pointsForPurchase({ ...purchase, levelCode: 'normal' }, DEFAULT_RULES).points).toBe(8);
    // 2026-11-22 16:30 UTC is already the 23rd in Shanghai.
    expect(
      pointsForPurchase(
        { ...purchase, at: new Date('2026-11-22T16:30:00Z'), levelCode: 'gold' },
        DEFAULT_RULES,
      ).points,
    ).toBe(16);
  });

  it('the highest multiplier wins; multipliers do not stack', () => {
    const r = rules({
      birthday: { multiplier: 2, scope: 'day', levelCodes: [] },
      doublePoints: { multiplier: 3, dates: ['2026-11-11'], weekdays: [6] },
    });
    const buy = (when: string, birthday = '1990-01-01') =>
      pointsForPurchase({ paidFen: 10_000, at: at(when), birthday }, r);
    expect(buy('2026-11-11T12:00:00')).toMatchObject({ points: 30, reason: 'doublePoints' });
    expect(buy('2026-11-14T12:00:00')).toMatchObject({ points: 30, reason: 'doublePoints' }); // a Saturday
    expect(buy('2026-11-11T12:00:00', '1990-11-11')).toMatchObject({ points: 30, multiplier: 3 });
    expect(buy('2026-11-12T12:00:00', '1990-11-12')).toMatchObject({ points: 20, reason: 'birthday' });
    expect(buy('2026-11-12T12:00:00')).toMatchObject({ points: 10, reason: null });
  });

  it('gives the highest recharge bonus tier reached, not the sum', () => {
    expect([49_999, 50_000, 99_999, 100_000, 300_000].map((f) => rechargeBonus(f, DEFAULT_RULES))).toEqual([
      0, 5_000, 5_000, 12_000, 12_000,
    ]);
  });
});

describe('levels', () => {
  const normal = LEVELS[1]!;
  const silver = LEVELS[2]!;
  const gold = LEVELS[0]!;

  it.each([
    [0, 'normal'],
    [99_999, 'normal'],
    [100_000, 'silver'],
    [499_999, 'silver'],
    [500_000, 'gold'],
    [9_999_999, 'gold'],
  ])('a spend of %i fen reaches %s', (spend, code) => {
    expect(levelReached(LEVELS, { totalSpendFen: spend, points: 0 }, DEFAULT_RULES)?.code).toBe(code);
  });

  it('measures on points when the programme says so', () => {
    const byPoints = rules({ upgradeBasis: 'points' });
    expect(levelReached(LEVELS, { totalSpendFen: 9_999_999, points: 100_000 }, byPoints)?.code).toBe(
      'silver',
    );
  });

  it('moves members up, never down', () => {
    expect(upgradeFor(LEVELS, normal, { totalSpendFen: 600_000, points: 0 }, DEFAULT_RULES)?.code).toBe(
      'gold',
    );
    expect(upgradeFor(LEVELS, gold, { totalSpendFen: 0, points: 0 }, DEFAULT_RULES)).toBeNull();
    expect(upgradeFor(LEVELS, silver, { totalSpendFen: 100_000, points: 0 }, DEFAULT_RULES)).toBeNull();
    expect(nextLevelOf(LEVELS, silver)?.code).toBe('gold');
    expect(nextLevelOf(LEVELS, gold)).toBeNull();
  });

  it('lists the benefits a level really gets under the rules', () => {
    expect(benefitsOf(gold, DEFAULT_RULES)).toEqual([
      { kind: 'points', fenPerPoint: 1000 },
      { kind: 'discount', percent: 88 },
      { kind: 'birthday', multiplier: 2, scope: 'day' },
    ]);
    expect(benefitsOf(normal, DEFAULT_RULES)).toEqual([{ kind: 'points', fenPerPoint: 1000 }]);
    expect(benefitsOf(normal, rules({ birthday: { multiplier: 1, scope: 'day', levelCodes: [] } }))).toEqual([
      { kind: 'points', fenPerPoint: 1000 },
    ]);
  });

  it('refuses level lists that cannot work', () => {
    expect(levelListProblems(LEVELS)).toEqual([]);
    expect(levelListProblems([])).toEqual(['there must be at least one level']);
    expect(levelListProblems([{ ...normal, threshold: 1 }])).toEqual([
      'the lowest level must have threshold 0',
    ]);
    expect(levelListProblems([normal, { ...silver, threshold: 0 }])).toEqual([
      'level silver must need more than normal',
    ]);
    expect(levelListProblems([normal, { ...silver, rank: 1 }])).toContain('level ranks must be unique');
    expect(levelListProblems([normal, { ...silver, code: 'normal' }])).toContain(
      'level codes must be unique',
    );
  });

  it('refuses rules that cannot work', () => {
    const codes = LEVELS.map((l) => l.code);
    expect(rulesProblems(DEFAULT_RULES, ['normal', 'silver', 'gold', 'diamond'])).toEqual([]);
    expect(rulesProblems(DEFAULT_RULES, codes)).toEqual(['birthday.levelCodes: no level diamond']);
    expect(
      rulesProblems(
        rules({
          rechargeTiers: [
            { minFen: 100, bonusFen: 100 },
            { minFen: 100, bonusFen: 10 },
          ],
          birthday: { multiplier: 2, scope: 'day', levelCodes: [] },
          doublePoints: { multiplier: 2, dates: ['2026-02-30', '2026-11-11'], weekdays: [] },
        }),
        codes,
      ),
    ).toEqual([
      'recharge tiers must have different minimums',
      'the bonus of tier 100 must be less than it',
      'doublePoints.dates: 2026-02-30 is not a date',
    ]);
  });
});

describe('points as payment at the counter (积分抵扣)', () => {
  const paying = (pointsPerYuan: number, maxSharePercent: number) =>
    rules({ pointsPayment: { pointsPerYuan, maxSharePercent } });

  it.each([
    // points, bill (fen), points per yuan, max share → what they pay or why not
    [2000, 10000, 100, 50, { valueFen: 2000 }],
    [5000, 10000, 100, 50, { valueFen: 5000 }],
    [5001, 10000, 100, 50, { refusal: 'POINTS_PAYMENT_OVER_LIMIT', maxPoints: 5000, maxSharePercent: 50 }],
    [1, 1, 100, 100, { valueFen: 1 }],
    [1, 1, 100, 50, { refusal: 'POINTS_PAYMENT_OVER_LIMIT', maxPoints: 0, maxSharePercent: 50 }],
    [300, 8850, 1000, 30, { valueFen: 30 }],
    [55, 8850, 1000, 30, { refusal: 'POINTS_PAYMENT_STEP', step: 10 }],
    // 30% of 88.50 is 26.55 yuan; at 10 points a yuan the most is 265 points (26.50), never a part point.
    [270, 8850, 10, 30, { refusal: 'POINTS_PAYMENT_OVER_LIMIT', maxPoints: 265, maxSharePercent: 30 }],
    [100, 10000, 100, 0, { refusal: 'POINTS_PAYMENT_OFF' }],
    [3, 10000, 3, 100, { valueFen: 100 }],
    [1, 10000, 3, 100, { refusal: 'POINTS_PAYMENT_STEP', step: 3 }],
  ] as const)(
    '%i points on a bill of %i fen at %i a yuan, %i%% at most',
    (points, bill, perYuan, share, expected) => {
      expect(pointsPayment(points, bill, paying(perYuan, share))).toEqual(expected);
    },
  );

  it('never pays a fraction of a fen and never more than the share, whatever the figures', () => {
    for (const perYuan of [1, 3, 7, 50, 100, 150, 1000]) {
      for (const share of [10, 33, 50, 100]) {
        for (const bill of [1, 99, 8850, 12345]) {
          for (const points of [1, 2, 5, 10, 99, 150, 1000, 4000]) {
            const paid = pointsPayment(points, bill, paying(perYuan, share));
            if (!('valueFen' in paid)) continue;
            expect(Number.isInteger(paid.valueFen)).toBe(true);
            expect(paid.valueFen * perYuan).toBe(points * 100);
            expect(paid.valueFen).toBeLessThanOrEqual(Math.floor((bill * share) / 100));
          }
        }
      }
    }
  });
});
