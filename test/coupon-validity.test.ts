// Coupons a member holds: told when they are issued; the last day is a whole day in the programme's time
// zone (Asia/Shanghai), through every door.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { businessDay, now, resetClock, shiftClock } from '../src/domain/clock.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});
afterEach(() => resetClock());

async function couponValidTo(validTo: string): Promise<{ sn: string; expiresAt: string }> {
  const template = await svc.call('POST', '/api/coupon-templates', {
    body: { name: '五元券', type: 'cash', valueFen: 500, validTo },
  });
  expect(template.status).toBe(201);
  const issued = await svc.call('POST', `/api/coupon-templates/${template.body.id}/issue`, {
    body: { count: 1, member: '13800138000' },
  });
  expect(issued.status).toBe(201);
  return issued.body.coupons[0];
}

describe('coupon validity', () => {
  it('a coupon valid to a day lasts to the end of that day in Beijing, then is refused in words', async () => {
    const today = businessDay(now());
    const coupon = await couponValidTo(today);
    expect(coupon.expiresAt).toBe(`${today}T15:59:59.999Z`); // 23:59:59.999 in Beijing, not 08:00

    const lastMoment = new Date(coupon.expiresAt).getTime();
    shiftClock(lastMoment - 60_000 - Date.now()); // one minute before midnight in Beijing
    const inTime = await svc.say('cashier-1', `消费 13800138000 20 券 ${coupon.sn}`, { group: 'store-1' });
    expect(inTime.join()).toContain('消费成功');

    resetClock();
    const late = await couponValidTo(today);
    shiftClock(lastMoment + 60_000 - Date.now()); // one minute after midnight
    const refused = await svc.say('cashier-1', `消费 13800138000 20 券 ${late.sn}`, { group: 'store-1' });
    expect(refused.join()).toContain(`这张券已于`);
    expect(refused.join()).toContain('过期');
  });

  it('an ISO time stays exact, and a malformed date is a 400 with a code', async () => {
    const exact = '2030-01-31T04:00:00.000Z';
    expect((await couponValidTo(exact)).expiresAt).toBe(exact);
    const bad = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '坏日期', type: 'cash', valueFen: 500, validTo: '11月30日' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('the member is told once when coupons are issued to them, even if the request is repeated', async () => {
    const template = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '周年礼券', type: 'cash', valueFen: 1000, minSpendFen: 5000, validTo: '2030-06-30' },
    });
    const issue = () =>
      svc.call('POST', `/api/coupon-templates/${template.body.id}/issue`, {
        body: { count: 2, member: '13800138000' },
        key: 'anniversary-1',
      });
    const [first, again] = [await issue(), await issue()];
    expect(again.body.coupons).toEqual(first.body.coupons);
    const told = await eventually(async () => {
      const inbox = (await svc.call('GET', '/api/bot/inbox/alice')).body.messages as Array<{ text: string }>;
      const notices = inbox.filter((m) => m.text.includes('周年礼券'));
      return notices.length ? notices : undefined;
    });
    await new Promise((r) => setTimeout(r, 500)); // a second notice, if any, would have arrived by now
    const inbox = (await svc.call('GET', '/api/bot/inbox/alice')).body.messages as Array<{ text: string }>;
    expect(inbox.filter((m) => m.text.includes('周年礼券'))).toHaveLength(1);
    expect(told[0]!.text).toBe(
      '【领券提醒】您获得 2 张周年礼券（抵扣¥10.00，满¥50.00可用），2030-06-30 前有效。发送「我的券」查看券码。',
    );
  });
});
