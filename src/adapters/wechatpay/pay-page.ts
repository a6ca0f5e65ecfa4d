// GET /pay/<order>: where a member pays an online recharge. Inside WeChat (JSAPI) a button hands the
// signed parameters to WeixinJSBridge; elsewhere (Native) the order's code_url as a QR code to scan.
// Self-only CSP: the script is a file of ours, the parameters ride in data- attributes.
import Router from '@koa/router';
import QRCode from 'qrcode';
import type { OnlineRecharge } from '../../domain/payments/online-recharge.js';
import { formatYuan } from '../../domain/money.js';
import { now } from '../../domain/clock.js';
import { escapeHtml, phonePage } from '../http/phone-page.js';

export const PAY_PAGE_PREFIX = '/pay/';
const POLICY =
  "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

const page = (bodyHtml: string) => phonePage('会员充值', bodyHtml, { centred: true });

/** Runs in the member's WeChat browser: asks WeChat to pay with the parameters we signed. */
const PAY_SCRIPT = `(function () {
  var b = document.getElementById('pay');
  var say = function (t) { document.getElementById('state').textContent = t; };
  function pay() {
    var p = JSON.parse(b.getAttribute('data-params'));
    window.WeixinJSBridge.invoke('getBrandWCPayRequest', p, function (res) {
      if (res.err_msg === 'get_brand_wcpay_request:ok') say('支付成功，余额稍后到账，会通知您。');
      else if (res.err_msg === 'get_brand_wcpay_request:cancel') say('已取消支付。');
      else say('支付没有完成，请稍后再试。');
    });
  }
  b.addEventListener('click', function () {
    if (window.WeixinJSBridge) pay();
    else document.addEventListener('WeixinJSBridgeReady', pay, false);
  });
})();`;

export function payPageRouter(
  payments: OnlineRecharge,
  jsapiParams: (prepayId: string) => Record<string, string>,
): Router {
  const router = new Router();
  router.get(`${PAY_PAGE_PREFIX}pay.js`, (ctx) => {
    ctx.type = 'application/javascript';
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = PAY_SCRIPT;
  });
  router.get(`${PAY_PAGE_PREFIX}:order`, async (ctx) => {
    ctx.type = 'text/html';
    ctx.set('Content-Security-Policy', POLICY);
    ctx.set('Cache-Control', 'no-store');
    const order = /^[A-Za-z0-9_-]{6,32}$/.test(ctx.params.order ?? '')
      ? await payments.order(ctx.params.order!)
      : null;
    if (!order) {
      ctx.status = 404;
      ctx.body = page('没有这笔充值订单。');
      return;
    }
    const title = `<h2>会员充值 ¥${formatYuan(order.amountFen)}</h2>${order.bonusFen ? `<p>赠送 ¥${formatYuan(order.bonusFen)}</p>` : ''}`;
    if (order.status === 'paid') ctx.body = page(`${title}<p>已支付，余额已到账。</p>`);
    else if (order.status === 'closed' || order.expiresAt <= now())
      ctx.body = page(`${title}<p>订单已关闭，请在公众号重新发送「充值」。</p>`);
    else if (order.prepayId) {
      const params = escapeHtml(JSON.stringify(jsapiParams(order.prepayId)));
      ctx.body = page(
        `${title}<button id="pay" data-params="${params}" style="font-size:18px;padding:12px 40px">微信支付</button><p id="state"></p><script src="${PAY_PAGE_PREFIX}pay.js"></script>`,
      );
    } else if (order.codeUrl) {
      const svg = await QRCode.toString(order.codeUrl, { type: 'svg', margin: 1, width: 240 });
      ctx.body = page(`${title}<div style="width:240px;margin:auto">${svg}</div><p>请用微信扫码支付</p>`);
    } else {
      ctx.status = 409;
      ctx.body = page('订单还在创建，请稍后刷新。');
    }
  });
  return router;
}
