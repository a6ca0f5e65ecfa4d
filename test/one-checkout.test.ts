// One programme, one checkout: the store's group chat and the HTTP API call the same use cases, so the
// same request through either door gives the same money, points, level and notices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { CouponModel } from '../src/domain/models/coupon.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';
import { BUSINESS_TZ, now } from '../src/domain/clock.js';

let svc: TestService;
let cashierToken: string;
let managerToken: string;

beforeAll(async () => {
  // Large amounts go straight through here; the 确认 step has its own test.
  svc = await startTestService({ CONFIRM_ABOVE_FEN: '5000000' });
  const staff = (await svc.call('GET', '/api/staff')).body.staff as Array<{ id: string; name: string }>;
  const token = async (name: string) =>
    (await svc.call('POST', `/api/staff/${staff.find((s) => s.name === name)!.id}/tokens`, { body: {} })).body
      .token as string;
  cashierToken = await token('收银员小王');
  managerToken = await token('店长老李');
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, text: string, group = 'store-1') =>
  (await svc.say(from, text, { group })).join('\n');
let keys = 0;
const key = () => `k-${++keys}`;

/** A member bound to a chat account (so notices reach an inbox), registered at the demo store. */
async function newMember(phone: string, user: string, extra: Record<string, unknown> = {}) {
  const created = await svc.call('POST', '/api/members', { body: { phone, name: user, ...extra } });
  expect(created.status).toBe(201);
  await svc.say(user, `绑定 ${phone}`);
  expect((await svc.say(user, svc.sms.lastCodeFor(phone)!)).join()).toContain('绑定成功');
  return created.body as { id: string };
}

const card = async (phone: string) => (await svc.call('GET', `/api/members/${phone}`)).body;

/** The figures of an entry that must not depend on the door (numbers, ids and times aside). */
function figures(e: Record<string, unknown>) {
  const { no: _no, memberId: _m, at: _at, seq: _s, channel: _c, staffId: _st, reversesNo: _r, ...rest } = e;
  const details = { ...(rest.details as Record<string, unknown>) };
  delete details.couponSn;
  delete details.sn;
  return { ...rest, details };
}

async function newestEntry(phone: string) {
  return (await svc.call('GET', `/api/members/${phone}/history?limit=1`)).body.entries[0];
}

/**
 * The member's notices of changes to their card (not of coupons handed to them, which these tests set up),
 * with ledger numbers, SNs and times masked, so two members' can be compared.
 */
async function noticesOf(user: string, count: number): Promise<string[]> {
  return eventually(async () => {
    const messages = (
      (await svc.call('GET', `/api/bot/inbox/${user}`)).body.messages as Array<{ text: string }>
    ).filter((m) => !m.text.startsWith('【领券提醒】'));
    if (messages.length < count) return undefined;
    return messages.map((m) =>
      m.text
        .replace(/\b[0-9A-Z]{8,12}\b/g, '#')
        .replace(/\d{2}-\d{2} \d{2}:\d{2}/g, 'T')
        .replace(/twin-[ab]|13[0-9]{9}/g, 'X'),
    );
  });
}

async function couponFor(phone: string, body: Record<string, unknown>) {
  const t = await svc.call('POST', '/api/coupon-templates', { body });
  expect(t.status).toBe(201);
  const issued = await svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, {
    body: { count: 1, member: phone },
  });
  return issued.body.coupons[0].sn as string;
}

