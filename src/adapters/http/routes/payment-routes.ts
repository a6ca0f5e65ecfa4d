// Online recharge over HTTP: a refund (退款) for managers, and for the owner the reconciliation the job runs
// every two minutes, on demand.
import { z } from 'zod';
import { route } from '../route-table.js';
import { checkoutRequest } from './ledger-routes.js';
import { entryView } from '../views.js';

export const paymentRoutes = [
  route({
    method: 'post',
    path: '/api/online-recharge/refunds',
    summary:
      'Refund an online recharge by its entry number: the money and its bonus leave the card in one entry ' +
      '(refused when spent), then WeChat Pay pays the money back',
    tag: 'payments',
    roles: ['manager'],
    idempotent: true,
    body: z.object({ entryNo: z.string().min(6).max(12), reason: z.string().min(1).max(80) }).strict(),
    async handler({ body, principal, requestKey, services }) {
      const { order, result } = await services.payments.refund({
        ...checkoutRequest(principal, requestKey, {}),
        entryNo: body.entryNo,
        reason: body.reason,
      });
      const headers: Record<string, string> = result.replayed ? { 'Idempotent-Replayed': 'true' } : {};
      return {
        status: 200,
        body: { order: { id: order._id, status: order.status }, entry: entryView(result.entry) },
        headers,
      };
    },
  }),
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
