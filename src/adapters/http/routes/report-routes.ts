// Reports: a business month's totals per store, 总部/线上 and overall, and coupon performance.
import { z } from 'zod';
import { businessDay, businessMonth, now } from '../../../domain/clock.js';
import {
  addTotals,
  emptyReport,
  emptyTotals,
  HEADQUARTERS,
  ONLINE,
  periodRows,
  type ReportPeriod,
  type ReportTotals,
  type StoreReport,
} from '../../../domain/reports/store-report.js';
import { monthRows, outstandingAtMonthEnd } from '../../../domain/reports/closed-periods.js';
import { couponPerformance } from '../../../domain/reports/coupon-report.js';
import { listStores } from '../../../domain/stores/store-service.js';
import { dayText, monthText, route } from '../route-table.js';
import { downloadHeaders, sheetStream } from '../spreadsheet.js';
import type { Column, Row } from '../../../domain/exports/export-rows.js';
import { storesInScope } from '../../../domain/staff/roles.js';
import type { Principal } from '../auth.js';
import { formatYuan } from '../../../domain/money.js';

/** One line of the monthly sheet: a store, 总部/线上, or the total. */
const REPORT_COLUMNS: Column[] = [
  { key: 'scope', header: '门店' },
  { key: 'consumeCount', header: '消费笔数' },
  { key: 'consumeFen', header: '消费金额', money: true },
  { key: 'paidFromBalanceFen', header: '储值扣款', money: true },
  { key: 'rechargeCount', header: '充值笔数' },
  { key: 'rechargePaidFen', header: '充值实收', money: true },
  { key: 'rechargeBonusFen', header: '充值赠送', money: true },
  { key: 'countCardSaleCount', header: '售次卡笔数' },
  { key: 'countCardSaleFen', header: '售次卡金额', money: true },
  { key: 'mallExchangeCount', header: '积分兑换笔数' },
  { key: 'mallPoints', header: '兑换用积分' },
  { key: 'pointsIssued', header: '发放积分' },
  { key: 'pointsTaken', header: '使用积分' },
  { key: 'pointsExpired', header: '过期积分' },
  { key: 'newMembers', header: '新会员' },
  { key: 'reversalCount', header: '冲正笔数' },
  { key: 'reversedConsumeFen', header: '冲正退回消费', money: true },
  { key: 'reversedRechargeFen', header: '冲正退回充值', money: true },
  { key: 'importedMembers', header: '期初导入会员' },
  { key: 'openingBalanceFen', header: '期初导入余额', money: true },
  { key: 'openingPoints', header: '期初导入积分' },
  { key: 'balanceMovementFen', header: '储值净变动', money: true },
  { key: 'pointsMovement', header: '积分净变动' },
];

function reportLine(scope: string, r: ReportTotals): Row {
  const { byStaff: _, period: __, kind: ___, ...figures } = r as StoreReport;
  return { scope, ...figures, reversedRechargeFen: r.reversedRechargePaidFen + r.reversedRechargeBonusFen };
}

/** A day's or month's rows: the stores in scope, 总部/线上 for the chain-wide, and the total of those rows. */
async function periodReport(period: ReportPeriod, principal: Principal) {
  const scope = storesInScope(principal);
  const stores = (await listStores()).filter((s) => scope === null || scope.some((id) => id.equals(s._id)));
  // A month from its kept closed days; a day (today, mostly) read live.
  const rows = 'month' in period ? await monthRows(period.month) : await periodRows(period);
  const storeRows = stores.map((s) => ({
    storeId: String(s._id),
    code: s.code,
    name: s.name,
    ...(rows.get(String(s._id)) ?? emptyReport(period)),
  }));
  const headquarters =
    scope === null ? { name: HQ_NAME, ...(rows.get(HEADQUARTERS) ?? emptyReport(period)) } : null;
  const online = scope === null ? { name: ONLINE_NAME, ...(rows.get(ONLINE) ?? emptyReport(period)) } : null;
  const overall = emptyTotals();
  for (const r of [...storeRows, ...(headquarters ? [headquarters] : []), ...(online ? [online] : [])])
    addTotals(overall, r);
  return { overall, stores: storeRows, headquarters, online, scope, rows };
}

