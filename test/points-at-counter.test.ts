// Points as payment at the counter (积分抵扣): a cashier takes part of a bill in points, exactly, within the
// programme's share; the member is told, and a reversal gives everything back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, text: string) =>
  (await svc.say(from, text, { group: 'store-1' })).join('\n');
const card = async (phone: string) => (await svc.call('GET', `/api/members/${phone}`)).body;

/** A member at the entry level (no discount) with 200.00 stored and 3,000 points. */
async function memberWith(phone: string) {
  expect((await svc.call('POST', '/api/members', { body: { phone } })).status).toBe(201);
  await svc.call('POST', `/api/members/${phone}/recharge`, { body: { amount: '200' }, key: `r-${phone}` });
  await svc.call('POST', `/api/members/${phone}/points`, { body: { points: 3000 }, key: `p-${phone}` });
  expect(await card(phone)).toMatchObject({ balanceFen: 20000, points: 3000 });
}

describe('积分抵扣 at the counter', () => {
  it('2,000 points pay 20.00 of a 100.00 bill; money pays the rest and alone earns points; 冲正 gives it all back', async () => {
    const phone = '13611110001';
    await memberWith(phone);
    const receipt = await inGroup('cashier-1', `消费 ${phone} 100 积分抵扣 2000`);
    expect(receipt).toContain('原价 ¥100.00，积分抵扣 -¥20.00（2000 积分），实付 ¥80.00（储值扣款）');
    expect(receipt).toContain('积分 +8，抵扣 -2000');
    expect(await card(phone)).toMatchObject({ balanceFen: 12000, points: 1008, totalSpendFen: 8000 });

    const no = /流水号 (\w+)/.exec(receipt)![1]!;
    const history = (await svc.call('GET', `/api/members/${phone}/history`)).body.entries[0];
    expect(history).toMatchObject({ no, balanceDeltaFen: -8000, pointsDelta: 8 - 2000 });

    expect(await inGroup('manager-1', `冲正 ${no} 抵扣错了`)).toContain(`已冲正流水 ${no}`);
    expect(await card(phone)).toMatchObject({ balanceFen: 20000, points: 3000, totalSpendFen: 0 });
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  });

  it('more than the share, more than the card holds, or none at all: a clear refusal and nothing changes', async () => {
    const phone = '13611110002';
    await memberWith(phone);
    expect(await inGroup('cashier-1', `消费 ${phone} 100 积分抵扣 6000`)).toContain(
      '积分最多抵扣本单的 50%，这一单最多可用 5000 积分。',
    );
    expect(await inGroup('cashier-1', `消费 ${phone} 100 积分抵扣 4000`)).toContain(
      '积分不足：现有 3000 积分，需要 4000。',
    );
    expect(await inGroup('cashier-1', `消费 ${phone} 100 积分抵扣`)).toContain('「积分抵扣」后面要写积分数');
    expect(await card(phone)).toMatchObject({ balanceFen: 20000, points: 3000 });
  });

  it('over HTTP: the same figures, and a repeat of the request applies nothing more', async () => {
    const phone = '13611110003';
    await memberWith(phone);
    const pay = () =>
      svc.call('POST', `/api/members/${phone}/consume`, {
        body: { amount: '100', pointsToUse: 2000 },
        key: 'till-points-1',
      });
    const first = await pay();
    expect(first.status).toBe(200);
    expect(first.body.entry).toMatchObject({ balanceDeltaFen: -8000, pointsDelta: -1992 });
    expect(first.body.entry.details).toMatchObject({ pointsUsed: 2000, pointsValueFen: 2000, paidFen: 8000 });
    const again = await pay();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.entry.no).toBe(first.body.entry.no);
    expect(await card(phone)).toMatchObject({ balanceFen: 12000, points: 1008 });

    const over = await svc.call('POST', `/api/members/${phone}/consume`, {
      body: { amount: '10', pointsToUse: 900 },
      key: 'till-points-2',
    });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'POINTS_PAYMENT_OVER_LIMIT', details: { maxPoints: 500 } });
  });
});