describe('the same request through chat and through HTTP', () => {
  const A = '13600000001'; // served in the store's group chat
  const B = '13600000002'; // served over HTTP with the cashier's and manager's tokens

  it('recharge: the same bonus, balance and notice', async () => {
    await newMember(A, 'twin-a');
    await newMember(B, 'twin-b');
    const receipt = await inGroup('cashier-1', `充值 ${A} 500`);
    expect(receipt).toContain('充值 ¥500.00，赠送 ¥50.00，到账 ¥550.00');
    const http = await svc.call('POST', `/api/members/${B}/recharge`, {
      token: cashierToken,
      key: key(),
      body: { amount: '500' },
    });
    expect(http.status).toBe(200);
    expect(http.body.entry.details).toEqual({ paidFen: 50000, bonusFen: 5000 });
    expect(figures(await newestEntry(A))).toEqual(figures(await newestEntry(B)));
    expect(await noticesOf('twin-a', 1)).toEqual(await noticesOf('twin-b', 1));
  });

  it('consume with a coupon: the same price, points, level and notice', async () => {
    const cash = { name: '十元代金券', type: 'cash', valueFen: 1000, minSpendFen: 5000, validDays: 30 };
    const snA = await couponFor(A, cash);
    const snB = await couponFor(B, cash);
    const receipt = await inGroup('cashier-1', `消费 ${A} 100 券 ${snA} 不打折 20`);
    expect(receipt).toContain('实付 ¥90.00（储值扣款）');
    const http = await svc.call('POST', `/api/members/${B}/consume`, {
      token: cashierToken,
      key: key(),
      body: { amount: '100', couponSn: snB, excludedAmount: '20' },
    });
    expect(http.status).toBe(200);
    expect(http.body.entry.details).toMatchObject({
      originalFen: 10000,
      couponDiscountFen: 1000,
      paidFen: 9000,
    });
    expect(http.body.member).toMatchObject({ balanceFen: 46000, points: 9 });
    expect(figures(await newestEntry(A))).toEqual(figures(await newestEntry(B)));
    expect((await svc.call('GET', `/api/coupons/${snA}`)).body.status).toBe('used');
    expect((await svc.call('GET', `/api/coupons/${snB}`)).body.status).toBe('used');
    expect(await noticesOf('twin-a', 2)).toEqual(await noticesOf('twin-b', 2));
  });

  it('reversal: the same money back, the coupon back, the same notice; only by the entry’s own store', async () => {
    const a = await newestEntry(A);
    const b = await newestEntry(B);
    // A manager of another store is refused through both doors.
    const s2 = await svc.call('POST', '/api/stores', { body: { code: 'S002', name: '会员小店·徐家汇店' } });
    const other = await svc.call('POST', '/api/staff', {
      body: { name: '徐家汇店长', roles: ['manager'], storeIds: [s2.body.id] },
    });
    const otherToken = (await svc.call('POST', `/api/staff/${other.body.id}/tokens`, { body: {} })).body
      .token;
    await svc.call('POST', `/api/staff/${other.body.id}/identities`, {
      body: { channel: 'http', externalId: 'manager-2' },
    });
    await svc.call('POST', `/api/stores/${s2.body.id}/groups`, {
      body: { channel: 'http', chatId: 'store-2' },
    });
    const refused = await svc.call('POST', `/api/members/${B}/reversal`, {
      token: otherToken,
      key: key(),
      body: { entryNo: b.no },
    });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'ENTRY_OTHER_STORE']);
    expect(await inGroup('manager-2', `冲正 ${a.no}`, 'store-2')).toContain('不是您所在门店的');

    const receipt = await inGroup('manager-1', `冲正 ${a.no} 输错金额`);
    expect(receipt).toContain('本次冲正：余额 +¥90.00，积分 -9');
    expect(receipt).toContain('卡内现有：余额 ¥550.00，积分 0');
    const http = await svc.call('POST', `/api/members/${B}/reversal`, {
      token: managerToken,
      key: key(),
      body: { entryNo: b.no, reason: '输错金额' },
    });
    expect(http.status).toBe(200);
    expect(http.body.restoredCouponSn).toBe(b.details.couponSn);
    expect(figures(await newestEntry(A))).toEqual(figures(await newestEntry(B)));
    expect((await card(A)).balanceFen).toBe(55000);
    expect((await card(B)).balanceFen).toBe(55000);
    expect((await svc.call('GET', `/api/coupons/${a.details.couponSn}`)).body.status).toBe('active');
    expect((await svc.call('GET', `/api/coupons/${b.details.couponSn}`)).body.status).toBe('active');
    expect(await noticesOf('twin-a', 3)).toEqual(await noticesOf('twin-b', 3));
  });

  it('coupon use at the counter: a gift handed over through either door is one ledger entry and one notice', async () => {
    const gift = { name: '生日礼', type: 'gift', giftName: '蛋糕' };
    const snA = await couponFor(A, gift);
    const snB = await couponFor(B, gift);
    expect(await inGroup('cashier-1', `核销 ${snA}`)).toContain('已核销：生日礼（礼品：蛋糕）');
    const http = await svc.call('POST', `/api/coupons/${snB}/redeem`, {
      token: cashierToken,
      key: key(),
      body: {},
    });
    expect([http.status, http.body.entry.kind]).toEqual([200, 'gift_redeem']);
    expect(figures(await newestEntry(A))).toEqual(figures(await newestEntry(B)));
    expect(await noticesOf('twin-a', 4)).toEqual(await noticesOf('twin-b', 4));
    expect(await inGroup('cashier-1', `核销 ${snA}`)).toContain('已经使用过了');
  });

  it('crossing the 钻石 threshold upgrades the member through either door, and tells them once', async () => {
    const receipt = await inGroup('cashier-1', `消费 ${A} 20000 现金`);
    expect(receipt).toContain('🎉 已升级为钻石会员（8折）');
    const http = await svc.call('POST', `/api/members/${B}/consume`, {
      token: cashierToken,
      key: key(),
      body: { amount: '20000', paidOutside: true },
    });
    expect(http.body.upgradedTo).toMatchObject({ code: 'diamond', name: '钻石会员' });
    const [a, b] = [await noticesOf('twin-a', 6), await noticesOf('twin-b', 6)];
    expect(a).toEqual(b);
    expect(a.filter((t) => t.includes('升级提醒'))).toEqual([
      '🎉【升级提醒】恭喜您升级为钻石会员！享8折，权益：每消费 10 元积 1 分、消费8折、生日当天消费双倍积分、专属客服。',
    ]);
  });

  it('a discount changed through the API prices the next consume in both doors', async () => {
    const changed = await svc.call('PUT', '/api/programme/levels/diamond', {
      body: {
        code: 'diamond',
        name: '钻石会员',
        discountPercent: 75,
        threshold: 2000000,
        rank: 4,
        extraBenefits: ['专属客服'],
      },
    });
    expect(changed.status).toBe(200);
    expect(await inGroup('cashier-1', `消费 ${A} 100`)).toContain('会员折扣 -¥25.00，实付 ¥75.00');
    const http = await svc.call('POST', `/api/members/${B}/consume`, {
      token: cashierToken,
      key: key(),
      body: { amount: '100' },
    });
    expect(http.body.entry.details).toMatchObject({ levelDiscountFen: 2500, paidFen: 7500 });
    expect(http.body.level).toMatchObject({ code: 'diamond', discountPercent: 75 });
  });
});

