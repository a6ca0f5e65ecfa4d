// The WeChat Pay API v3 client for recharges: create (JSAPI or Native), query, close, refund. Requests are
// signed with the merchant key; an answer is believed only when WeChat Pay's signature over it verifies,
// since a forged "SUCCESS" would credit money nobody paid.
import type { KeyObject } from 'node:crypto';
import { authorizationHeader, verifyWechatpaySignature, type SignatureVerdict } from './wechatpay-signing.js';

export const WECHATPAY_API_BASE = 'https://api.mch.weixin.qq.com';

export type TradeState = 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'USERPAYING' | 'PAYERROR' | 'REVOKED';
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

/** A transaction as the query answers it, and as a TRANSACTION.SUCCESS notify carries it. */
export interface WechatPayTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  trade_state: TradeState;
  trade_state_desc?: string;
  success_time?: string;
  payer?: { openid?: string };
  amount: { total: number; payer_total?: number; currency: string; payer_currency?: string };
}

/** A refund as the refund endpoints answer it. */
export interface WechatPayRefund {
  refund_id: string;
  out_refund_no: string;
  transaction_id?: string;
  out_trade_no?: string;
  status: RefundStatus;
  create_time?: string;
  success_time?: string;
  amount: { total: number; refund: number; payer_total?: number; payer_refund?: number; currency?: string };
}

/** A refund as a REFUND.* notify carries it (note `refund_status`, not `status`). */
export interface WechatPayRefundNotice {
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  refund_status: RefundStatus;
  success_time?: string;
  user_received_account?: string;
  amount: { total: number; refund: number; payer_total: number; payer_refund: number };
}

export interface WechatPaySettings {
  mchid: string;
  appid: string;
  /** Serial number of the merchant API certificate. */
  serialNo: string;
  privateKey: KeyObject;
  /** WeChat Pay's verification keys by Wechatpay-Serial: platform certificate serials and/or `PUB_KEY_ID_…`. */
  platformKeys: ReadonlyMap<string, KeyObject>;
  apiBase?: string;
  /** Where payment notifies go (and refund notifies, unless a refund names its own). */
  notifyUrl: string;
  /** Default 10 s. */
  timeoutMs?: number;
}

export interface WechatPayOrder {
  outTradeNo: string;
  description: string;
  totalFen: number;
  expiresAt: Date;
}

export interface WechatPayRefundRequest {
  outTradeNo: string;
  outRefundNo: string;
  reason: string;
  refundFen: number;
  totalFen: number;
  notifyUrl?: string;
}

/** WeChat Pay answered non-2xx. Act on `code` only when `verified`: an unsigned error may be anyone's. */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly verified: boolean = false,
  ) {
    super(`wechatpay ${status} ${code}: ${message}`);
    this.name = 'WechatPayError';
  }
}

