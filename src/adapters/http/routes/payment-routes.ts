// Online recharge over HTTP, for the owner: the reconciliation the job runs every two minutes, on demand.
import { route } from '../route-table.js';

export const paymentRoutes = [
  route({
    method: 'post',
    path: '/api/online-recharge/reconcile',
    summary:
      'Ask WeChat Pay about every online recharge still open: credit the paid (once), close the expired',
    tag: 'payments',
    roles: ['owner'],
    async handler({ services }) {
      return { body: await services.payments.reconcile() };
    },
  }),
];
