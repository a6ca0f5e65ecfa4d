// Reports for managers: a business month's totals overall and per store, and coupon performance.
import { z } from 'zod';
import { businessMonth, now } from '../../../domain/clock.js';
import { storeReport } from '../../../domain/reports/store-report.js';
import { couponPerformance } from '../../../domain/reports/coupon-report.js';
import { listStores } from '../../../domain/stores/store-service.js';
import { route } from '../route-table.js';

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
      month: z
        .string()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
        .optional(),
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
    method: 'post',
    path: '/api/reports/monthly/send',
    summary: "Send each store's group chats the month's 月报 now (once per store, month and chat)",
    tag: 'reports',
    roles: ['manager'],
    body: z
      .object({
        month: z
          .string()
          .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
          .optional(),
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
