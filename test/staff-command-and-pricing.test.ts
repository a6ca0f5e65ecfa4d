// Staff command parsing and consumption pricing: pure functions, no database.
import { describe, expect, it } from 'vitest';
import { parseStaffCommand, USAGE } from '../src/bot/staff/staff-command.js';
import { priceConsumption } from '../src/domain/pricing.js';

const MAX = 5_000_000;
/** The parse without its declaration (which travels with it, checked by kind below). */
const parse = (t: string) => {
  const parsed = parseStaffCommand(t, MAX);
  if (!parsed) return null;
  const { spec, ...rest } = parsed;
  if (parsed.ok) expect(spec.kind).toBe(parsed.command.kind);
  return rest;
};

describe('parseStaffCommand', () => {
  it.each([
    [
      '消费 13800138000 100',
      { kind: 'consume', memberRef: '13800138000', amountFen: 10000, excludedFen: 0, paidOutside: false },
    ],
    [
      '消费 13800138000 ￥88.5',
      { kind: 'consume', memberRef: '13800138000', amountFen: 8850, excludedFen: 0, paidOutside: false },
    ],
    [
      '消费　１３８００１３８０００　８８．５０元',
      { kind: 'consume', memberRef: '13800138000', amountFen: 8850, excludedFen: 0, paidOutside: false },
    ],
    [
      '消费13800138000 88',
      { kind: 'consume', memberRef: '13800138000', amountFen: 8800, excludedFen: 0, paidOutside: false },
    ],
    [
      '消费 8123456789 100 券 abcd-2345-efgh 现金 不打折 20 备注 生日蛋糕',
      {
        kind: 'consume',
        memberRef: '8123456789',
        amountFen: 10000,
        excludedFen: 2000,
        couponSn: 'ABCD2345EFGH',
        paidOutside: true,
        note: '生日蛋糕',
      },
    ],
    [
      'xf 13800138000 5',
      { kind: 'consume', memberRef: '13800138000', amountFen: 500, excludedFen: 0, paidOutside: false },
    ],
    ['充值 13800138000 500', { kind: 'recharge', memberRef: '13800138000', amountFen: 50000 }],
    ['充值，13800138000，500', { kind: 'recharge', memberRef: '13800138000', amountFen: 50000 }],
    [
      '积分 13800138000 +100 活动补录',
      { kind: 'points', memberRef: '13800138000', points: 100, reason: '活动补录' },
    ],
    ['积分 13800138000 －50', { kind: 'points', memberRef: '13800138000', points: -50 }],
    ['核销 ABCD 2345 EFGH', { kind: 'redeem', sn: 'ABCD2345EFGH' }],
    ['冲正 k7m2qx9p 输错了', { kind: 'reverse', entryNo: 'K7M2QX9P', reason: '输错了' }],
    ['查 13800138000', { kind: 'lookup', memberRef: '13800138000' }],
    ['查询 8123456789', { kind: 'lookup', memberRef: '8123456789' }],
    ['日报', { kind: 'report' }],
    ['日报 2026/11/20', { kind: 'report', day: '2026-11-20' }],
    ['月报', { kind: 'monthlyReport' }],
    ['月报 2026-10', { kind: 'monthlyReport', month: '2026-10' }],
    ['月报 2026年3月', { kind: 'monthlyReport', month: '2026-03' }],
    ['确认', { kind: 'confirm' }],
    ['绑定门店 S001', { kind: 'bindStore', storeCode: 'S001' }],
  ])('%s', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['消费', USAGE.consume, '手机号'],
    ['消费 1380013800 100', USAGE.consume, '手机号'],
    ['消费 13800138000', USAGE.consume, '缺少金额'],
    ['消费 13800138000 88.505', USAGE.consume, '88.505'],
    ['消费 13800138000 -5', USAGE.consume, '-5'],
    ['消费 13800138000 0', USAGE.consume, '0'],
    ['消费 13800138000 60000', USAGE.consume, '上限'],
    ['消费 13800138000 100 券', USAGE.consume, '券码'],
    ['消费 13800138000 100 打八折', USAGE.consume, '打八折'],
    ['充值 13800138000 abc', USAGE.recharge, 'abc'],
    ['积分 13800138000 100', USAGE.points, '+ 或 -'],
    ['积分 13800138000 +0', USAGE.points, '+ 或 -'],
    ['冲正', USAGE.reverse, '流水号'],
    ['核销', USAGE.redeem, '券码'],
    ['日报 昨天', USAGE.report, '日期'],
    ['查 张三', USAGE.lookup, '手机号'],
  ])('%s is refused with the right form', (text, usage, problem) => {
    const parsed = parse(text);
    expect(parsed?.ok).toBe(false);
    if (parsed && !parsed.ok) {
      expect(parsed.usage).toBe(usage);
      expect(parsed.problem).toContain(problem);
    }
  });

  it('leaves ordinary chat alone', () => {
    for (const t of ['大家好', '今天客人多吗', '消息收到了', '查看一下']) expect(parse(t)).toBeNull();
  });
});

