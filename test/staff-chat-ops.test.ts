// Cashiers and managers in a store's group chat, through POST /api/bot/messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';
import { StoreModel } from '../src/domain/models/store.js';
import { businessMonth, now } from '../src/domain/clock.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const GROUP = { group: 'store-1' };
const inGroup = async (from: string, text: string, messageId?: string) =>
  (await svc.say(from, text, { ...GROUP, ...(messageId ? { messageId } : {}) })).join('\n');
const member = async (phone: string) => (await svc.call('GET', `/api/members/${phone}`)).body;

const inboxUntil = (user: string, contains: string) =>
  eventually(async () => {
    const messages = (await svc.call('GET', `/api/bot/inbox/${user}`)).body.messages as Array<{
      text: string;
    }>;
    return messages.find((m) => m.text.includes(contains))?.text;
  });

async function cashCouponFor(phone: string): Promise<string> {
  const t = await svc.call('POST', '/api/coupon-templates', {
    body: { name: '十元代金券', type: 'cash', valueFen: 1000, minSpendFen: 5000, validDays: 30 },
  });
  const issued = await svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, {
    body: { count: 1, member: phone },
  });
  return issued.body.coupons[0].sn;
}

describe('at the counter', () => {
  it('a cashier consumes 100 for a gold member with a 10-yuan coupon; receipt and notice agree to the fen', async () => {
    const sn = await cashCouponFor('13800138000');
    const receipt = await inGroup('cashier-1', `消费 13800138000 100 券 ${sn}`);
    expect(receipt).toContain('消费成功');
    expect(receipt).toContain('138****8000');
    const figures = '原价 ¥100.00，会员折扣 -¥12.00，优惠券 -¥10.00，实付 ¥78.00（储值扣款）';
    expect(receipt).toContain(figures);
    expect(receipt).toContain('积分 +7');
    expect(receipt).toContain('余额 ¥472.00，积分 7');

    const no = /流水号 (\w+)/.exec(receipt)![1]!;
    const notice = await inboxUntil('alice', no);
    expect(notice).toContain(figures);
    expect(notice).toContain('积分 +7');
    expect(notice).toContain('余额 ¥472.00，积分 7');

    expect(await member('13800138000')).toMatchObject({ balanceFen: 47200, points: 7 });
    expect((await svc.call('GET', `/api/coupons/${sn}`)).body.status).toBe('used');
    expect(await inGroup('cashier-1', `消费 13800138000 100 券 ${sn}`)).toContain('已经使用过了');
  });

  it('a recharge gets its bonus tier, shown in one entry and told to the member', async () => {
    await svc.say('lisi-wx', '绑定 13900139000');
    await svc.say('lisi-wx', svc.sms.lastCodeFor('13900139000')!);
    const receipt = await inGroup('cashier-1', '充值 13900139000 500');
    expect(receipt).toContain('充值 ¥500.00，赠送 ¥50.00，到账 ¥550.00');
    expect(receipt).toContain('余额 ¥650.00');
    const no = /流水号 (\w+)/.exec(receipt)![1]!;
    expect(await inboxUntil('lisi-wx', no)).toContain('充值 ¥500.00，赠送 ¥50.00，到账 ¥550.00');
  });

  it('a retried group message (same message id) applies once and answers the same', async () => {
    const before = (await member('13700137000')).balanceFen;
    const first = await inGroup('cashier-1', '充值 13700137000 10', 'till-msg-1');
    const again = await inGroup('cashier-1', '充值 13700137000 10', 'till-msg-1');
    expect(again).toBe(first);
    expect((await member('13700137000')).balanceFen).toBe(before + 1000);
  });

  it('a large amount waits for 确认, and is applied once', async () => {
    const before = (await member('13700137000')).balanceFen;
    expect(await inGroup('cashier-1', '充值 13700137000 3000')).toContain('回复「确认」');
    expect((await member('13700137000')).balanceFen).toBe(before);
    expect(await inGroup('cashier-1', '确认')).toContain('充值成功');
    expect(await inGroup('cashier-1', '确认')).toContain('没有待确认');
    expect((await member('13700137000')).balanceFen).toBe(before + 300000 + 12000);
  });

  it('malformed commands get the right form back and change nothing', async () => {
    const entries = await LedgerEntryModel.countDocuments();
    const reply = await inGroup('cashier-1', '消费 13800138000 88.505');
    expect(reply).toContain('格式不对');
    expect(reply).toContain('正确写法：消费 <手机号|卡号> <金额>');
    expect(await inGroup('cashier-1', '消费 13012345678 10')).toContain('没有找到这位会员');
    expect(await inGroup('cashier-1', '消费 13800138000 99999')).toContain('上限');
    expect(await LedgerEntryModel.countDocuments()).toBe(entries);
  });
});

