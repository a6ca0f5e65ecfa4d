// WeChat Pay API v3 for online recharge, when configured: the gateway the domain's OnlineRecharge uses,
// the notify door (POST /wechatpay/notify) and the pay page (GET /pay/<order>). Keys are read once here.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Router from '@koa/router';
import type { Config } from '../../config.js';
import type { OnlineRecharge } from '../../domain/payments/online-recharge.js';
import type { PaymentGateway } from '../../domain/payments/payment-gateway.js';
import { WechatPayClient, WechatPayError } from './wechatpay-client.js';
import { jsapiPayParams } from './wechatpay-signing.js';
import { notifyRouter, NOTIFY_PATH } from './notify-route.js';
import { PAY_PAGE_PREFIX, payPageRouter } from './pay-page.js';

/** WeChat Pay's verification keys by the serial its headers name: its public key and/or a platform cert. */
function platformKeys(config: Config): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const add = (id: string | undefined, path: string | undefined) => {
    if (id && path) keys.set(id, createPublicKey(readFileSync(path)));
  };
  add(config.WECHATPAY_PUBLIC_KEY_ID, config.WECHATPAY_PUBLIC_KEY_PATH);
  add(config.WECHATPAY_PLATFORM_SERIAL, config.WECHATPAY_PLATFORM_KEY_PATH);
  return keys;
}

/** Plugs WeChat Pay into the domain and returns its routes; none (and 充值 sends members to the counter) without it. */
export function openWechatPay(config: Config, payments: OnlineRecharge): Router[] {
  const mchid = config.WECHATPAY_MCHID;
  if (!mchid) return [];
  // loadConfig has checked that everything WeChat Pay needs is set.
  const publicUrl = (config.PUBLIC_URL ?? '').replace(/\/$/, '');
  const appid = config.WECHATPAY_APPID ?? config.WECHAT_APPID ?? '';
  const privateKey = createPrivateKey(readFileSync(config.WECHATPAY_PRIVATE_KEY_PATH ?? ''));
  const keys = platformKeys(config);
  const client = new WechatPayClient({
    mchid,
    appid,
    serialNo: config.WECHATPAY_SERIAL_NO ?? '',
    privateKey,
    platformKeys: keys,
    apiBase: config.WECHATPAY_API_BASE,
    notifyUrl: `${publicUrl}${NOTIFY_PATH}`,
  });
  const gateway: PaymentGateway = {
    async create(request) {
      return request.openid
        ? { prepayId: await client.createJsapi({ ...request, openid: request.openid }) }
        : { codeUrl: await client.createNative(request) };
    },
    async query(outTradeNo) {
      try {
        const t = await client.query(outTradeNo);
        return {
          outTradeNo,
          state: t.trade_state,
          totalFen: t.amount.total,
          currency: t.amount.currency ?? 'CNY',
          transactionId: t.transaction_id ?? null,
        };
      } catch (err) {
        // Never created there (the create call failed): nothing was or can be paid.
        if (err instanceof WechatPayError && err.code === 'ORDER_NOT_EXIST')
          return { outTradeNo, state: 'NOTPAY', totalFen: 0, currency: 'CNY', transactionId: null };
        throw err;
      }
    },
    async close(outTradeNo) {
      await client.close(outTradeNo);
    },
    async refund(request) {
      const refund = await client.refund(request);
      return { outRefundNo: refund.out_refund_no, status: refund.status };
    },
    async queryRefund(outRefundNo) {
      const refund = await client.queryRefund(outRefundNo);
      return { outRefundNo: refund.out_refund_no, status: refund.status };
    },
  };
  payments.useGateway(gateway, (no) => `${publicUrl}${PAY_PAGE_PREFIX}${no}`);
  return [
    notifyRouter({ platformKeys: keys, apiV3Key: config.WECHATPAY_APIV3_KEY ?? '', mchid, appid }, payments),
    payPageRouter(payments, (prepayId) => ({ ...jsapiPayParams(appid, prepayId, privateKey) })),
  ];
}