describe('priceConsumption', () => {
  const cash10 = { sn: 'X', type: 'cash' as const, valueFen: 1000, discountPercent: 100, minSpendFen: 5000 };

  it('gold (8.8折) on 100.00 with a 10-yuan cash coupon pays 78.00', () => {
    expect(priceConsumption({ amountFen: 10000, excludedFen: 0, levelPercent: 88, coupon: cash10 })).toEqual({
      originalFen: 10000,
      levelDiscountFen: 1200,
      couponDiscountFen: 1000,
      payableFen: 7800,
    });
  });
  it('does not discount the excluded part', () => {
    expect(priceConsumption({ amountFen: 10000, excludedFen: 2000, levelPercent: 88 })).toMatchObject({
      levelDiscountFen: 960,
      payableFen: 9040,
    });
  });
  it('rounds half up to the fen', () => {
    expect(priceConsumption({ amountFen: 1005, excludedFen: 0, levelPercent: 95 })).toMatchObject({
      payableFen: 955,
    });
    expect(priceConsumption({ amountFen: 1, excludedFen: 0, levelPercent: 88 })).toMatchObject({
      payableFen: 1,
    });
  });
  it('checks the threshold before the coupon, and never pays below zero', () => {
    expect(priceConsumption({ amountFen: 5000, excludedFen: 0, levelPercent: 88, coupon: cash10 })).toBe(
      'BELOW_MIN_SPEND',
    );
    const big = { ...cash10, valueFen: 99999, minSpendFen: 0 };
    expect(
      priceConsumption({ amountFen: 500, excludedFen: 0, levelPercent: 100, coupon: big }),
    ).toMatchObject({ payableFen: 0 });
  });
  it('applies a discount coupon after the level discount, and refuses gifts and odd exclusions', () => {
    const nineOff = { sn: 'Y', type: 'discount' as const, valueFen: 0, discountPercent: 90, minSpendFen: 0 };
    expect(
      priceConsumption({ amountFen: 10000, excludedFen: 0, levelPercent: 88, coupon: nineOff }),
    ).toMatchObject({
      couponDiscountFen: 880,
      payableFen: 7920,
    });
    expect(
      priceConsumption({
        amountFen: 100,
        excludedFen: 0,
        levelPercent: 100,
        coupon: { ...nineOff, type: 'gift' },
      }),
    ).toBe('GIFT_NOT_FOR_CONSUMPTION');
    expect(priceConsumption({ amountFen: 100, excludedFen: 200, levelPercent: 100 })).toBe(
      'EXCLUDED_OVER_AMOUNT',
    );
  });
});

describe('parseAgentCommand', () => {
  it('reads agent commands and gives the right form for malformed ones', async () => {
    const { parseAgentCommand } = await import('../src/bot/agents/agent-command.js');
    expect(parseAgentCommand('工单')).toEqual({ ok: true, command: { kind: 'list' } });
    expect(parseAgentCommand('接单 t7k2qx')).toEqual({
      ok: true,
      command: { kind: 'take', ticketNo: 'T7K2QX' },
    });
    expect(parseAgentCommand('接单 7K2QX')).toEqual({
      ok: true,
      command: { kind: 'take', ticketNo: 'T7K2QX' },
    });
    expect(parseAgentCommand('回复 T7K2QX 您好 已处理')).toEqual({
      ok: true,
      command: { kind: 'reply', ticketNo: 'T7K2QX', text: '您好 已处理' },
    });
    expect(parseAgentCommand('结单 T7K2QX')).toEqual({
      ok: true,
      command: { kind: 'close', ticketNo: 'T7K2QX' },
    });
    expect(parseAgentCommand('转单 T7K2QX 客服小李')).toMatchObject({
      ok: true,
      command: { colleague: '客服小李' },
    });
    expect(parseAgentCommand('回复 T7K2QX')).toMatchObject({ ok: false });
    expect(parseAgentCommand('接单 ABC')).toMatchObject({ ok: false });
    expect(parseAgentCommand('你好')).toBeNull();
  });
});
