// WeChat Pay API v3 as spoken by our client, and notifies as read by readNotify, against the local fake:
// signed requests, answers believed only under WeChat Pay's signature, notifies refused unless genuine,
// fresh, decryptable and addressed to us; and the JSAPI pay page signature.
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWechatPay, type FakeWechatPay } from './support/fake-wechatpay.js';
import {
  WechatPayClient,
  WechatPayError,
  WechatPayUntrustedAnswer,
  type WechatPaySettings,
} from '../src/adapters/wechatpay/wechatpay-client.js';
import {
  readNotify,
  type NotifyReading,
  type WechatPayNotifySettings,
} from '../src/adapters/wechatpay/wechatpay-notify.js';
import {
  authorizationHeader,
  decryptResource,
  jsapiPayParams,
  verifyWechatpaySignature,
} from '../src/adapters/wechatpay/wechatpay-signing.js';

const MCHID = '1900000109';
const APPID = 'wxd678efh567hg6787';
const MERCHANT_SERIAL = '3775B6A45ACD588826D15E583A95F5DD4D2B6D5C';
const CERT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1'; // a platform certificate's serial
const API_V3_KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = rsa();
const forger = rsa();
const platformCert = rsa();

let fake: FakeWechatPay;
let notifyServer: Server;
let notifyUrl: string;
/** What readNotify made of each notify our stand-in server received, in order. */
let readings: NotifyReading[];
let seq = 0;
const outTradeNo = () => `HY${Date.now()}${String(++seq).padStart(4, '0')}`;

const notifySettings = (over: Partial<WechatPayNotifySettings> = {}): WechatPayNotifySettings => ({
  platformKeys: new Map([[fake.serial, fake.publicKey]]),
  apiV3Key: API_V3_KEY,
  mchid: MCHID,
  appid: APPID,
  ...over,
});

const client = (over: Partial<WechatPaySettings> = {}) =>
  new WechatPayClient({
    mchid: MCHID,
    appid: APPID,
    serialNo: MERCHANT_SERIAL,
    privateKey: merchant.privateKey,
    platformKeys: new Map([[fake.serial, fake.publicKey]]),
    apiBase: fake.base,
    notifyUrl,
    ...over,
  });

