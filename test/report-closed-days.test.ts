// A month's report from its closed days: a day that has ended is summed once and kept, the open day is read
// live, and the figures are the same whichever way they were got, across days and across the month's end;
// the month-end stored value is still what members hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { startTestService, type TestService } from './support/service.js';
import { BUSINESS_TZ, businessDay, businessMonth, now, resetClock, shiftClock } from '../src/domain/clock.js';
import { ReportRollupModel } from '../src/domain/models/report-rollup.js';

const DAY = 86_400_000;
const PHONES = ['13800138000', '13900139000', '13700137000'];
let svc: TestService;
let month: string;

beforeAll(async () => {
  // The 10th of next month, noon in Beijing: the next day is in the same month, and the 1st is far off.
  const target = dayjs().tz(BUSINESS_TZ).add(1, 'month').date(10).hour(12).minute(0).second(0);
  shiftClock(target.valueOf() - Date.now());
  month = businessMonth(now());
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
  resetClock();
});

const report = async (m = month) => (await svc.call('GET', `/api/reports/monthly?month=${m}`)).body;
const recharge = (phone: string, amount: string, key: string) =>
  svc.call('POST', `/api/members/${phone}/recharge`, { body: { amount }, key });

async function balancesHeld(): Promise<number> {
  let sum = 0;
  for (const phone of [...PHONES, '13611112222']) {
    const member = await svc.call('GET', `/api/members/${phone}`);
    if (member.status === 200) sum += member.body.balanceFen;
  }
  return sum;
}

describe('a month from its closed days', () => {
  it('gives the same figures before and after its days close, and counts what came after', async () => {
    const first = businessDay(now());
    await recharge('13700137000', '100', 'closed-days-1');
    const onTheDay = await report();

    shiftClock(DAY); // the first day has closed
    const afterClose = await report();
    expect(afterClose.overall).toEqual(onTheDay.overall);
    expect(afterClose.stores).toEqual(onTheDay.stores);
    expect(await ReportRollupModel.exists({ _id: `day:${first}` })).not.toBeNull();
    expect((await report()).overall).toEqual(onTheDay.overall); // read back from what was kept

    await recharge('13700137000', '50', 'closed-days-2');
    const created = await svc.call('POST', '/api/members', {
      body: { phone: '13611112222', name: '赵六' },
      key: 'reg-1',
    });
    expect(created.status).toBe(201);
    const nextDay = await report();
    expect(nextDay.overall.rechargePaidFen - onTheDay.overall.rechargePaidFen).toBe(5000);
    expect(nextDay.overall.newMembers - onTheDay.overall.newMembers).toBe(1);
    expect(nextDay.outstanding.storedValueFen).toBe(await balancesHeld());
  });

  it('keeps a closed month whole, and the next month starts from its month-end balance', async () => {
    const before = await report();
    shiftClock(30 * DAY); // into the month after
    const next = businessMonth(now());
    expect(next).not.toBe(month);
    const closed = await report();
    expect(closed.overall).toEqual(before.overall);
    expect(closed.outstanding).toEqual(before.outstanding);
    expect(await ReportRollupModel.exists({ _id: `movement:${month}` })).not.toBeNull();

    await svc.call('POST', '/api/members/13700137000/consume', {
      body: { amount: '20' },
      key: 'closed-days-3',
    });
    const now2 = await report(next);
    expect(now2.overall.consumeCount).toBe(1);
    expect(now2.outstanding.storedValueFen).toBe(await balancesHeld());
    expect(now2.outstanding.storedValueFen).toBe(
      before.outstanding.storedValueFen - now2.overall.paidFromBalanceFen,
    );
    expect((await report()).outstanding).toEqual(before.outstanding); // the closed month is not moved by it
  });
});
