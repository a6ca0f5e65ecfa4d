// What members type is normalised and matched the same way however it is written.
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../src/bot/text.js';
import { matchIntent } from '../src/bot/keywords.js';
import { MEMBER_KEYWORDS } from '../src/bot/intents/intent-match.js';
import { generateSn, hasValidCheckChar, looksLikeSn, normalizeSn } from '../src/domain/coupons/coupon-sn.js';

const intentOf = (raw: string) => matchIntent(MEMBER_KEYWORDS, normalizeText(raw));

describe('keywords', () => {
  it.each([
    ['查积分', 'points', ''],
    [' 查积分 ', 'points', ''],
    ['查詢積分', 'points', ''],
    ['查積分', 'points', ''],
    ['积分', 'points', ''],
    ['POINTS', 'points', ''],
    ['ｐｏｉｎｔｓ', 'points', ''],
    ['查余额', 'balance', ''],
    ['查餘額', 'balance', ''],
    ['balance!', 'balance', ''],
    ['消费记录', 'history', ''],
    ['消费记录 10', 'history', '10'],
    ['消费记录10', 'history', '10'],
    ['消費記錄　１０', 'history', '10'],
    ['解除绑定', 'unbind', ''],
    ['绑定', 'bind', ''],
    ['绑定 13800138000', 'bind', '13800138000'],
    ['领卡', 'register', ''],
    ['註冊', 'register', ''],
    ['我的劵', 'coupons', ''],
    ['帮助', 'help', ''],
    ['/start', 'help', ''],
    ['签到', 'checkin', ''],
    ['地址', 'store', ''],
    ['积分商城', 'mall', ''],
    ['兑换 3', 'exchange', '3'],
    ['你好', null, null],
  ])('%s → %s', (raw, intent, args) => {
    const m = intentOf(raw);
    expect(m ? [m.intent, m.args] : [null, null]).toEqual([intent, args]);
  });
});

describe('coupon SNs', () => {
  it('generate 12 characters that pass their own check', () => {
    for (let i = 0; i < 500; i++) {
      const sn = generateSn();
      expect(sn).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
      expect(hasValidCheckChar(sn)).toBe(true);
    }
  });
  it('catch every single-character typo and every swap of two characters', () => {
    for (let round = 0; round < 200; round++) {
      const sn = generateSn();
      const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
      for (let i = 0; i < sn.length; i++) {
        for (const c of alphabet) {
          if (c === sn[i]) continue;
          expect(hasValidCheckChar(sn.slice(0, i) + c + sn.slice(i + 1))).toBe(false);
        }
        for (let j = i + 1; j < sn.length; j++) {
          if (sn[i] === sn[j]) continue;
          const swapped = sn.slice(0, i) + sn[j] + sn.slice(i + 1, j) + sn[i] + sn.slice(j + 1);
          expect(hasValidCheckChar(swapped)).toBe(false);
        }
      }
    }
  });
  it('read SNs written with spaces, dashes, lower case or full width', () => {
    const sn = generateSn();
    const spaced = sn.toLowerCase().replace(/(.{4})/g, '$1-');
    expect(normalizeSn(spaced)).toBe(sn);
    expect(looksLikeSn('hello world!')).toBe(false);
  });
});
