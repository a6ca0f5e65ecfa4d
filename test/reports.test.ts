// Reports: a business month's totals equal the sum of its ledger entries, overall and per store; coupon
// performance; each store's group gets its 月报 once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { LedgerEntryModel, type LedgerEntry } from '../src/domain/models/ledger-entry.js';
import { businessMonth, now } from '../src/domain/clock.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, text: string) =>
  (await svc.say(from, text, { group: 'store-1' })).join('\n');

describe('monthly reports', () => {
  it('the month’s figures are the sums of its ledger entries, overall and at the store; reversals on their own line', async () => {
    await inGroup('cashier-1', '充值 13900139000 1000');
    await inGroup('cashier-1', '消费 13900139000 88.5');
    const wrong = await inGroup('cashier-1', '消费 13900139000 20');
    await inGroup('manager-1', `冲正 ${/流水号 (\w+)/.exec(wrong)![1]}`);
    await svc.call('POST', '/api/members/13700137000/recharge', { body: { amount: '50' }, key: 'office-1' });

    const month = businessMonth(now());
    const report = (await svc.call('GET', `/api/reports/monthly?month=${month}`)).body;
    const entries = await LedgerEntryModel.find({ month }).lean<LedgerEntry[]>();
    const sum = (of: LedgerEntry[], pick: (e: LedgerEntry) => number) => of.reduce((a, e) => a + pick(e), 0);
    const consumes = entries.filter((e) => e.kind === 'consume');
    const recharges = entries.filter((e) => e.kind === 'recharge');
    expect(report.overall).toMatchObject({
      consumeCount: consumes.length,
      consumeFen: sum(consumes, (e) => e.spendDeltaFen),
      rechargePaidFen: sum(recharges, (e) => Number(e.details.paidFen)),
      rechargeBonusFen: sum(recharges, (e) => Number(e.details.bonusFen)),
      pointsIssued: sum(entries, (e) => Math.max(0, e.pointsDelta)),
      pointsTaken: sum(entries, (e) => Math.max(0, -e.pointsDelta)),
      reversalCount: 1,
      reversedConsumeFen: 2000 * 0.95,
    });
    const s001 = report.stores.find((s: { code: string }) => s.code === 'S001');
    const atStore = entries.filter((e) => e.storeId && String(e.storeId) === s001.storeId);
    expect(s001.consumeFen).toBe(
      sum(
        atStore.filter((e) => e.kind === 'consume'),
        (e) => e.spendDeltaFen,
      ),
    );
    const storeRecharges = atStore.filter((e) => e.kind === 'recharge');
    expect(s001.rechargePaidFen).toBe(sum(storeRecharges, (e) => Number(e.details.paidFen)));
    expect(report.overall.rechargePaidFen - s001.rechargePaidFen).toBe(5000); // the office's recharge, at no store
    expect((await svc.call('GET', '/api/reports/monthly?month=2026-13')).status).toBe(400);

    const sheet = await fetch(`${svc.url}/api/reports/monthly.xlsx?month=${month}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await sheet.arrayBuffer()) as ArrayBuffer);
    const lines = book.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    const total = lines.find((l) => l[1] === '合计')!;
    expect(total.slice(2, 4)).toEqual([report.overall.consumeCount, report.overall.consumeFen / 100]);
  });

  it('each store group gets its month once, however often it is sent', async () => {
    const month = businessMonth(now());
    expect((await svc.call('POST', '/api/reports/monthly/send', { body: { month } })).body).toMatchObject({
      sent: 1,
    });
    expect((await svc.call('POST', '/api/reports/monthly/send', { body: { month } })).body).toMatchObject({
      sent: 0,
    });
    const told = await eventually(async () => {
      const inbox = (await svc.call('GET', '/api/bot/inbox/store-1')).body.messages as Array<{
        text: string;
      }>;
      return inbox.find((m) => m.text.includes(month))?.text;
    });
    expect(told).toContain('会员小店·人民广场店');
  });
});

describe('coupon performance', () => {
  it('issued, used and the redemption rate per template', async () => {
    const t = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '报表五元券', type: 'cash', valueFen: 500, validDays: 10 },
    });
    const issued = await svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, {
      body: { count: 2, member: '13900139000' },
    });
    await inGroup('cashier-1', `消费 13900139000 30 券 ${issued.body.coupons[0].sn}`);
    const rows = (await svc.call('GET', '/api/reports/coupons')).body.templates as Array<{ name: string }>;
    expect(rows.find((r) => r.name === '报表五元券')).toMatchObject({
      issued: 2,
      used: 1,
      expired: 0,
      redemptionPercent: 50,
    });
  });
});
