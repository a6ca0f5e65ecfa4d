// Reports equal the ledger: a month of mixed operations at two stores, at no store (the admin API, a
// member's own exchange) and an import; every row of the month report is the sum of its entries, the rows
// add up to the total, opening imports stand apart, and the month-end stored value is what members hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { LedgerEntryModel, type LedgerEntry } from '../src/domain/models/ledger-entry.js';
import { MemberModel } from '../src/domain/models/member.js';
import { businessMonth, now } from '../src/domain/clock.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
let s002 = '';
beforeAll(async () => {
  svc = await startTestService();
  s002 = (await svc.call('POST', '/api/stores', { body: { code: 'S002', name: '二店' } })).body.id;
  const cashier2 = await svc.call('POST', '/api/staff', {
    body: { name: '二店收银', roles: ['cashier'], storeIds: [s002] },
  });
  await svc.call('POST', `/api/staff/${cashier2.body.id}/identities`, {
    body: { channel: 'http', externalId: 'cashier-2' },
  });
  await svc.call('POST', `/api/stores/${s002}/groups`, { body: { channel: 'http', chatId: 'store-2' } });
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, group: string, text: string) =>
  (await svc.say(from, text, { group })).join('\n');

/** The report's figures computed here, independently, from the entries of one row. */
function expectedRow(entries: LedgerEntry[]) {
  const sum = (pick: (e: LedgerEntry) => number, of = entries) => of.reduce((a, e) => a + pick(e), 0);
  const kind = (k: LedgerEntry['kind']) => entries.filter((e) => e.kind === k);
  const notOpening = entries.filter((e) => e.kind !== 'opening');
  return {
    consumeCount: kind('consume').length,
    consumeFen: sum((e) => e.spendDeltaFen, kind('consume')),
    paidFromBalanceFen: 0 - sum((e) => e.balanceDeltaFen, kind('consume')),
    rechargeCount: kind('recharge').length,
    rechargePaidFen: sum((e) => Number(e.details.paidFen), kind('recharge')),
    rechargeBonusFen: sum((e) => Number(e.details.bonusFen), kind('recharge')),
    countCardSaleCount: kind('count_card_sale').length,
    countCardSaleFen: sum((e) => e.spendDeltaFen, kind('count_card_sale')),
    mallExchangeCount: kind('points_redeem').length,
    mallPoints: 0 - sum((e) => e.pointsDelta, kind('points_redeem')),
    pointsIssued: sum((e) => Math.max(0, e.pointsDelta), notOpening),
    pointsTaken: sum((e) => Math.max(0, -e.pointsDelta), notOpening),
    reversalCount: kind('reversal').length,
    openingBalanceFen: sum((e) => e.balanceDeltaFen, kind('opening')),
    openingPoints: sum((e) => e.pointsDelta, kind('opening')),
    balanceMovementFen: sum((e) => e.balanceDeltaFen),
    pointsMovement: sum((e) => e.pointsDelta),
  };
}

describe('a month at two stores, at no store, and an import', () => {
  it('every row is the sum of its entries, the rows add up to the total, and the stored value is what members hold', async () => {
    // S001's counter: a recharge, purchases, a reversal, a count card sold from stored value.
    await svc.call('POST', '/api/count-card-plans', {
      body: { code: '21', name: '洗车十次', service: '洗车', uses: 10, price: '200' },
    });
    await inGroup('cashier-1', 'store-1', '充值 13800138000 1000');
    await inGroup('cashier-1', 'store-1', '消费 13800138000 88.5');
    const wrong = await inGroup('cashier-1', 'store-1', '消费 13800138000 20');
    await inGroup('manager-1', 'store-1', `冲正 ${/流水号 (\w+)/.exec(wrong)![1]}`);
    expect(await inGroup('cashier-1', 'store-1', '售次卡 13800138000 21')).toContain('洗车');
    // S002's counter.
    expect(await inGroup('cashier-2', 'store-2', '充值 13900139000 500')).toContain('500.00');
    await inGroup('cashier-2', 'store-2', '消费 13900139000 66 现金');
    // At no store: the admin API, and a member's own exchange in the points mall.
    await svc.call('POST', '/api/members/13700137000/recharge', { body: { amount: '50' }, key: 'hq-1' });
    const t = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '小礼', type: 'gift', giftName: '贴纸' },
    });
    await svc.call('POST', '/api/mall/items', {
      body: { code: '41', name: '贴纸', templateId: t.body.id, pointsPrice: 10, stock: 5 },
    });
    expect(await svc.say('alice', '兑换 41')).toEqual([expect.stringContaining('兑换成功')]);
    // An import with opening balances and points: its own line, never sales, points issued or new members.
    const imported = await fetch(`${svc.url}/api/imports/members?format=csv`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN}`,
        'idempotency-key': 'month-import',
        'content-type': 'text/csv',
      },
      body: '手机号,姓名,性别,生日,余额,积分,标签\n13644440001,甲,,,100,30,\n13644440002,乙,,,50.5,,\n',
    });
    const { id } = (await imported.json()) as { id: string };
    await eventually(async () =>
      (await svc.call('GET', `/api/imports/${id}`)).body.state === 'done' ? true : undefined,
    );
    await svc.call('POST', '/api/members', { body: { phone: '13644440003', storeId: s002 } });

    const month = businessMonth(now());
    const report = (await svc.call('GET', `/api/reports/monthly?month=${month}`)).body;
    const entries = await LedgerEntryModel.find({ month }).lean<LedgerEntry[]>();
    const rows = [
      ...report.stores.map((s: { storeId: string }) => ({
        row: s,
        entries: entries.filter((e) => e.storeId && String(e.storeId) === s.storeId),
      })),
      { row: report.headquarters, entries: entries.filter((e) => !e.storeId) },
    ];
    for (const { row, entries: of } of rows) expect(row).toMatchObject(expectedRow(of));
    // Every entry is in exactly one row, and the rows add up to the total, field by field.
    expect(rows.reduce((n, r) => n + r.entries.length, 0)).toBe(entries.length);
    for (const field of Object.keys(expectedRow([])) as Array<keyof ReturnType<typeof expectedRow>>) {
      expect(
        rows.reduce((n, r) => n + (r.row[field] as number), 0),
        field,
      ).toBe(report.overall[field]);
    }
    expect(report.overall.countCardSaleFen).toBe(20000);
    expect(report.overall.mallExchangeCount).toBe(1);
    expect(report.headquarters.rechargePaidFen).toBe(5000);
    expect(report.headquarters).toMatchObject({
      importedMembers: 2,
      openingBalanceFen: 15050,
      openingPoints: 30,
    });
    // Everyone registered this month (the demo's members too) but the two imported.
    expect(report.overall.newMembers).toBe((await MemberModel.countDocuments()) - 2);
    expect(report.stores.find((s: { code: string }) => s.code === 'S002').newMembers).toBe(1);

    // Month-end: what every member holds, from the ledger and from the cards alike.
    const cards = await MemberModel.find({}, { balanceFen: 1, points: 1 }).lean();
    expect(report.outstanding.storedValueFen).toBe(cards.reduce((a, m) => a + m.balanceFen, 0));
    expect(report.outstanding.points).toBe(cards.reduce((a, m) => a + m.points, 0));
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);

    // The sheet: a line per store, 总部/线上, 线上充值 (WeChat Pay) and the total, money as ¥ numbers that add up.
    const sheet = await fetch(`${svc.url}/api/reports/monthly.xlsx?month=${month}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await sheet.arrayBuffer()) as ArrayBuffer);
    const ws = book.worksheets[0]!;
    const lines = ws.getSheetValues().slice(2) as unknown[][];
    const names = lines.map((l) => String(l[1]));
    expect(names[0]).toMatch(/^S001 /);
    expect(names.slice(1, 5)).toEqual(['S002 二店', '总部/线上', '线上充值', '合计']);
    const total = lines.find((l) => l[1] === '合计')!;
    const storeAndHq = lines.slice(0, names.indexOf('合计'));
    expect(storeAndHq.reduce((a, l) => a + (l[3] as number), 0)).toBeCloseTo(total[3] as number, 2);
    expect(total[3]).toBe(report.overall.consumeFen / 100);
    expect(ws.getRow(names.indexOf('合计') + 2).getCell(3).numFmt).toBe('"¥"#,##0.00');
    expect(names.some((n) => n.startsWith('月末储值余额 ¥'))).toBe(true);
  });
});
