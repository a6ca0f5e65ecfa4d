// Reports for managers: a business month's totals overall and per store, and coupon performance.
import { z } from 'zod';
import { businessMonth, now } from '../../../domain/clock.js';
import { storeReport } from '../../../domain/reports/store-report.js';
import { couponPerformance } from '../../../domain/reports/coupon-report.js';
import { listStores } from '../../../domain/stores/store-service.js';
import { monthText, route } from '../route-table.js';
import { downloadHeaders, sheetStream } from '../spreadsheet.js';
import type { StoreReport } from '../../../domain/reports/store-report.js';
import { formatYuan } from '../../../domain/money.js';

/** One line of the monthly sheet: a store, or the whole programme. */
const REPORT_COLUMNS = [
  { key: 'scope', header: '门店' },
  { key: 'consumeCount', header: '消费笔数' },
  { key: 'consume', header: '消费金额' },
  { key: 'paidFromBalance', header: '储值扣款' },
  { key: 'rechargeCount', header: '充值笔数' },
  { key: 'rechargePaid', header: '充值实收' },
  { key: 'rechargeBonus', header: '充值赠送' },
  { key: 'pointsIssued', header: '发放积分' },
  { key: 'pointsTaken', header: '使用积分' },
  { key: 'newMembers', header: '新会员' },
  { key: 'reversalCount', header: '冲正笔数' },
  { key: 'reversedConsume', header: '冲正退回消费' },
  { key: 'reversedRecharge', header: '冲正退回充值' },
];

function reportLine(scope: string, r: StoreReport) {
  return {
    scope,
    consumeCount: r.consumeCount,
    consume: formatYuan(r.consumeFen),
    paidFromBalance: formatYuan(r.paidFromBalanceFen),
    rechargeCount: r.rechargeCount,
    rechargePaid: formatYuan(r.rechargePaidFen),
    rechargeBonus: formatYuan(r.rechargeBonusFen),
    pointsIssued: r.pointsIssued,
    pointsTaken: r.pointsTaken,
    newMembers: r.newMembers,
    reversalCount: r.reversalCount,
    reversedConsume: formatYuan(r.reversedConsumeFen),
    reversedRecharge: formatYuan(r.reversedRechargePaidFen + r.reversedRechargeBonusFen),
  };
}

async function* monthLines(month: string) {
  for (const store of await listStores())
    yield reportLine(`${store.code} ${store.name}`, await storeReport(store._id, { month }));
  yield reportLine('合计', await storeReport(null, { month }));
}

export const reportRoutes = [
  route({
    method: 'get',
    path: '/api/reports/monthly',
    summary:
      'A business month from the ledger: consumption, recharge and bonus, points issued and used, new members, ' +
      'reversals on their own line; overall and per store',
    tag: 'reports',
    roles: ['manager'],
    query: z.object({
      month: monthText.optional(),
    }),
    async handler({ query }) {
      const month = query.month ?? businessMonth(now());
      const stores = await listStores();
      return {
        body: {
          month,
          overall: await storeReport(null, { month }),
          stores: await Promise.all(
            stores.map(async (s) => ({
              storeId: String(s._id),
              code: s.code,
              name: s.name,
              ...(await storeReport(s._id, { month })),
            })),
          ),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/reports/monthly.xlsx',
    summary: 'The business month as an .xlsx sheet: a line per store and the total',
    tag: 'reports',
    roles: ['manager'],
    query: z.object({ month: monthText.optional() }),
    async handler({ query }) {
      const month = query.month ?? businessMonth(now());
      return {
        body: sheetStream('xlsx', month, REPORT_COLUMNS, monthLines(month)),
        headers: downloadHeaders('xlsx', `report-${month}`),
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/reports/monthly/send',
    summary: "Send each store's group chats the month's 月报 now (once per store, month and chat)",
    tag: 'reports',
    roles: ['manager'],
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
    roles: ['manager'],
    async handler() {
      return { body: { templates: await couponPerformance() } };
    },
  }),
];