async function monthReport(month: string, principal: Principal) {
  const { scope, rows, ...report } = await periodReport({ month }, principal);
  // What members hold is the chain's, not a store's: shown to 总部 only (whose rows are every row).
  const outstanding = scope === null ? await outstandingAtMonthEnd(month, rows) : null;
  return { month, ...report, outstanding };
}

const HQ_NAME = '总部/线上';
const ONLINE_NAME = '线上充值';

async function* monthLines(report: Awaited<ReturnType<typeof monthReport>>): AsyncGenerator<Row> {
  for (const s of report.stores) yield reportLine(`${s.code} ${s.name}`, s);
  if (report.headquarters) yield reportLine(HQ_NAME, report.headquarters);
  if (report.online) yield reportLine(ONLINE_NAME, report.online);
  yield reportLine('合计', report.overall);
  if (report.outstanding) {
    yield { scope: `月末储值余额 ¥${formatYuan(report.outstanding.storedValueFen)}` };
    yield { scope: `月末积分余额 ${report.outstanding.points}` };
  }
}

export const reportRoutes = [
  route({
    method: 'get',
    path: '/api/reports/monthly',
    summary:
      'A business month from the ledger: a row per store and one for 总部/线上 (operations at no store), whose ' +
      'sum is the total; consumption, recharge and bonus, count-card sales, mall exchanges, points issued, ' +
      'used and expired, new members, reversals, opening imports apart; month-end stored value and points ' +
      'outstanding. A store manager sees their stores only',
    tag: 'reports',
    roles: ['manager'],
    scope: 'stores',
    query: z.object({
      month: monthText.optional(),
    }),
    async handler({ query, principal }) {
      return { body: await monthReport(query.month ?? businessMonth(now()), principal) };
    },
  }),
  route({
    method: 'get',
    path: '/api/reports/daily',
    summary:
      'A business day (today unless `day` is given) from the ledger, with the same rows and figures as the ' +
      'monthly report: a row per store, 总部/线上 and the total. A store manager sees their stores only',
    tag: 'reports',
    roles: ['manager'],
    scope: 'stores',
    query: z.object({ day: dayText.optional() }),
    async handler({ query, principal }) {
      const day = query.day ?? businessDay(now());
      const { scope: _, rows: __, ...report } = await periodReport({ day }, principal);
      return { body: { day, ...report } };
    },
  }),
  route({
    method: 'get',
    path: '/api/reports/monthly.xlsx',
    summary:
      'The business month as an .xlsx sheet: a line per store, 总部/线上 and the total; money as ¥ numbers',
    tag: 'reports',
    roles: ['manager'],
    scope: 'stores',
    query: z.object({ month: monthText.optional() }),
    async handler({ query, principal }) {
      const month = query.month ?? businessMonth(now());
      const report = await monthReport(month, principal);
      return {
        body: sheetStream('xlsx', month, REPORT_COLUMNS, monthLines(report)),
        headers: downloadHeaders('xlsx', `report-${month}`),
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/reports/monthly/send',
    summary: "Send each store's group chats the month's 月报 now (once per store, month and chat)",
    tag: 'reports',
    roles: ['owner'],
    body: z
      .object({
        month: monthText.optional(),
      })
      .strict(),
    async handler({ body, services }) {
      return { body: await services.monthlyReports.send(body.month) };
    },
  }),
  route({
    method: 'get',
    path: '/api/reports/coupons',
    summary: 'Coupon performance per template: issued, used, expired and the redemption rate',
    tag: 'reports',
    roles: ['owner'],
    async handler() {
      return { body: { templates: await couponPerformance() } };
    },
  }),
];
