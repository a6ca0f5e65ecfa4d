// Count cards (计次卡): sold at the counter, used with 核次, kept like money: exactly once, never below zero,
// reversible by 冲正; the member reads them with 我的次卡.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  const plans = [
    { code: '11', name: '洗剪吹10次卡', service: '洗剪吹', uses: 10, price: '300', validDays: 365 },
    { code: '12', name: '护理3次卡', service: '护理', uses: 3, price: '90' },
  ];
  for (const body of plans)
    expect((await svc.call('POST', '/api/count-card-plans', { body })).status).toBe(201);
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, text: string, messageId?: string) =>
  (await svc.say(from, text, { group: 'store-1', ...(messageId ? { messageId } : {}) })).join('\n');
const card = async (phone: string) => (await svc.call('GET', `/api/members/${phone}`)).body;
const cardsOf = async (phone: string) =>
  (await svc.call('GET', `/api/members/${phone}/count-cards`)).body.cards as Array<{
    name: string;
    remaining: number;
  }>;

async function memberWith(phone: string, yuan: string) {
  expect((await svc.call('POST', '/api/members', { body: { phone } })).status).toBe(201);
  await svc.call('POST', `/api/members/${phone}/recharge`, { body: { amount: yuan }, key: `r-${phone}` });
}

describe('计次卡', () => {
  it('ten 核次 racing on 3 uses left: exactly 3 succeed, the card ends at 0 and the books add up', async () => {
    const phone = '13622220001';
    await memberWith(phone, '100');
    const sold = await svc.call('POST', `/api/members/${phone}/count-cards`, {
      body: { planCode: '12' },
      key: 'sell-12',
    });
    expect(sold.status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        svc.call('POST', `/api/members/${phone}/count-card-uses`, {
          body: { service: '护理' },
          key: `use-${i}`,
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(
      Array(7).fill('COUNT_CARD_USED_UP'),
    );
    expect(await cardsOf(phone)).toMatchObject([{ name: '护理3次卡', remaining: 0 }]);
    expect(await card(phone)).toMatchObject({ balanceFen: 1000 });
    const audit = (await svc.call('GET', '/api/ledger/audit')).body;
    expect(audit.problems).toEqual([]);
    // A retried request answers as the first time and takes nothing more.
    const retried = await svc.call('POST', `/api/members/${phone}/count-card-uses`, {
      body: { service: '护理' },
      key: `use-${answers.findIndex((a) => a.status === 200)}`,
    });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
  });

  it('in the store group: sold from stored value, 核次 once per message, the member is told and reads 我的次卡; 冲正 gives a use back', async () => {
    const phone = '13800138000'; // alice, a bound demo member with ¥500
    const before = await card(phone);
    const sale = await inGroup('cashier-1', `售次卡 ${phone} 11`);
    expect(sale).toContain('✅ 次卡已售出');
    expect(sale).toContain('洗剪吹10次卡（洗剪吹 10 次），实付 ¥300.00（储值扣款）');
    expect((await card(phone)).balanceFen).toBe(before.balanceFen - 30000);

    const used = await inGroup('cashier-1', `核次 ${phone} 洗剪吹`, 'use-alice-1');
    expect(used).toContain('洗剪吹 核销 1 次（洗剪吹10次卡），剩余 9 次');
    expect(await inGroup('cashier-1', `核次 ${phone} 洗剪吹`, 'use-alice-1')).toBe(used);
    expect(await cardsOf(phone)).toMatchObject([{ remaining: 9 }]);

    const notice = await eventually(async () => {
      const inbox = (await svc.call('GET', '/api/bot/inbox/alice')).body.messages as Array<{ text: string }>;
      return inbox.find((m) => m.text.startsWith('【次卡使用】'))?.text;
    });
    expect(notice).toContain('剩余 9 次');
    expect((await svc.say('alice', '我的次卡')).join()).toContain('洗剪吹10次卡（洗剪吹）剩余 9/10 次');

    const useNo = /流水号 (\w+)/.exec(used)![1]!;
    expect(await inGroup('manager-1', `冲正 ${useNo}`)).toContain('洗剪吹10次卡 +1 次');
    expect(await cardsOf(phone)).toMatchObject([{ remaining: 10 }]);
    expect((await svc.call('GET', '/api/ledger/audit')).body.problems).toEqual([]);
  });

  it('a sale whose uses were taken is not reversed; an unknown service names the member’s cards; nothing changes', async () => {
    const phone = '13622220002';
    await memberWith(phone, '100');
    const sale = await inGroup('cashier-1', `售次卡 ${phone} 12`);
    const saleNo = /流水号 (\w+)/.exec(sale)![1]!;
    await inGroup('cashier-1', `核次 ${phone} 护理`);
    expect(await inGroup('manager-1', `冲正 ${saleNo}`)).toContain('次卡只剩 2 次，退不回 3 次');
    expect(await inGroup('cashier-1', `核次 ${phone} 洗剪吹`)).toContain('现有次卡项目：护理');
    expect(await inGroup('cashier-1', `核次 ${phone}`)).toContain('请写项目名称');
    expect(await inGroup('cashier-1', `售次卡 ${phone} 99`)).toContain('没有这个次卡套餐编号');
    expect(await inGroup('cashier-1', `售次卡 ${phone} 11`)).toContain('卡内余额不足');
    expect(await cardsOf(phone)).toMatchObject([{ name: '护理3次卡', remaining: 2 }]);
    expect(await card(phone)).toMatchObject({ balanceFen: 1000 });
  });
});