describe('who may do what', () => {
  it('refuses a sender who is not staff of the store, and ignores chit-chat', async () => {
    const before = (await member('13800138000')).balanceFen;
    expect(await inGroup('stranger', '消费 13800138000 10')).toContain('只有本店登记的店员');
    expect(await inGroup('alice', '充值 13800138000 100')).toContain('只有本店登记的店员');
    expect(await inGroup('cashier-1', '今天客人真多')).toBe('');
    expect((await member('13800138000')).balanceFen).toBe(before);
  });

  it('refuses store commands in a group that is not bound to a store, and writes nothing', async () => {
    const before = await member('13800138000');
    const entries = await LedgerEntryModel.countDocuments();
    expect((await svc.say('cashier-1', '消费 13800138000 10', { group: 'random-group' })).join()).toContain(
      '还没有绑定门店',
    );
    expect((await member('13800138000')).balanceFen).toBe(before.balanceFen);
    expect(await LedgerEntryModel.countDocuments()).toBe(entries);
  });

  it('a cashier’s 消费 on a frozen card is refused with who froze it, and nothing is taken', async () => {
    await svc.call('POST', '/api/members', { body: { phone: '13611112222', name: '冻结客' } });
    await svc.call('POST', '/api/members/13611112222/recharge', {
      body: { amount: '50' },
      key: 'frozen-seed',
    });
    expect((await inGroup('manager-1', '冻结 13611112222 卡片遗失待核实')).length).toBeGreaterThan(0);
    const entries = await LedgerEntryModel.countDocuments();
    const refused = await inGroup('cashier-1', '消费 13611112222 10');
    expect(refused).toContain('冻结');
    expect(refused).toContain('卡片遗失待核实');
    expect((await member('13611112222')).balanceFen).toBe(5000);
    expect(await LedgerEntryModel.countDocuments()).toBe(entries);
  });

  it('a cashier cannot reverse or adjust points; a manager reverses once and everything comes back', async () => {
    const sn = await cashCouponFor('13800138000');
    const before = await member('13800138000');
    const receipt = await inGroup('cashier-1', `消费 13800138000 200 券 ${sn}`);
    const no = /流水号 (\w+)/.exec(receipt)![1]!;

    expect(await inGroup('cashier-1', `冲正 ${no}`)).toContain('店长权限');
    expect(await inGroup('cashier-1', '积分 13800138000 +100')).toContain('店长权限');

    const reversed = await inGroup('manager-1', `冲正 ${no} 输错金额`);
    expect(reversed).toContain(`已冲正流水 ${no}`);
    expect(reversed).toContain(`优惠券 ${sn} 已退回`);
    expect(await inGroup('manager-1', `冲正 ${no}`)).toContain('已经冲正过了');

    expect(await member('13800138000')).toMatchObject({
      balanceFen: before.balanceFen,
      points: before.points,
      totalSpendFen: before.totalSpendFen,
    });
    expect((await svc.call('GET', `/api/coupons/${sn}`)).body.status).toBe('active');
    const notice = await inboxUntil('alice', '冲正提醒');
    expect(notice).toContain(no);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  });

  it('a reversal through the admin API gives the coupon back too, and only for the entry’s own member', async () => {
    const sn = await cashCouponFor('13800138000');
    const receipt = await inGroup('cashier-1', `消费 13800138000 100 券 ${sn}`);
    const no = /流水号 (\w+)/.exec(receipt)![1]!;
    expect((await svc.call('GET', `/api/coupons/${sn}`)).body.status).toBe('used');

    const wrongMember = await svc.call('POST', '/api/members/13900139000/reversal', {
      body: { entryNo: no },
      key: `wm-${no}`,
    });
    expect([wrongMember.status, wrongMember.body.error.code]).toEqual([404, 'ENTRY_NOT_FOUND']);

    const reversed = await svc.call('POST', '/api/members/13800138000/reversal', {
      body: { entryNo: no },
      key: `api-${no}`,
    });
    expect(reversed.status).toBe(200);
    expect((await svc.call('GET', `/api/coupons/${sn}`)).body.status).toBe('active');
    // A retried request answers the same and does not touch the coupon again.
    const again = await svc.call('POST', '/api/members/13800138000/reversal', {
      body: { entryNo: no },
      key: `api-${no}`,
    });
    expect(again.text).toBe(reversed.text);
  });

  it('a manager adjusts points, never below zero', async () => {
    expect(await inGroup('manager-1', '积分 13700137000 +30 活动补录')).toContain('积分 +30');
    expect(await inGroup('manager-1', '积分 13700137000 -99999')).toContain('积分不足');
  });
});