describe('the programme’s rules', () => {
  it('a birthday purchase earns what the rule says, in both doors', async () => {
    const today = dayjs(now()).tz(BUSINESS_TZ);
    const birthday = `1990-${today.format('MM-DD')}`;
    const other = today.add(2, 'month').format('MM-DD');
    await newMember('13600000011', 'bday', { birthday });
    await newMember('13600000012', 'plain', { birthday: `1990-${other}` });
    // Until the rules say otherwise, only 金卡 and 钻石 get the birthday multiplier.
    expect(await inGroup('cashier-1', '消费 13600000011 88 现金')).toContain('积分 +8');
    const rules = (await svc.call('GET', '/api/programme')).body.rules;
    const put = await svc.call('PUT', '/api/programme/rules', {
      body: { ...rules, birthday: { multiplier: 2, scope: 'day', levelCodes: [] } },
    });
    expect(put.status).toBe(200);
    expect(await inGroup('cashier-1', '消费 13600000011 88 现金')).toContain('积分 +16（生日 8×2）');
    expect(await inGroup('cashier-1', '消费 13600000012 88 现金')).toContain('积分 +8');
    const http = await svc.call('POST', '/api/members/13600000011/consume', {
      token: cashierToken,
      key: key(),
      body: { amount: '88', paidOutside: true },
    });
    expect(http.body.entry.pointsDelta).toBe(16);
    // The promise at registration comes from the same rule.
    expect((await svc.say('newcomer', '领卡')).join()).toContain('手机号');
    await svc.say('newcomer', '13600000013');
    await svc.say('newcomer', svc.sms.lastCodeFor('13600000013')!);
    expect((await svc.say('newcomer', '小新')).join()).toContain('生日当天消费双倍积分');
  });

  it('refuses rules and levels that cannot work, and a level members hold', async () => {
    const bad = await svc.call('PUT', '/api/programme/levels', {
      body: {
        levels: [
          { code: 'normal', name: '普通会员', discountPercent: 100, threshold: 0, rank: 1 },
          { code: 'silver', name: '银卡会员', discountPercent: 95, threshold: 0, rank: 2 },
        ],
      },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const dropping = await svc.call('PUT', '/api/programme/levels', {
      body: { levels: [{ code: 'normal', name: '普通会员', discountPercent: 100, threshold: 0, rank: 1 }] },
    });
    expect([dropping.status, dropping.body.error.code]).toEqual([409, 'LEVEL_IN_USE']);
    const unknownField = await svc.call('PUT', '/api/programme/levels/gold', {
      body: { code: 'gold', name: '金卡', discountPercent: 88, threshold: 500000, rank: 3, bonus: 1 },
    });
    expect(unknownField.status).toBe(400);
    expect((await inGroup('manager-1', '等级')).split('\n')).toContain(
      '· 金卡会员（gold）累计实付满 ¥5000.00：每消费 10 元积 1 分、消费8.8折、生日当天消费双倍积分',
    );
    expect(await inGroup('manager-1', '规则')).toContain(
      '充值赠送：充 ¥500.00 送 ¥50.00；充 ¥1000.00 送 ¥120.00',
    );
    expect(await inGroup('cashier-1', '规则')).toContain('店长权限');
  });

  it('更新等级 moves members up after a threshold is lowered, as a job, and tells them and the group', async () => {
    await newMember('13600000021', 'riser');
    await inGroup('cashier-1', '消费 13600000021 300 现金');
    expect((await card('13600000021')).levelId).toBe((await card('13700137000')).levelId); // still 普通
    const silver = (await svc.call('GET', '/api/programme')).body.levels.find(
      (l: { code: string }) => l.code === 'silver',
    );
    const { benefits: _b, ...level } = silver;
    expect(
      (await svc.call('PUT', '/api/programme/levels/silver', { body: { ...level, threshold: 20000 } }))
        .status,
    ).toBe(200);
    expect(await inGroup('manager-1', '更新等级')).toContain('总部权限');
    expect(await inGroup('owner-1', '更新等级')).toContain('已开始');
    await eventually(async () => {
      const inbox = (await svc.call('GET', '/api/bot/inbox/store-1')).body.messages as Array<{
        text: string;
      }>;
      return inbox.find((m) => m.text.includes('等级更新完成'));
    });
    const notices = await noticesOf('riser', 2);
    expect(notices.filter((t) => t.includes('升级为银卡会员'))).toHaveLength(1);
    // A repeat finds nothing more to do and tells nobody twice.
    const job = await svc.call('POST', '/api/programme/recompute-levels', { key: key() });
    expect(job.status).toBe(202);
    const status = await eventually(async () => {
      const s = (await svc.call('GET', `/api/programme/recompute-levels/${job.body.jobId}`)).body;
      return s.state === 'completed' ? s : undefined;
    });
    expect(status).toMatchObject({ progress: 100, result: { upgraded: 0 } });
    expect((await noticesOf('riser', 2)).filter((t) => t.includes('升级'))).toHaveLength(1);
  });
});

describe('冻结 and 解冻, each one new command file', () => {
  it('a manager freezes with a reason; the cashier is told who, when and why; the member is told', async () => {
    await newMember('13600000031', 'frosty');
    expect(await inGroup('cashier-1', '冻结 13600000031 会员挂失')).toContain('店长权限');
    expect(await inGroup('manager-1', '冻结 13600000031')).toContain('请写明冻结原因');
    expect(await inGroup('manager-1', '冻结 13600000031 会员挂失')).toContain('已冻结');
    const refused = await inGroup('cashier-1', '充值 13600000031 100');
    expect(refused).toMatch(/已冻结（由店长老李于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 冻结，原因：会员挂失）/);
    expect((await noticesOf('frosty', 1))[0]).toContain('原因：会员挂失');
    expect(await inGroup('manager-1', '解冻 13600000031')).toContain('已解冻');
    expect(await inGroup('cashier-1', '充值 13600000031 100')).toContain('充值成功');
  });
});

describe('coupon limits hold under concurrency', () => {
  it('a template with total quota 100 raced by 200 claims issues exactly 100', async () => {
    const t = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '限量券', type: 'cash', valueFen: 500, validDays: 7, totalQuota: 100 },
    });
    expect(t.body.totalQuota).toBe(100);
    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, { body: { count: 1 } }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(new Set(answers.filter((a) => a.status !== 201).map((a) => a.body.error.code))).toEqual(
      new Set(['COUPON_QUOTA_REACHED']),
    );
    expect(await CouponModel.countDocuments({ templateId: t.body.id })).toBe(100);
  });

  it('one member racing 20 claims against a per-member limit of 1 gets 1', async () => {
    const t = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '每人一张', type: 'cash', valueFen: 500, validDays: 7, perMemberLimit: 1 },
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, {
          body: { count: 1, member: '13700137000' },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.body.error?.code === 'COUPON_MEMBER_LIMIT')).toHaveLength(19);
    expect(await CouponModel.countDocuments({ templateId: t.body.id })).toBe(1);
  });

  it('an issue request repeated with its Idempotency-Key returns the same coupons', async () => {
    const t = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '重发券', type: 'cash', valueFen: 500, validDays: 7, totalQuota: 5 },
    });
    const first = await svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, {
      key: 'issue-1',
      body: { count: 3 },
    });
    const again = await svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, {
      key: 'issue-1',
      body: { count: 3 },
    });
    expect(again.body.coupons.map((c: { sn: string }) => c.sn)).toEqual(
      first.body.coupons.map((c: { sn: string }) => c.sn),
    );
    expect(await CouponModel.countDocuments({ templateId: t.body.id })).toBe(3);
  });

  it('refuses fields it would not enforce', async () => {
    const r = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '神秘券', type: 'cash', valueFen: 500, audience: ['gold'] },
    });
    expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('every refusal has its sentence', () => {
  it('a points adjustment over the domain’s limit is a form error, not a system error', async () => {
    const before = await LedgerEntryModel.countDocuments();
    const reply = await inGroup('manager-1', '积分 13800138000 +1000001');
    expect(reply).toContain('一次最多调整 1000000 积分');
    expect(reply).not.toContain('系统');
    expect(await LedgerEntryModel.countDocuments()).toBe(before);
  });

  it('not enough balance says how much there is, how much is needed, and how to pay the rest', async () => {
    expect(await inGroup('cashier-1', '消费 13700137000 10000')).toContain(
      '卡内余额不足：余额 ¥0.00，本单需 ¥10000.00。可先「充值」，或在指令末尾加「现金」改用现金/其他方式支付。',
    );
  });
});
