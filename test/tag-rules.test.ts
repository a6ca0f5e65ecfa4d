// The automatic tags as a pure function of what a member did; no database.
import { describe, expect, it } from 'vitest';
import { autoTagsFor, DEFAULT_AUTO_TAG_RULES } from '../src/domain/tags/auto-tags.js';

const AT = new Date('2026-12-02T12:00:00+08:00');
const daysAgo = (n: number) => new Date(AT.getTime() - n * 24 * 3600_000);

describe('automatic tags', () => {
  it.each([
    [
      'registered today, nothing bought',
      { registeredAt: daysAgo(0), visits: [], spendInYearFen: 0 },
      ['新会员'],
    ],
    ['registered 29 days ago', { registeredAt: daysAgo(29), visits: [], spendInYearFen: 0 }, ['新会员']],
    ['registered 30 days ago, never came', { registeredAt: daysAgo(30), visits: [], spendInYearFen: 0 }, []],
    [
      'registered 90 days ago, never came',
      { registeredAt: daysAgo(90), visits: [], spendInYearFen: 0 },
      ['沉睡'],
    ],
    [
      'last visit 89 days ago',
      { registeredAt: daysAgo(400), visits: [daysAgo(89)], spendInYearFen: 5000 },
      [],
    ],
    [
      'last visit 90 days ago',
      { registeredAt: daysAgo(400), visits: [daysAgo(200), daysAgo(90)], spendInYearFen: 5000 },
      ['沉睡'],
    ],
    [
      'four visits in 90 days and 1,000 yuan',
      {
        registeredAt: daysAgo(400),
        visits: [daysAgo(1), daysAgo(10), daysAgo(40), daysAgo(89)],
        spendInYearFen: 100_000,
      },
      ['常客', '年消费千元+'],
    ],
    [
      'three visits in 90 days, a fourth before',
      {
        registeredAt: daysAgo(400),
        visits: [daysAgo(1), daysAgo(10), daysAgo(40), daysAgo(91)],
        spendInYearFen: 99_999,
      },
      [],
    ],
    [
      '5,000 yuan takes the higher band only',
      { registeredAt: daysAgo(400), visits: [daysAgo(3)], spendInYearFen: 500_000 },
      ['年消费五千+'],
    ],
  ])('%s', (_, facts, tags) => {
    expect(autoTagsFor(facts, AT, DEFAULT_AUTO_TAG_RULES)).toEqual(tags);
  });
});
