// Pure rules for amounts, phone numbers, card numbers and the programme: no database needed.
import { describe, expect, it } from 'vitest';
import { formatYuan, parseAmountFen } from '../src/domain/money.js';
import { maskPhone, normalizePhone, numberAsTyped } from '../src/domain/phone.js';
import { generateCardNumber, isCardNumber, luhnCheckDigit } from '../src/domain/card-number.js';
import { DEFAULT_RULES } from '../src/domain/models/programme.js';
import { basePoints as pointsForPaid, rechargeBonus } from '../src/domain/programme/programme-rules.js';
import { maskPhonesIn } from '../src/infra/logger.js';
import { isDomainError } from '../src/domain/errors.js';

const MAX = 5_000_000;

describe('parseAmountFen reads what people type, once, into integer fen', () => {
  it.each([
    ['88', 8800],
    ['88.5', 8850],
    ['88.50', 8850],
    ['￥88.5', 8850],
    ['¥ 88.50', 8850],
    ['88元', 8800],
    ['88.5 元', 8850],
    ['８８．５', 8850],
    ['0.01', 1],
    ['1,000', 100000],
    ['12,345.60', 1234560],
    [' 12.3 ', 1230],
    [100, 10000],
    [0.1, 10],
    ['50000', 5_000_000],
  ])('%s → %d fen', (input, fen) => {
    expect(parseAmountFen(input, MAX)).toBe(fen);
  });

  it.each([
    ['88.505', 'INVALID_AMOUNT'],
    ['-5', 'INVALID_AMOUNT'],
    ['0', 'INVALID_AMOUNT'],
    ['0.00', 'INVALID_AMOUNT'],
    ['', 'INVALID_AMOUNT'],
    ['abc', 'INVALID_AMOUNT'],
    ['1e3', 'INVALID_AMOUNT'],
    ['.5', 'INVALID_AMOUNT'],
    ['5.', 'INVALID_AMOUNT'],
    ['NaN', 'INVALID_AMOUNT'],
    ['Infinity', 'INVALID_AMOUNT'],
    ['88,50', 'INVALID_AMOUNT'],
    ['1,5', 'INVALID_AMOUNT'],
    ['1,0000', 'INVALID_AMOUNT'],
    [',100', 'INVALID_AMOUNT'],
    ['1,000,', 'INVALID_AMOUNT'],
    ['50000.01', 'AMOUNT_TOO_LARGE'],
    ['999999999999', 'AMOUNT_TOO_LARGE'],
  ])('%s is refused with %s', (input, code) => {
    let caught: unknown;
    try {
      parseAmountFen(input, MAX);
    } catch (err) {
      caught = err;
    }
    expect(isDomainError(caught) && caught.code).toBe(code);
  });

  it('formats fen back to yuan', () => {
    expect([formatYuan(8850), formatYuan(1), formatYuan(0), formatYuan(-100)]).toEqual([
      '88.50',
      '0.01',
      '0.00',
      '-1.00',
    ]);
  });
});

describe('phone numbers', () => {
  it('normalises common ways of writing a mobile number', () => {
    for (const raw of [
      '13800138000',
      '138 0013 8000',
      '+86 138-0013-8000',
      '008613800138000',
      '１３８００１３８０００',
    ]) {
      expect(normalizePhone(raw)).toBe('13800138000');
    }
  });
  it('refuses what is not a mobile number', () => {
    for (const raw of ['1380013800', '23800138000', '12800138000', 'abc']) {
      expect(() => normalizePhone(raw)).toThrow();
    }
  });
  it('masks for display and in any log text', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhonesIn('member 13800138000 paid; card 8123456789')).toBe(
      'member 138****8000 paid; card 8123456789',
    );
  });
});

describe('card numbers', () => {
  it('keep a leading 86: only a mobile number loses a country code', () => {
    const card = `86${'1234567'}`;
    const valid = `${card}${luhnCheckDigit(card)}`;
    expect(isCardNumber(valid)).toBe(true);
    expect(numberAsTyped(valid)).toBe(valid);
    expect(numberAsTyped(`${valid.slice(0, 4)} ${valid.slice(4)}`)).toBe(valid);
    expect(numberAsTyped('+86 138-0013-8000')).toBe('13800138000');
    expect(numberAsTyped('008613800138000')).toBe('13800138000');
  });

  it('are 10 digits starting with 8 with a valid check digit, and catch a typo', () => {
    for (let i = 0; i < 200; i++) {
      const card = generateCardNumber();
      expect(card).toMatch(/^8\d{9}$/);
      expect(isCardNumber(card)).toBe(true);
      const typo = card.slice(0, 5) + ((Number(card[5]) + 1) % 10) + card.slice(6);
      expect(isCardNumber(typo)).toBe(false);
    }
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });
});

describe('programme rules', () => {
  it('earn one point per full 10 yuan paid', () => {
    expect([0, 999, 1000, 8850, 100000].map((f) => pointsForPaid(f, DEFAULT_RULES))).toEqual([
      0, 0, 1, 8, 100,
    ]);
  });
  it('give the highest recharge bonus tier reached, not the sum', () => {
    expect([49_999, 50_000, 99_999, 100_000, 300_000].map((f) => rechargeBonus(f, DEFAULT_RULES))).toEqual([
      0, 5_000, 5_000, 12_000, 12_000,
    ]);
  });
});
