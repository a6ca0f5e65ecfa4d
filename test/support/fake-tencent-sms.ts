// A local Tencent Cloud SMS for tests: checks the TC3-HMAC-SHA256 signature the SDK makes, records what
// was sent, and can answer the provider's error codes.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LocalJsonServer, type JsonReply } from './local-json-server.js';

export interface TencentSentSms {
  phone: string; // as sent, E.164: '+8613800138000'
  signName: string;
  templateId: string;
  params: string[];
}

interface SendSmsBody {
  PhoneNumberSet?: string[];
  SignName?: string;
  TemplateId?: string;
  TemplateParamSet?: string[];
}

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const AUTH_RE =
  /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/**
 * Tencent Cloud SMS (API 3.0, SendSms 2021-01-11) as the SDK speaks it: JSON POST to "/",
 * X-TC-* headers, TC3-HMAC-SHA256 Authorization verified against the configured secret.
 */
export class FakeTencentSms {
  readonly sent: TencentSentSms[] = [];
  private failures: { code: string; level: 'status' | 'error'; left: number } | undefined;
  private readonly http = new LocalJsonServer((req, body) => this.handle(req, body));

  constructor(
    private readonly secretId: string,
    private readonly secretKey: string,
  ) {}

  start(): Promise<{ endpoint: string }> {
    return this.http.start();
  }
  stop(): Promise<void> {
    return this.http.stop();
  }

  /** Answer the next `times` authenticated sends with `code`: as the per-number SendStatus
   *  Code (how throttling arrives), or as an API-level Response.Error. */
  failNext(code: string, times = 1, level: 'status' | 'error' = 'status'): void {
    this.failures = { code, level, left: times };
  }

  private handle(req: IncomingMessage, raw: Buffer): JsonReply {
    const authError = this.verify(req, raw);
    if (authError) return error(authError, 'The provided credentials could not be validated.');
    if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11') {
      return error('InvalidAction', 'The requested action does not exist.');
    }
    const body = JSON.parse(raw.toString('utf8')) as SendSmsBody;
    const phones = body.PhoneNumberSet ?? [];
    const f = this.failures;
    if (f && f.left > 0) {
      f.left -= 1;
      if (f.level === 'error') return error(f.code, `fake failure ${f.code}`);
      const SendStatusSet = phones.map((PhoneNumber) => ({
        PhoneNumber,
        Code: f.code,
        Message: `fake ${f.code}`,
        SerialNo: '',
        Fee: 0,
        IsoCode: 'CN',
      }));
      return ok({ SendStatusSet });
    }
    for (const phone of phones) {
      this.sent.push({
        phone,
        signName: body.SignName ?? '',
        templateId: body.TemplateId ?? '',
        params: body.TemplateParamSet ?? [],
      });
    }
    const SendStatusSet = phones.map((PhoneNumber) => ({
      PhoneNumber,
      Code: 'Ok',
      Message: 'send success',
      SerialNo: randomUUID(),
      Fee: 1,
      IsoCode: 'CN',
    }));
    return ok({ SendStatusSet });
  }

  /** Returns the Tencent error code when the TC3 signature does not verify. */
  private verify(req: IncomingMessage, raw: Buffer): string | undefined {
    const m = AUTH_RE.exec(String(req.headers.authorization ?? ''));
    if (!m) return 'AuthFailure.InvalidAuthorization';
    const [, id, date = '', service = '', signedHeaders = '', signature = ''] = m;
    if (id !== this.secretId) return 'AuthFailure.SecretIdNotFound';
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!(Math.abs(Date.now() / 1000 - timestamp) <= 300)) return 'AuthFailure.SignatureExpire';
    if (date !== new Date(timestamp * 1000).toISOString().slice(0, 10)) return 'AuthFailure.SignatureFailure';
    // The service is the first label of the host the request was sent to (what the SDK signs).
    const host = String(req.headers.host ?? '').replace(/:\d+$/, ''); // SDK signs hostname without port
    if (service !== host.split('.')[0]) return 'AuthFailure.SignatureFailure';
    const names = signedHeaders.split(';');
    if (!names.includes('host') || !names.includes('content-type')) return 'AuthFailure.InvalidAuthorization';
    const headerValue = (n: string): string =>
      (n === 'host' ? host : String(req.headers[n] ?? '')).trim().toLowerCase();
    const url = new URL(req.url ?? '/', 'http://x');
    const canonical = [
      req.method,
      url.pathname,
      url.search.slice(1),
      names.map((n) => `${n}:${headerValue(n)}\n`).join(''),
      signedHeaders,
      sha256Hex(raw),
    ].join('\n');
    const toSign = [
      'TC3-HMAC-SHA256',
      timestamp,
      `${date}/${service}/tc3_request`,
      sha256Hex(canonical),
    ].join('\n');
    const key = hmac(hmac(hmac('TC3' + this.secretKey, date), service), 'tc3_request');
    const expected = hmac(key, toSign);
    return timingSafeEqual(expected, Buffer.from(signature, 'hex'))
      ? undefined
      : 'AuthFailure.SignatureFailure';
  }
}

const ok = (fields: object): JsonReply => ({
  status: 200,
  body: { Response: { ...fields, RequestId: randomUUID() } },
});
const error = (Code: string, Message: string): JsonReply => ok({ Error: { Code, Message } });