describe('the counter’s other tools', () => {
  it('looks a member up, redeems a gift at the counter, and prints the day’s report', async () => {
    const lookup = await inGroup('cashier-1', '查 13800138000');
    expect(lookup).toContain('138****8000');
    expect(lookup).toContain('金卡会员');

    const t = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '周年礼', type: 'gift', giftName: '帆布袋' },
    });
    const sn = (await svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, { body: { count: 1 } }))
      .body.coupons[0].sn;
    expect(await inGroup('cashier-1', `核销 ${sn}`)).toContain('已核销：周年礼');
    expect(await inGroup('cashier-1', `核销 ${sn}`)).toContain('已经使用过了');

    const report = await inGroup('manager-1', '日报');
    expect(report).toMatch(/消费 \d+ 笔/);
    expect(report).toContain('收银员小王');
  });
});

describe('月报', () => {
  it('sums the month’s ledger entries at this store, reversals on their own line, new members counted', async () => {
    const store = (await StoreModel.findOne({ groupChats: 'http:store-1' }).lean())!;
    const created = await svc.call('POST', '/api/members', {
      body: { phone: '13911112222', name: '月报新人', storeId: String(store._id) },
    });
    expect(created.status).toBe(201);
    await inGroup('cashier-1', '充值 13911112222 300');
    const receipt = await inGroup('cashier-1', '消费 13911112222 45.5');
    const no = /流水号 (\w+)/.exec(receipt)![1]!;
    expect(await inGroup('manager-1', `冲正 ${no} 测试`)).toContain(`已冲正流水 ${no}`);

    const month = businessMonth(now());
    const entries = await LedgerEntryModel.find({ storeId: store._id, month }).lean();
    const consumes = entries.filter((e) => e.kind === 'consume');
    const consumeFen = consumes.reduce((sum, e) => sum + e.spendDeltaFen, 0);
    const reversals = entries.filter((e) => e.kind === 'reversal').length;
    const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

    const report = await inGroup('manager-1', '月报');
    expect(report).toContain(`${store.name} ${month} 月报`);
    expect(report).toContain(`消费 ${consumes.length} 笔，合计 ${yuan(consumeFen)}`);
    expect(report).toMatch(new RegExp(`冲正 ${reversals} 笔：退回消费 ¥\\d+\\.\\d\\d`));
    expect(report).toMatch(/新会员 [1-9]\d* 人/);

    const empty = await inGroup('manager-1', '月报 2020-01');
    expect(empty).toContain('消费 0 笔，合计 ¥0.00');
    expect(empty).toContain('新会员 0 人');
    expect(await inGroup('manager-1', '月报 2026-13')).toContain('月份请写成 2026-10');
  });
});
