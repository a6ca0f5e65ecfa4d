// Every two minutes: online recharge orders left without the provider's notify are asked about, and
// credited (once, like a notify) or closed when they expired unpaid. A lost notify never loses money.
import type { JobPlugin } from './job-plugin.js';

export const paymentReconcileJob: JobPlugin = {
  name: 'payment-reconcile',
  unavailable: (config) => (config.WECHATPAY_MCHID ? null : 'WeChat Pay is not configured'),
  schedules: () => [{ id: 'payment-reconcile', data: {}, schedule: { every: 2 * 60_000 } }],
  process: async (_job, { payments }) => (payments.enabled ? payments.reconcile() : { skipped: true }),
};
