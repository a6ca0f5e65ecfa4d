// A local stand-in for api.mch.weixin.qq.com (WeChat Pay API v3): checks our request signatures, signs its
// answers with its own key (a WeChat Pay public-key id), keeps orders and refunds, and sends signed,
// encrypted notifies, genuine or tampered. Its crypto is written out here rather than borrowed from
// src/adapters/wechatpay, so a mistake there cannot hide behind the same mistake here.
import {
  createCipheriv,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

export const FAKE_WECHATPAY_SERIAL = 'PUB_KEY_ID_0114232134912410000000000001';

export interface FakeOrder {
  appid: string;
  mchid: string;
  out_trade_no: string;
  description: string;
  trade_type: 'JSAPI' | 'NATIVE';
  trade_state: 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND';
  total: number;
  notify_url: string;
  time_expire: string;
  prepay_id: string;
  openid?: string;
  transaction_id?: string;
  success_time?: string;
}

export interface FakeRefund {
  refund_id: string;
  out_refund_no: string;
  out_trade_no: string;
  reason: string;
  notify_url: string;
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  refund: number;
  total: number;
  create_time: string;
  success_time?: string;
}

export interface NotifyOptions {
  /** Flip a bit of the GCM tag before signing: WeChat Pay vouches for a body we cannot decrypt. */
  tamperTag?: boolean;
  /** Sign with this private key instead of the fake's own (a forger, or a platform certificate's key). */
  signWith?: KeyObject;
  /** The Wechatpay-Serial to send (default the fake's public-key id). */
  serial?: string;
  /** Replace the signature by random bytes. */
  forgeSignature?: boolean;
  /** Wechatpay-Timestamp to send, in seconds (default now). */
  timestamp?: number;
  /** What the resource says amount.total is (default the order's). */
  amountTotal?: number;
  /** What the resource says mchid is (default the order's). */
  mchid?: string;
  /** Resend this earlier notify (by its id) exactly as it was sent; the other options are ignored. */
  replayOf?: string;
}

export interface SentNotify {
  id: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** What our server answered. */
  status: number;
}

export interface FakeWechatPay {
  /** apiBase for WechatPayClient. */
  base: string;
  serial: string;
  /** Verifies the fake's answers and notifies. */
  publicKey: KeyObject;
  orders: Map<string, FakeOrder>;
  refunds: Map<string, FakeRefund>;
  /** Every request, in arrival order, refused ones too; body parsed (null when empty or not JSON). */
  requests: Array<{ method: string; path: string; body: Json | null }>;
  notifies: SentNotify[];
  /** The payer paid: SUCCESS with a transaction_id. Allowed after close, as WeChat can settle a late payment. */
  pay(outTradeNo: string, opts?: { payerOpenid?: string }): FakeOrder;
  /** POSTs a TRANSACTION.SUCCESS notify for this order to `url`; returns the status our server answered. */
  notifyPayment(outTradeNo: string, url: string, opts?: NotifyOptions): Promise<number>;
  /** Ends a PROCESSING refund and POSTs REFUND.<status> to `url`; returns the status our server answered. */
  settleRefund(
    outRefundNo: string,
    status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED',
    url: string,
    opts?: NotifyOptions,
  ): Promise<number>;
  /** The next request to this path (without query) answers `status` {code} before doing anything. */
  failNext(path: string, status: number, code: string): void;
  close(): Promise<void>;
}

const nowS = () => Math.floor(Date.now() / 1000);
const chinaTime = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
const lines = (...parts: string[]) => parts.map((p) => `${p}\n`).join('');
const alnum = (n: number) =>
  Array.from(
    randomBytes(n),
    (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62],
  ).join('');
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (Number.isSafeInteger(v) ? (v as number) : undefined);

class Reply {
  constructor(
    readonly status: number,
    readonly body?: Json,
  ) {}
}
const error = (status: number, code: string, message: string) => new Reply(status, { code, message });

/** Checks a WECHATPAY2-SHA256-RSA2048 Authorization header; returns why it fails, or null. */
function signatureProblem(
  req: IncomingMessage,
  raw: string,
  merchantPublicKey: KeyObject,
  mchid: string,
): string | null {
  const auth = req.headers.authorization ?? '';
  const scheme = 'WECHATPAY2-SHA256-RSA2048 ';
  if (!auth.startsWith(scheme)) return 'missing or unknown authorization scheme';
  const fields = new Map<string, string>();
  for (const m of auth.slice(scheme.length).matchAll(/(\w+)="([^"]*)"/g)) fields.set(m[1] ?? '', m[2] ?? '');
  const [ts, nonce, signature] = [fields.get('timestamp'), fields.get('nonce_str'), fields.get('signature')];
  if (!ts || !nonce || !signature || !fields.get('serial_no')) return 'authorization field missing';
  if (fields.get('mchid') !== mchid) return 'mchid does not match';
  if (Math.abs(nowS() - Number(ts)) > 300) return 'timestamp expired';
  const signed = lines(req.method ?? '', req.url ?? '', ts, nonce, raw);
  return verify('sha256', Buffer.from(signed), merchantPublicKey, Buffer.from(signature, 'base64'))
    ? null
    : 'signature does not verify';
}

export async function startFakeWechatPay(options: {
  merchantPublicKey: KeyObject;
  mchid: string;
  apiV3Key: string;
}): Promise<FakeWechatPay> {
  const { merchantPublicKey, mchid, apiV3Key } = options;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const orders = new Map<string, FakeOrder>();
  const refunds = new Map<string, FakeRefund>();
  const requests: FakeWechatPay['requests'] = [];
  const notifies: SentNotify[] = [];
  const failures = new Map<string, { status: number; code: string }>();

  const signedHeaders = (body: string, key: KeyObject, serial: string, ts: number) => {
    const nonce = alnum(32);
    const signature = sign('sha256', Buffer.from(lines(String(ts), nonce, body)), key).toString('base64');
    return {
      'Wechatpay-Serial': serial,
      'Wechatpay-Signature': signature,
      'Wechatpay-Timestamp': String(ts),
      'Wechatpay-Nonce': nonce,
    };
  };

  const transactionOf = (o: FakeOrder): Json => ({
    appid: o.appid,
    mchid: o.mchid,
    out_trade_no: o.out_trade_no,
    trade_type: o.trade_type,
    trade_state: o.trade_state,
    trade_state_desc: o.trade_state,
    ...(o.transaction_id && { transaction_id: o.transaction_id, bank_type: 'OTHERS' }),
    ...(o.success_time && { success_time: o.success_time }),
    ...(o.openid && { payer: { openid: o.openid } }),
    amount: o.transaction_id
      ? { total: o.total, payer_total: o.total, currency: 'CNY', payer_currency: 'CNY' }
      : { total: o.total, currency: 'CNY', payer_currency: 'CNY' },
  });

  const refundOf = (r: FakeRefund): Json => ({
    refund_id: r.refund_id,
    out_refund_no: r.out_refund_no,
    transaction_id: orders.get(r.out_trade_no)?.transaction_id ?? '',
    out_trade_no: r.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    status: r.status,
    create_time: r.create_time,
    ...(r.success_time && { success_time: r.success_time }),
    amount: {
      total: r.total,
      refund: r.refund,
      payer_total: r.total,
      payer_refund: r.refund,
      currency: 'CNY',
    },
  });

  function createOrder(kind: 'JSAPI' | 'NATIVE', b: Json): Reply {
    const amount = isObject(b.amount) ? b.amount : {};
    const payer = isObject(b.payer) ? b.payer : {};
    const [appid, outTradeNo, description, notifyUrl, timeExpire] = [
      str(b.appid),
      str(b.out_trade_no),
      str(b.description),
      str(b.notify_url),
      str(b.time_expire),
    ];
    const total = int(amount.total);
    if (!appid || !outTradeNo || !description || !notifyUrl || !timeExpire)
      return error(400, 'PARAM_ERROR', 'missing field');
    if (b.mchid !== mchid) return error(400, 'MCH_NOT_EXISTS', 'mchid mismatch');
    if (!total || total <= 0 || amount.currency !== 'CNY') return error(400, 'PARAM_ERROR', 'bad amount');
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/.test(timeExpire))
      return error(400, 'PARAM_ERROR', 'time_expire');
    const openid = str(payer.openid);
    if (kind === 'JSAPI' && !openid) return error(400, 'PARAM_ERROR', 'payer.openid missing');
    const known = orders.get(outTradeNo);
    if (known?.trade_state === 'SUCCESS' || known?.trade_state === 'REFUND')
      return error(400, 'ORDERPAID', '该订单已支付');
    if (known?.trade_state === 'CLOSED') return error(400, 'ORDERCLOSED', '当前订单已关闭');
    if (known && (known.total !== total || known.trade_type !== kind))
      return error(400, 'INVALID_REQUEST', '201 商户订单号重复');
    const order: FakeOrder = known ?? {
      appid,
      mchid,
      out_trade_no: outTradeNo,
      description,
      trade_type: kind,
      trade_state: 'NOTPAY',
      total,
      notify_url: notifyUrl,
      time_expire: timeExpire,
      prepay_id: `wx${digits(12)}${alnum(20)}`,
      ...(openid && { openid }),
    };
    orders.set(outTradeNo, order);
    return new Reply(
      200,
      kind === 'JSAPI'
        ? { prepay_id: order.prepay_id }
        : { code_url: `weixin://wxpay/bizpayurl?pr=${alnum(7)}` },
    );
  }

  function createRefund(b: Json): Reply {
    const amount = isObject(b.amount) ? b.amount : {};
    const [outTradeNo, outRefundNo, notifyUrl] = [
      str(b.out_trade_no),
      str(b.out_refund_no),
      str(b.notify_url),
    ];
    const [refund, total] = [int(amount.refund), int(amount.total)];
    if (!outTradeNo || !outRefundNo || !refund || !total || amount.currency !== 'CNY')
      return error(400, 'PARAM_ERROR', 'missing field');
    const order = orders.get(outTradeNo);
    if (!order) return error(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const known = refunds.get(outRefundNo);
    if (known) return new Reply(200, refundOf(known)); // same out_refund_no: the same refund
    if (order.trade_state !== 'SUCCESS' && order.trade_state !== 'REFUND')
      return error(400, 'INVALID_REQUEST', '订单未支付');
    if (total !== order.total) return error(400, 'PARAM_ERROR', '订单金额或退款金额与之前请求不一致');
    const refunded = [...refunds.values()]
      .filter((r) => r.out_trade_no === outTradeNo && r.status !== 'CLOSED' && r.status !== 'ABNORMAL')
      .reduce((sum, r) => sum + r.refund, 0);
    if (refunded + refund > total) return error(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const r: FakeRefund = {
      refund_id: `50${digits(30)}`,
      out_refund_no: outRefundNo,
      out_trade_no: outTradeNo,
      reason: str(b.reason) ?? '',
      notify_url: notifyUrl ?? order.notify_url,
      status: 'PROCESSING',
      refund,
      total,
      create_time: chinaTime(Date.now()),
    };
    refunds.set(outRefundNo, r);
    return new Reply(200, refundOf(r));
  }

  function route(method: string, url: URL, b: Json | null): Reply {
    const path = url.pathname;
    if (method === 'POST' && path === '/v3/pay/transactions/jsapi') return createOrder('JSAPI', b ?? {});
    if (method === 'POST' && path === '/v3/pay/transactions/native') return createOrder('NATIVE', b ?? {});
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') return createRefund(b ?? {});
    let m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) {
      if (url.searchParams.get('mchid') !== mchid) return error(400, 'PARAM_ERROR', 'mchid');
      const order = orders.get(decodeURIComponent(m[1] ?? ''));
      return order ? new Reply(200, transactionOf(order)) : error(404, 'ORDER_NOT_EXIST', '订单不存在');
    }
    m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path);
    if (method === 'POST' && m) {
      if (b?.mchid !== mchid) return error(400, 'PARAM_ERROR', 'mchid');
      const order = orders.get(decodeURIComponent(m[1] ?? ''));
      if (!order) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (order.trade_state === 'SUCCESS' || order.trade_state === 'REFUND')
        return error(400, 'ORDERPAID', '该订单已支付');
      order.trade_state = 'CLOSED';
      return new Reply(204);
    }
    m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) {
      const r = refunds.get(decodeURIComponent(m[1] ?? ''));
      return r ? new Reply(200, refundOf(r)) : error(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    }
    return error(404, 'NOT_FOUND', `no route ${method} ${path}`);
  }

  function answer(req: IncomingMessage, raw: string): Reply {
    const url = new URL(req.url ?? '/', 'http://fake');
    let parsed: unknown;
    try {
      parsed = raw ? JSON.parse(raw) : null;
    } catch {
      parsed = null;
    }
    const body = isObject(parsed) ? parsed : null;
    requests.push({ method: req.method ?? '', path: req.url ?? '', body });
    const problem = signatureProblem(req, raw, merchantPublicKey, mchid);
    if (problem) return error(401, 'SIGN_ERROR', problem);
    const failure = failures.get(url.pathname);
    if (failure) {
      failures.delete(url.pathname);
      return error(failure.status, failure.code, `failNext ${failure.code}`);
    }
    if (raw && !body) return error(400, 'PARAM_ERROR', 'body is not JSON');
    return route(req.method ?? '', url, body);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let reply: Reply;
      try {
        reply = answer(req, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        reply = error(500, 'SYSTEM_ERROR', String(e));
      }
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        ...(text && { 'Content-Type': 'application/json; charset=utf-8' }),
        'Request-ID': randomUUID(),
        // WeChat Pay signs error answers too.
        ...signedHeaders(text, privateKey, FAKE_WECHATPAY_SERIAL, nowS()),
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Encrypts, signs and POSTs one notify the way WeChat Pay does. */
  async function sendNotify(
    url: string,
    eventType: string,
    summary: string,
    resource: Json,
    associatedData: string,
    opts: NotifyOptions,
  ): Promise<number> {
    if (opts.replayOf !== undefined) {
      const earlier = notifies.find((n) => n.id === opts.replayOf);
      if (!earlier) throw new Error(`no notify ${opts.replayOf} to replay`);
      return post({ ...earlier, url });
    }
    const nonce = alnum(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    if (opts.tamperTag) tag[0] = (tag[0] ?? 0) ^ 0x01;
    const id = randomUUID();
    const body = JSON.stringify({
      id,
      create_time: chinaTime(Date.now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: {
        original_type: associatedData,
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: Buffer.concat([sealed, tag]).toString('base64'),
        associated_data: associatedData,
        nonce,
      },
    });
    const headers = signedHeaders(
      body,
      opts.signWith ?? privateKey,
      opts.serial ?? FAKE_WECHATPAY_SERIAL,
      opts.timestamp ?? nowS(),
    );
    if (opts.forgeSignature) headers['Wechatpay-Signature'] = randomBytes(256).toString('base64');
    return post({ id, url, headers, body, status: 0 });
  }

  async function post(n: SentNotify): Promise<number> {
    const res = await fetch(n.url, {
      method: 'POST',
      headers: { ...n.headers, 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/4.0' },
      body: n.body,
    });
    await res.arrayBuffer();
    notifies.push({ ...n, status: res.status });
    return res.status;
  }

  return {
    base,
    serial: FAKE_WECHATPAY_SERIAL,
    publicKey,
    orders,
    refunds,
    requests,
    notifies,
    pay(outTradeNo, opts = {}) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`fake wechatpay: no order ${outTradeNo}`);
      order.trade_state = 'SUCCESS';
      order.transaction_id ??= `4200${digits(24)}`;
      order.success_time = chinaTime(Date.now());
      if (opts.payerOpenid) order.openid = opts.payerOpenid;
      order.openid ??= `o${alnum(27)}`;
      return order;
    },
    notifyPayment(outTradeNo, url, opts = {}) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`fake wechatpay: no order ${outTradeNo}`);
      // Says SUCCESS whatever the order's state, so a forged notify (signWith) can lie about an unpaid order.
      const t = transactionOf(order);
      const amount = isObject(t.amount) ? t.amount : {};
      const total = opts.amountTotal ?? order.total;
      const resource: Json = {
        ...t,
        mchid: opts.mchid ?? order.mchid,
        trade_state: 'SUCCESS',
        trade_state_desc: '支付成功',
        transaction_id: order.transaction_id ?? `4200${digits(24)}`,
        success_time: order.success_time ?? chinaTime(Date.now()),
        amount: { ...amount, total, payer_total: total },
      };
      return sendNotify(url, 'TRANSACTION.SUCCESS', '支付成功', resource, 'transaction', opts);
    },
    async settleRefund(outRefundNo, status, url, opts = {}) {
      const r = refunds.get(outRefundNo);
      if (!r) throw new Error(`fake wechatpay: no refund ${outRefundNo}`);
      const order = orders.get(r.out_trade_no);
      r.status = status;
      if (status === 'SUCCESS') {
        r.success_time = chinaTime(Date.now());
        if (order) order.trade_state = 'REFUND';
      }
      const resource: Json = {
        mchid: opts.mchid ?? order?.mchid ?? mchid,
        out_trade_no: r.out_trade_no,
        transaction_id: order?.transaction_id ?? '',
        out_refund_no: r.out_refund_no,
        refund_id: r.refund_id,
        refund_status: status,
        ...(r.success_time && { success_time: r.success_time }),
        user_received_account: '支付用户零钱',
        amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
      };
      const summary = status === 'SUCCESS' ? '退款成功' : status === 'CLOSED' ? '退款关闭' : '退款异常';
      return sendNotify(url, `REFUND.${status}`, summary, resource, 'refund', opts);
    },
    failNext(path, status, code) {
      failures.set(path, { status, code });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
