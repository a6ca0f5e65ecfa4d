// POST /wechatpay/notify: WeChat Pay's word that an order was paid. Believed only when signed by a key we
// hold, fresh (5 minutes), decryptable with our APIv3 key and addressed to our merchant and app; then the
// order is credited once however often it comes (WeChat retries up to 15 times in 24 h). Any other answer
// than 2xx makes WeChat try again, which is what we want while something is wrong.
import Router from '@koa/router';
import getRawBody from 'raw-body';
import type { Context } from 'koa';
import type { OnlineRecharge } from '../../domain/payments/online-recharge.js';
import { logger } from '../../infra/logger.js';
import { readNotify, type WechatPayNotifySettings } from './wechatpay-notify.js';

export const NOTIFY_PATH = '/wechatpay/notify';

function fail(ctx: Context, status: number, message: string): void {
  ctx.status = status;
  ctx.body = { code: 'FAIL', message };
}

export function notifyRouter(settings: WechatPayNotifySettings, payments: OnlineRecharge): Router {
  const router = new Router();
  router.post(NOTIFY_PATH, async (ctx) => {
    const raw = await getRawBody(ctx.req, { limit: '64kb', encoding: 'utf8' });
    const reading = readNotify(settings, ctx.headers, raw);
    if (!reading.ok) {
      logger.warn({ reason: reading.reason }, 'WeChat Pay notify refused');
      return fail(ctx, reading.status, reading.reason);
    }
    const { event } = reading;
    if (event.type !== 'TRANSACTION.SUCCESS') {
      const refund = event.resource;
      const settled = await payments.settleRefund({
        outRefundNo: refund.out_refund_no,
        status: refund.refund_status,
      });
      if (settled === 'unknown') return fail(ctx, 404, 'unknown refund');
      ctx.status = 204;
      return;
    }
    const paid = event.resource;
    const outcome = await payments.settlePaid({
      outTradeNo: paid.out_trade_no,
      state: paid.trade_state,
      totalFen: paid.amount.total,
      currency: paid.amount.currency ?? 'CNY',
      transactionId: paid.transaction_id ?? null,
    });
    if (outcome === 'unknown-order' || outcome === 'mismatch') {
      logger.error(
        { outTradeNo: paid.out_trade_no, outcome },
        'WeChat Pay notify does not match an order of ours',
      );
      return fail(ctx, outcome === 'unknown-order' ? 404 : 400, outcome);
    }
    ctx.status = 204;
  });
  return router;
}