const order = (no: string) => ({
  outTradeNo: no,
  description: '会员储值 100 元',
  totalFen: 10000,
  expiresAt: new Date('2030-01-01T00:30:00Z'),
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

/** A notify as last sent by the fake, to read again with other settings or a changed body. */
function lastNotify() {
  const n = fake.notifies.at(-1);
  if (!n) throw new Error('no notify sent');
  return n;
}

/** Sends a genuine payment notify for this order (our server accepts it) and returns it as sent. */
async function genuineNotify(no: string) {
  expect(await fake.notifyPayment(no, notifyUrl)).toBe(204);
  return lastNotify();
}

beforeAll(async () => {
  fake = await startFakeWechatPay({
    merchantPublicKey: merchant.publicKey,
    mchid: MCHID,
    apiV3Key: API_V3_KEY,
  });
  // Our side of the notify: readNotify decides, the answer is what WeChat Pay is told.
  notifyServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reading = readNotify(
        {
          ...notifySettings(),
          platformKeys: new Map<string, KeyObject>([
            [fake.serial, fake.publicKey],
            [CERT_SERIAL, platformCert.publicKey],
          ]),
        },
        req.headers,
        Buffer.concat(chunks),
      );
      readings.push(reading);
      if (reading.ok) res.writeHead(204).end();
      else
        res
          .writeHead(reading.status, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ code: 'FAIL', message: reading.reason }));
    });
  });
  await new Promise<void>((resolve) => notifyServer.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(notifyServer.address() as AddressInfo).port}/pay/wechat/notify`;
});
afterAll(async () => {
  await fake?.close();
  notifyServer?.closeAllConnections();
  await new Promise<void>((resolve) => (notifyServer ? notifyServer.close(() => resolve()) : resolve()));
});
beforeEach(() => {
  readings = [];
});

describe('request signing', () => {
  it('signs METHOD, path with query, timestamp, nonce and body, each line ended by \\n', () => {
    const header = authorizationHeader(
      { mchid: MCHID, serialNo: MERCHANT_SERIAL, privateKey: merchant.privateKey },
      'GET',
      '/v3/pay/transactions/out-trade-no/HY1?mchid=1900000109',
      '',
      1554208460,
      '593BEC0C930BF1AFEB40B4A08C8FB242',
    );
    const m =
      /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",nonce_str="(\w+)",signature="([^"]+)",timestamp="(\d+)",serial_no="(\w+)"$/.exec(
        header,
      );
    expect(m?.slice(1, 3).concat(m.slice(4))).toEqual([
      MCHID,
      '593BEC0C930BF1AFEB40B4A08C8FB242',
      '1554208460',
      MERCHANT_SERIAL,
    ]);
    const signed =
      'GET\n/v3/pay/transactions/out-trade-no/HY1?mchid=1900000109\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n';
    const signature = Buffer.from(m?.[3] ?? '', 'base64');
    expect(verify('sha256', Buffer.from(signed), merchant.publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.from(signed.replace('GET', 'POST')), merchant.publicKey, signature)).toBe(
      false,
    );
  });

  it('is refused by WeChat Pay (401 SIGN_ERROR) when made with another key', async () => {
    const err = await rejection(client({ privateKey: forger.privateKey }).createNative(order(outTradeNo())));
    expect(err).toBeInstanceOf(WechatPayError);
    expect([(err as WechatPayError).status, (err as WechatPayError).code]).toEqual([401, 'SIGN_ERROR']);
    expect((err as WechatPayError).verified).toBe(true);
  });
});

describe('WechatPayClient against the fake', () => {
  it('creates a JSAPI order: prepay_id back, time_expire in +08:00, amount in fen, payer openid', async () => {
    const no = outTradeNo();
    const prepayId = await client().createJsapi({ ...order(no), openid: OPENID });
    expect(prepayId).toBe(fake.orders.get(no)?.prepay_id);
    const sent = fake.requests.at(-1);
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/v3/pay/transactions/jsapi');
    expect(sent?.body).toEqual({
      appid: APPID,
      mchid: MCHID,
      description: '会员储值 100 元',
      out_trade_no: no,
      time_expire: '2030-01-01T08:30:00+08:00',
      notify_url: notifyUrl,
      amount: { total: 10000, currency: 'CNY' },
      payer: { openid: OPENID },
    });
  });

  it('creates a Native order: code_url back, no payer sent', async () => {
    const no = outTradeNo();
    const codeUrl = await client().createNative(order(no));
    expect(codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
    expect(fake.requests.at(-1)?.body).not.toHaveProperty('payer');
    expect(fake.orders.get(no)?.trade_type).toBe('NATIVE');
  });

  it('queries an order before and after payment', async () => {
    const no = outTradeNo();
    await client().createJsapi({ ...order(no), openid: OPENID });
    const before = await client().query(no);
    expect([before.trade_state, before.transaction_id]).toEqual(['NOTPAY', undefined]);
    expect(fake.requests.at(-1)?.path).toBe(`/v3/pay/transactions/out-trade-no/${no}?mchid=${MCHID}`);

    const paid = fake.pay(no, { payerOpenid: OPENID });
    const after = await client().query(no);
    expect(after).toMatchObject({
      appid: APPID,
      mchid: MCHID,
      out_trade_no: no,
      trade_state: 'SUCCESS',
      transaction_id: paid.transaction_id,
      amount: { total: 10000, payer_total: 10000, currency: 'CNY' },
    });
    expect(after.success_time).toMatch(/\+08:00$/);
  });

  it('a query of an order WeChat Pay never saw throws ORDER_NOT_EXIST (404), signed', async () => {
    const err = await rejection(client().query(outTradeNo()));
    expect(err).toBeInstanceOf(WechatPayError);
    const e = err as WechatPayError;
    expect([e.status, e.code, e.verified]).toEqual([404, 'ORDER_NOT_EXIST', true]);
  });

  it('closes an unpaid order (204); a payment after the close still shows in the query', async () => {
    const no = outTradeNo();
    await client().createNative(order(no));
    await client().close(no);
    expect(fake.requests.at(-1)).toEqual({
      method: 'POST',
      path: `/v3/pay/transactions/out-trade-no/${no}/close`,
      body: { mchid: MCHID },
    });
    expect((await client().query(no)).trade_state).toBe('CLOSED');
    fake.pay(no);
    expect((await client().query(no)).trade_state).toBe('SUCCESS');
    const err = await rejection(client().close(no));
    expect([(err as WechatPayError).status, (err as WechatPayError).code]).toEqual([400, 'ORDERPAID']);
  });

  it('refunds: PROCESSING, then REFUND.SUCCESS notified, queried SUCCESS, the order REFUND', async () => {
    const no = outTradeNo();
    const refundNo = `R${no}`;
    await client().createJsapi({ ...order(no), openid: OPENID });
    fake.pay(no);
    const refund = await client().refund({
      outTradeNo: no,
      outRefundNo: refundNo,
      reason: '会员退卡',
      refundFen: 2500,
      totalFen: 10000,
    });
    expect(refund).toMatchObject({ out_refund_no: refundNo, status: 'PROCESSING', amount: { refund: 2500 } });
    expect(fake.requests.at(-1)?.body).toEqual({
      out_trade_no: no,
      out_refund_no: refundNo,
      reason: '会员退卡',
      notify_url: notifyUrl,
      amount: { refund: 2500, total: 10000, currency: 'CNY' },
    });
    expect((await client().queryRefund(refundNo)).status).toBe('PROCESSING');

    expect(await fake.settleRefund(refundNo, 'SUCCESS', notifyUrl)).toBe(204);
    expect(readings).toEqual([
      {
        ok: true,
        event: expect.objectContaining({
          type: 'REFUND.SUCCESS',
          resource: expect.objectContaining({
            out_trade_no: no,
            out_refund_no: refundNo,
            refund_id: refund.refund_id,
            refund_status: 'SUCCESS',
            amount: { total: 10000, refund: 2500, payer_total: 10000, payer_refund: 2500 },
          }),
        }),
      },
    ]);
    expect((await client().queryRefund(refundNo)).status).toBe('SUCCESS');
    expect((await client().query(no)).trade_state).toBe('REFUND');
  });

  it('a refused refund throws with WeChat Pay’s code', async () => {
    const no = outTradeNo();
    await client().createNative(order(no));
    fake.pay(no);
    fake.failNext('/v3/refund/domestic/refunds', 403, 'NOT_ENOUGH');
    const err = await rejection(
      client().refund({ outTradeNo: no, outRefundNo: `R${no}`, reason: 'r', refundFen: 1, totalFen: 10000 }),
    );
    expect(err).toBeInstanceOf(WechatPayError);
    expect([(err as WechatPayError).status, (err as WechatPayError).code]).toEqual([403, 'NOT_ENOUGH']);
    expect(fake.refunds.has(`R${no}`)).toBe(false);
  });

  it('refuses an answer signed by another key than the one its serial names', async () => {
    const no = outTradeNo();
    const wrongKey = client({ platformKeys: new Map([[fake.serial, forger.publicKey]]) });
    const err = await rejection(wrongKey.createNative(order(no)));
    expect(err).toBeInstanceOf(WechatPayUntrustedAnswer);
    expect((err as WechatPayUntrustedAnswer).reason).toBe('bad-signature');
    expect(fake.orders.has(no)).toBe(true); // WeChat Pay did it; we just cannot believe the answer
  });

  it('refuses an answer whose serial is not configured', async () => {
    const unknown = client({ platformKeys: new Map([[CERT_SERIAL, fake.publicKey]]) });
    const err = await rejection(unknown.query(outTradeNo()));
    // Even an error answer is not a WechatPayError the caller may act on when unverified.
    expect(err).toBeInstanceOf(WechatPayError);
    expect((err as WechatPayError).verified).toBe(false);
    const no = outTradeNo();
    await client().createNative(order(no));
    const refused = await rejection(unknown.query(no));
    expect(refused).toBeInstanceOf(WechatPayUntrustedAnswer);
    expect((refused as WechatPayUntrustedAnswer).reason).toBe('unknown-serial');
  });
});

describe('readNotify', () => {
  let no: string;
  beforeEach(async () => {
    no = outTradeNo();
    await client().createJsapi({ ...order(no), openid: OPENID });
    fake.pay(no, { payerOpenid: OPENID });
  });

  it('accepts a genuine TRANSACTION.SUCCESS and hands over the decrypted transaction', async () => {
    expect(await fake.notifyPayment(no, notifyUrl)).toBe(204);
    const paid = fake.orders.get(no);
    expect(readings).toHaveLength(1);
    const reading = readings[0];
    expect(reading?.ok && reading.event.type).toBe('TRANSACTION.SUCCESS');
    expect(reading?.ok && reading.event.id).toBe(lastNotify().id);
    expect(reading?.ok && reading.event.resource).toMatchObject({
      appid: APPID,
      mchid: MCHID,
      out_trade_no: no,
      transaction_id: paid?.transaction_id,
      trade_state: 'SUCCESS',
      payer: { openid: OPENID },
      amount: { total: 10000, payer_total: 10000 },
    });
  });

  it('refuses a forged signature', async () => {
    expect(await fake.notifyPayment(no, notifyUrl, { forgeSignature: true })).toBe(401);
    expect(readings).toEqual([{ ok: false, status: 401, reason: 'bad-signature' }]);
  });

  it('refuses a notify signed by another key under the WeChat Pay serial', async () => {
    expect(await fake.notifyPayment(no, notifyUrl, { signWith: forger.privateKey, amountTotal: 1 })).toBe(
      401,
    );
    expect(readings).toEqual([{ ok: false, status: 401, reason: 'bad-signature' }]);
  });

  it('refuses a body changed after signing', async () => {
    const n = await genuineNotify(no);
    const changed = n.body.replace('"支付成功"', '"支付成功 "');
    expect(changed).not.toBe(n.body);
    expect(readNotify(notifySettings(), n.headers, n.body)).toMatchObject({ ok: true });
    expect(readNotify(notifySettings(), n.headers, changed)).toEqual({
      ok: false,
      status: 401,
      reason: 'bad-signature',
    });
  });

  it('refuses a timestamp more than 5 minutes away, accepts one at 5 minutes', async () => {
    expect(await fake.notifyPayment(no, notifyUrl, { timestamp: Math.floor(Date.now() / 1000) - 360 })).toBe(
      401,
    );
    expect(await fake.notifyPayment(no, notifyUrl, { timestamp: Math.floor(Date.now() / 1000) + 360 })).toBe(
      401,
    );
    expect(readings.map((r) => !r.ok && r.reason)).toEqual(['stale', 'stale']);

    const n = await genuineNotify(no);
    const ts = Number(n.headers['Wechatpay-Timestamp']);
    expect(readNotify(notifySettings(), n.headers, n.body, ts + 300).ok).toBe(true);
    expect(readNotify(notifySettings(), n.headers, n.body, ts + 301)).toMatchObject({ reason: 'stale' });
    expect(readNotify(notifySettings(), n.headers, n.body, ts - 301)).toMatchObject({ reason: 'stale' });
  });

  it('refuses a changed GCM tag (400, WeChat retries) even under a valid signature', async () => {
    expect(await fake.notifyPayment(no, notifyUrl, { tamperTag: true })).toBe(400);
    expect(readings).toEqual([{ ok: false, status: 400, reason: 'cannot-decrypt' }]);
  });

  it('cannot decrypt with another APIv3 key', async () => {
    const n = await genuineNotify(no);
    const otherKey = `${API_V3_KEY.slice(0, -1)}X`;
    expect(readNotify(notifySettings({ apiV3Key: otherKey }), n.headers, n.body)).toEqual({
      ok: false,
      status: 400,
      reason: 'cannot-decrypt',
    });
  });

  it('refuses an unknown serial without trying other keys', async () => {
    expect(
      await fake.notifyPayment(no, notifyUrl, { serial: 'PUB_KEY_ID_0114232134912410000000000999' }),
    ).toBe(401);
    expect(readings).toEqual([{ ok: false, status: 401, reason: 'unknown-serial' }]);
  });

  it('refuses a transaction of another merchant or app', async () => {
    expect(await fake.notifyPayment(no, notifyUrl, { mchid: '1900000999' })).toBe(400);
    expect(readings).toEqual([{ ok: false, status: 400, reason: 'wrong-mchid' }]);
    const n = lastNotify();
    expect(readNotify(notifySettings({ mchid: '1900000999' }), n.headers, n.body)).toMatchObject({
      ok: true,
    });
    const genuine = await genuineNotify(no);
    expect(
      readNotify(notifySettings({ appid: 'wx0000000000000000' }), genuine.headers, genuine.body),
    ).toEqual({
      ok: false,
      status: 400,
      reason: 'wrong-appid',
    });
  });

  it('verifies a replay like the original: duplicates are for the order logic to absorb', async () => {
    expect(await fake.notifyPayment(no, notifyUrl)).toBe(204);
    const first = lastNotify();
    expect(await fake.notifyPayment(no, notifyUrl, { replayOf: first.id })).toBe(204);
    expect(lastNotify().body).toBe(first.body);
    expect(readings.map((r) => r.ok && r.event.id)).toEqual([first.id, first.id]);
  });

  it('with a platform certificate and a WeChat Pay public key configured, both verify by serial', async () => {
    expect(
      await fake.notifyPayment(no, notifyUrl, { signWith: platformCert.privateKey, serial: CERT_SERIAL }),
    ).toBe(204);
    expect(await fake.notifyPayment(no, notifyUrl)).toBe(204);
    // The certificate's key under the public-key id: the serial picks the key, so this fails.
    expect(await fake.notifyPayment(no, notifyUrl, { signWith: platformCert.privateKey })).toBe(401);
    expect(readings.map((r) => (r.ok ? r.event.type : r.reason))).toEqual([
      'TRANSACTION.SUCCESS',
      'TRANSACTION.SUCCESS',
      'bad-signature',
    ]);
  });
});

describe('signatures and cipher, directly', () => {
  it('verifyWechatpaySignature: unknown serial, stale, bad signature, ok', () => {
    // Built by hand the way WeChat Pay does, so the check does not lean on our own signing code.
    const { privateKey, publicKey } = platformCert;
    const body = '{"code_url":"weixin://wxpay/bizpayurl?pr=abc"}';
    const headers = { serial: CERT_SERIAL, timestamp: '1700000000', nonce: 'n0nce' };
    const signature = signText(`1700000000\nn0nce\n${body}\n`, privateKey);
    const keys = new Map([[CERT_SERIAL, publicKey]]);
    expect(verifyWechatpaySignature(keys, { ...headers, signature }, body, 1700000000)).toBe('ok');
    expect(verifyWechatpaySignature(keys, { ...headers, signature }, `${body} `, 1700000000)).toBe(
      'bad-signature',
    );
    expect(verifyWechatpaySignature(keys, { ...headers, signature }, body, 1700000301)).toBe('stale');
    expect(verifyWechatpaySignature(keys, { ...headers, signature: 'not base64!' }, body, 1700000000)).toBe(
      'bad-signature',
    );
    expect(verifyWechatpaySignature(new Map(), { ...headers, signature }, body, 1700000000)).toBe(
      'unknown-serial',
    );
  });

  it('decryptResource throws on a changed tag or associated data', async () => {
    const no = outTradeNo();
    await client().createNative(order(no));
    fake.pay(no);
    const n = await genuineNotify(no);
    const parsed = JSON.parse(n.body) as {
      resource: { ciphertext: string; nonce: string; associated_data: string };
    };
    const resource = { algorithm: 'AEAD_AES_256_GCM', ...parsed.resource };
    expect(JSON.parse(decryptResource(API_V3_KEY, resource))).toHaveProperty('trade_state', 'SUCCESS');
    const bytes = Buffer.from(resource.ciphertext, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x80;
    expect(() =>
      decryptResource(API_V3_KEY, { ...resource, ciphertext: bytes.toString('base64') }),
    ).toThrow();
    expect(() => decryptResource(API_V3_KEY, { ...resource, associated_data: 'refund' })).toThrow();
  });

  it('jsapiPayParams: paySign verifies with the merchant public key over appId, timeStamp, nonceStr, package', () => {
    const params = jsapiPayParams(
      APPID,
      'wx201410272009395522657a690389285100',
      merchant.privateKey,
      1414561699,
      'abc123',
    );
    expect({ ...params, paySign: undefined }).toEqual({
      appId: APPID,
      timeStamp: '1414561699',
      nonceStr: 'abc123',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
      paySign: undefined,
    });
    const signed = `${APPID}\n1414561699\nabc123\nprepay_id=wx201410272009395522657a690389285100\n`;
    const paySign = Buffer.from(params.paySign, 'base64');
    expect(verify('sha256', Buffer.from(signed), merchant.publicKey, paySign)).toBe(true);
    expect(verify('sha256', Buffer.from(signed), forger.publicKey, paySign)).toBe(false);
    expect(
      verify('sha256', Buffer.from(signed.replace('abc123', 'abc124')), merchant.publicKey, paySign),
    ).toBe(false);
  });
});

function signText(text: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(text), privateKey).toString('base64');
}