/** A 2xx answer that is not provably WeChat Pay's, or not about what we asked: its outcome is unknown. */
export class WechatPayUntrustedAnswer extends Error {
  constructor(
    readonly path: string,
    readonly reason: SignatureVerdict | 'unexpected-body',
  ) {
    super(`wechatpay answer to ${path} not trusted: ${reason}`);
    this.name = 'WechatPayUntrustedAnswer';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/** The fields a decision rests on, checked at run time; the rest is passed through as WeChat sent it. */
export function isTransaction(v: unknown): v is WechatPayTransaction {
  return (
    isObject(v) &&
    typeof v.appid === 'string' &&
    typeof v.mchid === 'string' &&
    typeof v.out_trade_no === 'string' &&
    typeof v.trade_state === 'string' &&
    isObject(v.amount) &&
    isInt(v.amount.total)
  );
}

export function isRefund(v: unknown): v is WechatPayRefund {
  return (
    isObject(v) &&
    typeof v.refund_id === 'string' &&
    typeof v.out_refund_no === 'string' &&
    typeof v.status === 'string' &&
    isObject(v.amount) &&
    isInt(v.amount.refund)
  );
}

export function isRefundNotice(v: unknown): v is WechatPayRefundNotice {
  return (
    isObject(v) &&
    typeof v.mchid === 'string' &&
    typeof v.out_trade_no === 'string' &&
    typeof v.out_refund_no === 'string' &&
    typeof v.refund_status === 'string' &&
    isObject(v.amount) &&
    isInt(v.amount.refund) &&
    isInt(v.amount.total)
  );
}

/** RFC 3339 in China time, as WeChat Pay expects time_expire: 2018-06-08T10:34:56+08:00. */
export function chinaTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

// WeChat Pay's own limits; checking them here also keeps these numbers safe to put in a URL path.
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;

function check(ok: boolean, what: string): void {
  if (!ok) throw new RangeError(`wechatpay: invalid ${what}`);
}

export class WechatPayClient {
  private readonly apiBase: string;

  constructor(private readonly settings: WechatPaySettings) {
    this.apiBase = (settings.apiBase ?? WECHATPAY_API_BASE).replace(/\/+$/, '');
  }

  /** The prepay_id for the pay page (see jsapiPayParams). */
  async createJsapi(order: WechatPayOrder & { openid: string }): Promise<string> {
    check(order.openid.length > 0, 'openid');
    const answer = await this.call('POST', '/v3/pay/transactions/jsapi', {
      ...this.orderBody(order),
      payer: { openid: order.openid },
    });
    if (!isObject(answer) || typeof answer.prepay_id !== 'string')
      throw new WechatPayUntrustedAnswer('/v3/pay/transactions/jsapi', 'unexpected-body');
    return answer.prepay_id;
  }

  /** The weixin://wxpay/… URL to show as a QR code. */
  async createNative(order: WechatPayOrder): Promise<string> {
    const answer = await this.call('POST', '/v3/pay/transactions/native', this.orderBody(order));
    if (!isObject(answer) || typeof answer.code_url !== 'string')
      throw new WechatPayUntrustedAnswer('/v3/pay/transactions/native', 'unexpected-body');
    return answer.code_url;
  }

  async query(outTradeNo: string): Promise<WechatPayTransaction> {
    check(OUT_TRADE_NO.test(outTradeNo), 'out_trade_no');
    const path = `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${encodeURIComponent(this.settings.mchid)}`;
    const answer = await this.call('GET', path);
    // A signed answer about another order (or merchant) must not settle this one.
    if (!isTransaction(answer) || answer.out_trade_no !== outTradeNo || answer.mchid !== this.settings.mchid)
      throw new WechatPayUntrustedAnswer(path, 'unexpected-body');
    return answer;
  }

  /** Closes an unpaid order (204); WeChat Pay answers ORDERPAID if it was paid meanwhile. */
  async close(outTradeNo: string): Promise<void> {
    check(OUT_TRADE_NO.test(outTradeNo), 'out_trade_no');
    await this.call('POST', `/v3/pay/transactions/out-trade-no/${outTradeNo}/close`, {
      mchid: this.settings.mchid,
    });
  }

  async refund(request: WechatPayRefundRequest): Promise<WechatPayRefund> {
    check(OUT_TRADE_NO.test(request.outTradeNo), 'out_trade_no');
    check(OUT_REFUND_NO.test(request.outRefundNo), 'out_refund_no');
    check(isInt(request.totalFen) && request.totalFen > 0, 'total');
    check(
      isInt(request.refundFen) && request.refundFen > 0 && request.refundFen <= request.totalFen,
      'refund',
    );
    const path = '/v3/refund/domestic/refunds';
    const answer = await this.call('POST', path, {
      out_trade_no: request.outTradeNo,
      out_refund_no: request.outRefundNo,
      reason: request.reason,
      notify_url: request.notifyUrl ?? this.settings.notifyUrl,
      amount: { refund: request.refundFen, total: request.totalFen, currency: 'CNY' },
    });
    if (!isRefund(answer) || answer.out_refund_no !== request.outRefundNo)
      throw new WechatPayUntrustedAnswer(path, 'unexpected-body');
    return answer;
  }

  async queryRefund(outRefundNo: string): Promise<WechatPayRefund> {
    check(OUT_REFUND_NO.test(outRefundNo), 'out_refund_no');
    const path = `/v3/refund/domestic/refunds/${outRefundNo}`;
    const answer = await this.call('GET', path);
    if (!isRefund(answer) || answer.out_refund_no !== outRefundNo)
      throw new WechatPayUntrustedAnswer(path, 'unexpected-body');
    return answer;
  }

  private orderBody(order: WechatPayOrder) {
    check(OUT_TRADE_NO.test(order.outTradeNo), 'out_trade_no');
    check(isInt(order.totalFen) && order.totalFen > 0, 'total');
    check(!Number.isNaN(order.expiresAt.getTime()), 'expiresAt');
    return {
      appid: this.settings.appid,
      mchid: this.settings.mchid,
      description: order.description,
      out_trade_no: order.outTradeNo,
      time_expire: chinaTime(order.expiresAt),
      notify_url: this.settings.notifyUrl,
      amount: { total: order.totalFen, currency: 'CNY' },
    };
  }

  /** Sends one signed request; returns the parsed 2xx body (undefined for 204) once its signature verifies. */
  private async call(method: 'GET' | 'POST', path: string, payload?: object): Promise<unknown> {
    const url = `${this.apiBase}${path}`;
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const { mchid, serialNo, privateKey } = this.settings;
    const res = await fetch(url, {
      method,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'User-Agent': 'huiyuan',
        // The signed path is the one on the wire, prefix of apiBase included.
        Authorization: authorizationHeader({ mchid, serialNo, privateKey }, method, pathOf(url), body),
      },
      body: method === 'GET' ? undefined : body,
      signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    const verdict = verifyWechatpaySignature(
      this.settings.platformKeys,
      {
        serial: res.headers.get('wechatpay-serial') ?? '',
        signature: res.headers.get('wechatpay-signature') ?? '',
        timestamp: res.headers.get('wechatpay-timestamp') ?? '',
        nonce: res.headers.get('wechatpay-nonce') ?? '',
      },
      text,
    );
    if (!res.ok) {
      const err = parseJson(text);
      const code = isObject(err) && typeof err.code === 'string' ? err.code : 'HTTP_ERROR';
      const message = isObject(err) && typeof err.message === 'string' ? err.message : text.slice(0, 200);
      throw new WechatPayError(res.status, code, message, verdict === 'ok');
    }
    if (verdict !== 'ok') throw new WechatPayUntrustedAnswer(path, verdict);
    if (text === '') return undefined;
    const parsed = parseJson(text);
    if (parsed === undefined) throw new WechatPayUntrustedAnswer(path, 'unexpected-body');
    return parsed;
  }
}

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
