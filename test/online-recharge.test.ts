// 线上充值 against our fake WeChat Pay (keys this test generates): paid once, credited once — however often
// and wherever the notify comes — forged notifies refused, a lost notify made good by reconciliation.
import { createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sha1Signature } from '../src/adapters/wechat/wechat-crypto.js';
import { parseWechatXml } from '../src/adapters/wechat/wechat-xml.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { FAKE_WECHATPAY_SERIAL, startFakeWechatPay, type FakeWechatPay } from './support/fake-wechatpay.js';
import { eventually } from './support/eventually.js';
import { resetClock, shiftClock } from '../src/domain/clock.js';
import { RechargeOrderModel } from '../src/domain/models/recharge-order.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';
import { Types } from 'mongoose';

const MCHID = '1900000109';
const WECHAT_TOKEN = 'pay-test-token';
let merchantPublicKey: KeyObject;
const APIV3 = 'an-api-v3-key-of-32-characters!!';
const ALICE = '13800138000';
let pay: FakeWechatPay;
let svc: TestService;
let other: TestService;

beforeAll(async () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  merchantPublicKey = merchant.publicKey;
  pay = await startFakeWechatPay({ merchantPublicKey: merchant.publicKey, mchid: MCHID, apiV3Key: APIV3 });
  const dir = mkdtempSync(join(tmpdir(), 'wxpay-'));
  writeFileSync(join(dir, 'apiclient_key.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'pub_key.pem'), pay.publicKey.export({ type: 'spki', format: 'pem' }));
  const env = {
    WECHATPAY_MCHID: MCHID,
    WECHATPAY_APPID: 'wxpay_app_0001',
    WECHATPAY_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    WECHATPAY_PRIVATE_KEY_PATH: join(dir, 'apiclient_key.pem'),
    WECHATPAY_APIV3_KEY: APIV3,
    WECHATPAY_PUBLIC_KEY_ID: FAKE_WECHATPAY_SERIAL,
    WECHATPAY_PUBLIC_KEY_PATH: join(dir, 'pub_key.pem'),
    WECHATPAY_API_BASE: pay.base,
    PUBLIC_URL: 'https://shop.example.com',
    WECHAT_TOKEN: WECHAT_TOKEN,
  };
  svc = await startTestService(env);
  // A second instance on the same database: notifies may land on either.
  other = await startTestService({ ...env, LOAD_DEMO: 'never' }, {}, { dbName: svc.dbName });
});
afterAll(async () => {
  await other?.stop();
  await svc?.stop();
  await pay?.close();
});
afterEach(() => resetClock());

const notifyUrl = (s: TestService) => `${s.url}/wechatpay/notify`;
const manager = (text: string) => svc.say('manager-1', text, { group: 'store-1' });
const balance = async () => (await svc.call('GET', `/api/members/${ALICE}`)).body.balanceFen as number;
const inbox = async () =>
  ((await svc.call('GET', '/api/bot/inbox/alice')).body.messages as Array<{ text: string }>).map(
    (m) => m.text,
  );

/** Alice asks to recharge in chat; the order number from the pay link. */
async function order(amount: string): Promise<string> {
  const reply = (await svc.say('alice', `充值 ${amount}`)).join('\n');
  const no = /https:\/\/shop\.example\.com\/pay\/(HY\w+)/.exec(reply)?.[1];
  if (!no) throw new Error(`no pay link in: ${reply}`);
  return no;
}

describe('线上充值', () => {
  it('offers the tiers, and a pay page with the QR code of a Native order', async () => {
    const offer = (await svc.say('alice', '充值')).join('\n');
    expect(offer).toContain('充 ¥500.00 送 ¥50.00');
    expect((await svc.say('alice', '充值 1')).join()).toContain('金额请写 10 到 5000');
    const no = await order('88');
    expect(pay.orders.get(no)).toMatchObject({ trade_type: 'NATIVE', total: 8800, trade_state: 'NOTPAY' });
    const page = await fetch(`${svc.url}/pay/${no}`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<svg');
  });

  it('inside WeChat: a JSAPI order, and a pay page whose parameters WeChat can verify', async () => {
    const created = await svc.call('POST', '/api/members', { body: { phone: '13900003333', name: '小微' } });
    await bindMemberIdentity(new Types.ObjectId(String(created.body.id)), 'wechat', 'o_pay_openid');
    const ts = String(Math.floor(Date.now() / 1000));
    const query = new URLSearchParams({
      timestamp: ts,
      nonce: 'n1',
      signature: sha1Signature(WECHAT_TOKEN, ts, 'n1'),
    });
    const xml =
      '<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[o_pay_openid]]></FromUserName>' +
      `<CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[充值 100]]></Content>` +
      '<MsgId>8800001</MsgId></xml>';
    const answer = await fetch(`${svc.url}/wechat?${query}`, { method: 'POST', body: xml });
    const reply = parseWechatXml(await answer.text())!.Content!;
    const no = /\/pay\/(HY\w+)/.exec(reply)![1]!;
    expect(pay.orders.get(no)).toMatchObject({ trade_type: 'JSAPI', openid: 'o_pay_openid', total: 10_000 });
    const page = await (await fetch(`${svc.url}/pay/${no}`)).text();
    expect(page).toContain('<script src="/pay/pay.js">');
    const params = JSON.parse(
      /data-params="([^"]+)"/
        .exec(page)![1]!
        .replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))),
    ) as Record<string, string>;
    expect(params).toMatchObject({
      appId: 'wxpay_app_0001',
      signType: 'RSA',
      package: `prepay_id=${pay.orders.get(no)!.prepay_id}`,
    });
    const signed = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    expect(
      createVerify('RSA-SHA256').update(signed).verify(merchantPublicKey, params.paySign!, 'base64'),
    ).toBe(true);
    expect((await fetch(`${svc.url}/pay/pay.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('500 with the 500→50 tier: one entry of ¥500 + ¥50 and one notice, however often the notify comes', async () => {
    const before = await balance();
    const no = await order('500');
    pay.pay(no);
    expect(await pay.notifyPayment(no, notifyUrl(svc))).toBe(204);
    expect(await balance()).toBe(before + 55_000);
    const first = pay.notifies.at(-1)!.id;
    // WeChat retries up to 15 times more, and here 10 more at once on two instances.
    for (let i = 0; i < 15; i++)
      expect(await pay.notifyPayment(no, notifyUrl(svc), { replayOf: first })).toBe(204);
    const together = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        pay.notifyPayment(no, notifyUrl(i % 2 ? other : svc), { replayOf: first }),
      ),
    );
    expect(together.every((s) => s === 204)).toBe(true);
    expect(await balance()).toBe(before + 55_000);
    const told = await eventually(async () => {
      const notices = (await inbox()).filter((t) => t.includes('充值 ¥500.00，赠送 ¥50.00'));
      return notices.length ? notices : undefined;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await inbox()).filter((t) => t.includes('充值 ¥500.00，赠送 ¥50.00'))).toHaveLength(told.length);
    expect(told).toHaveLength(1);
    expect(await RechargeOrderModel.findById(no).lean()).toMatchObject({ status: 'paid' });
  });

  it('refuses what WeChat Pay did not send, or did not send about our order, crediting nothing', async () => {
    const before = await balance();
    const no = await order('100');
    pay.pay(no);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const url = notifyUrl(svc);
    expect(await pay.notifyPayment(no, url, { forgeSignature: true })).toBe(401);
    expect(await pay.notifyPayment(no, url, { signWith: other })).toBe(401);
    expect(await pay.notifyPayment(no, url, { serial: 'PUB_KEY_ID_UNKNOWN' })).toBe(401);
    expect(await pay.notifyPayment(no, url, { timestamp: Math.floor(Date.now() / 1000) - 400 })).toBe(401);
    expect(await pay.notifyPayment(no, url, { tamperTag: true })).toBe(400);
    expect(await pay.notifyPayment(no, url, { amountTotal: 1 })).toBe(400);
    expect(await pay.notifyPayment(no, url, { mchid: '1900000999' })).toBe(400);
    expect(await balance()).toBe(before);
    // An order that is not ours (here: forgotten): 404, and WeChat keeps trying.
    const stranger = await order('120');
    pay.pay(stranger);
    await RechargeOrderModel.deleteOne({ _id: stranger });
    expect(await pay.notifyPayment(stranger, url)).toBe(404);
    expect(await balance()).toBe(before);
    // The genuine notify still credits.
    expect(await pay.notifyPayment(no, url)).toBe(204);
    expect(await balance()).toBe(before + 10_000);
  });

  it('a notify that never comes: the reconciliation credits the paid order once and closes the unpaid', async () => {
    const before = await balance();
    const paidQuietly = await order('200');
    const neverPaid = await order('300');
    pay.pay(paidQuietly); // and no notify
    shiftClock(3 * 60_000);
    const run = await svc.call('POST', '/api/online-recharge/reconcile');
    // Credited: the one paid. Still waiting: the unpaid (and the first test's), not yet expired.
    expect(run.body).toMatchObject({ credited: 1, failed: 0 });
    expect(run.body.waiting).toBeGreaterThanOrEqual(1);
    expect(await balance()).toBe(before + 20_000);
    // Half an hour on, the unpaid order has expired: closed at WeChat Pay and here.
    shiftClock(31 * 60_000);
    const later = (await svc.call('POST', '/api/online-recharge/reconcile')).body;
    expect(later).toMatchObject({ credited: 0, waiting: 0, failed: 0 });
    expect(later.closed).toBeGreaterThanOrEqual(1);
    expect(pay.orders.get(neverPaid)?.trade_state).toBe('CLOSED');
    expect(await RechargeOrderModel.findById(neverPaid).lean()).toMatchObject({ status: 'closed' });
    expect(await (await fetch(`${svc.url}/pay/${neverPaid}`)).text()).toContain('订单已关闭');
    // Asked again, nothing more is credited.
    await svc.call('POST', '/api/online-recharge/reconcile');
    expect(await balance()).toBe(before + 20_000);
    // Paid after we closed it (WeChat settles a payment under way): credited, not dropped.
    pay.pay(neverPaid);
    expect(await pay.notifyPayment(neverPaid, notifyUrl(other))).toBe(204);
    expect(await balance()).toBe(before + 50_000);
  });

  it('退款 of an unspent recharge: the money and its bonus leave the card in one entry, settled once', async () => {
    const before = await balance();
    const no = await order('500');
    pay.pay(no);
    await pay.notifyPayment(no, notifyUrl(svc));
    const paymentNotify = pay.notifies.at(-1)!.id;
    const { entryNo } = (await RechargeOrderModel.findById(no).lean())!;
    // A manager cannot 冲正 it off the card alone: it goes back through WeChat Pay.
    expect((await manager(`冲正 ${entryNo}`)).join()).toContain('请用「退款');
    const receipt = (await manager(`退款 ${entryNo} 会员要求退回`)).join('\n');
    expect(receipt).toContain('已退款：线上充值 ¥500.00（赠送 ¥50.00 一并扣回）');
    expect(await balance()).toBe(before);
    const refund = [...pay.refunds.values()].find((r) => r.out_trade_no === no)!;
    expect(refund).toMatchObject({ refund: 50_000, total: 50_000, status: 'PROCESSING' });
    // WeChat Pay's notify of the refund, twice: settled once, nothing moves on the card.
    expect(await pay.settleRefund(refund.out_refund_no, 'SUCCESS', notifyUrl(svc))).toBe(204);
    expect(await pay.notifyPayment(no, notifyUrl(other), { replayOf: pay.notifies.at(-1)!.id })).toBe(204);
    expect(await RechargeOrderModel.findById(no).lean()).toMatchObject({ status: 'refunded' });
    expect(await balance()).toBe(before);
    // The payment's notify once more, after the refund: nothing credited, the order stays refunded.
    expect(await pay.notifyPayment(no, notifyUrl(svc), { replayOf: paymentNotify })).toBe(204);
    expect(await RechargeOrderModel.findById(no).lean()).toMatchObject({ status: 'refunded' });
    expect(await balance()).toBe(before);
    // Asked again: refused by name.
    expect((await manager(`退款 ${entryNo} 再退一次`)).join()).toContain('已经退款了');
  });

  it('a partly spent recharge is refused with what was spent and what could go back', async () => {
    const created = await svc.call('POST', '/api/members', { body: { phone: '13900001111', name: '小白' } });
    await bindMemberIdentity(new Types.ObjectId(String(created.body.id)), 'http', 'xiaobai');
    const reply = (await svc.say('xiaobai', '充值 500')).join();
    const no = /\/pay\/(HY\w+)/.exec(reply)![1]!;
    pay.pay(no);
    await pay.notifyPayment(no, notifyUrl(svc));
    await svc.say('cashier-1', '消费 13900001111 170', { group: 'store-1' });
    const { entryNo } = (await RechargeOrderModel.findById(no).lean())!;
    expect((await manager(`退款 ${entryNo} 不想要了`)).join()).toContain(
      '余额已用掉 ¥170.00，只能退 ¥330.00',
    );
    expect((await svc.call('GET', '/api/members/13900001111')).body.balanceFen).toBe(38_000);
    expect([...pay.refunds.values()].some((r) => r.out_trade_no === no)).toBe(false);
  });

  it('a refund request retried (same Idempotency-Key) after it emptied the card answers as the first time', async () => {
    const created = await svc.call('POST', '/api/members', { body: { phone: '13900002222', name: '小红' } });
    await bindMemberIdentity(new Types.ObjectId(String(created.body.id)), 'http', 'xiaohong');
    const no = /\/pay\/(HY\w+)/.exec((await svc.say('xiaohong', '充值 300')).join())![1]!;
    pay.pay(no);
    await pay.notifyPayment(no, notifyUrl(svc));
    const { entryNo } = (await RechargeOrderModel.findById(no).lean())!;
    const ask = () =>
      svc.call('POST', '/api/online-recharge/refunds', {
        body: { entryNo, reason: '不需要了' },
        key: 'refund-hong',
      });
    const first = await ask();
    expect(first.status).toBe(200);
    const again = await ask();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.entry.no).toBe(first.body.entry.no);
    expect((await svc.call('GET', '/api/members/13900002222')).body.balanceFen).toBe(0);
    expect([...pay.refunds.values()].filter((r) => r.out_trade_no === no)).toHaveLength(1);
    // The reconciliation asks about the refund still processing; WeChat Pay failing that answer is counted
    // and asked again next round, not the end of the whole run.
    const refund = [...pay.refunds.values()].find((r) => r.out_trade_no === no)!;
    pay.failNext(`/v3/refund/domestic/refunds/${refund.out_refund_no}`, 500, 'SYSTEM_ERROR');
    const run = await svc.call('POST', '/api/online-recharge/reconcile');
    expect(run.status).toBe(200);
    expect(run.body.failed).toBeGreaterThanOrEqual(1);
  });

  it('a refund WeChat Pay fails puts the money back once; the books stay clean after all of it', async () => {
    const before = await balance();
    const no = await order('300');
    pay.pay(no);
    await pay.notifyPayment(no, notifyUrl(svc));
    const { entryNo } = (await RechargeOrderModel.findById(no).lean())!;
    const refunded = await svc.call('POST', '/api/online-recharge/refunds', {
      body: { entryNo, reason: '重复支付' },
      key: 'refund-300',
    });
    expect(refunded.status).toBe(200);
    expect(await balance()).toBe(before);
    const refund = [...pay.refunds.values()].find((r) => r.out_trade_no === no)!;
    expect(await pay.settleRefund(refund.out_refund_no, 'ABNORMAL', notifyUrl(svc))).toBe(204);
    expect(await pay.notifyPayment(no, notifyUrl(other), { replayOf: pay.notifies.at(-1)!.id })).toBe(204);
    expect(await balance()).toBe(before + 30_000);
    // The same request again answers alike and moves nothing.
    const again = await svc.call('POST', '/api/online-recharge/refunds', {
      body: { entryNo, reason: '重复支付' },
      key: 'refund-300',
    });
    expect(again.status).toBe(200);
    expect(await balance()).toBe(before + 30_000);
    expect((await svc.call('GET', '/api/ledger/audit')).body).toMatchObject({ ok: true });
    // The month's report shows WeChat Pay beside the stores: every paid order once, refunds as reversals.
    const report = (await svc.call('GET', '/api/reports/monthly')).body;
    const paid = await RechargeOrderModel.find({
      status: { $in: ['paid', 'refunding', 'refunded', 'refund_failed'] },
    }).lean();
    expect(report.online.name).toBe('线上充值');
    expect(report.online.rechargePaidFen).toBe(
      paid.reduce((sum, o) => sum + o.amountFen, 0) + 30_000, // and the failed refund's money put back
    );
  });

  it('tells a member to recharge at the counter when WeChat Pay is not configured', async () => {
    const plain = await startTestService();
    try {
      expect((await plain.say('alice', '充值 100')).join()).toContain('请到门店收银台充值');
    } finally {
      await plain.stop();
    }
  });
});
