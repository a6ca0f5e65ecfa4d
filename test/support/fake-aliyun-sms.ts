// A local Aliyun SMS for tests: checks the ACS3-HMAC-SHA256 signature the SDK makes, records what was
// sent, and can answer the provider's error codes.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LocalJsonServer, type JsonReply } from './local-json-server.js';

export interface AliyunSentSms {
  phone: string; // as sent: '13800138000'
  signName: string;
  templateId: string; // TemplateCode
  params: Record<string, string>; // parsed TemplateParam
}

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
// RFC 3986 encoding, as the SDK's getAuthorizationQueryString uses.
const enc = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const AUTH_RE = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([a-z0-9;-]+),Signature=([0-9a-f]{64})$/;

/**
 * Aliyun Dysmsapi SendSms (2017-05-25) as @alicloud/openapi-core 1.x sends it: RPC-style POST "/?..."
 * with the parameters in the query, x-acs-* headers and an ACS3-HMAC-SHA256 Authorization header.
 */
export class FakeAliyunSms {
  readonly sent: AliyunSentSms[] = [];
  private failures: { code: string; left: number } | undefined;
  private readonly nonces = new Set<string>();
  private readonly http = new LocalJsonServer((req, body) => this.handle(req, body));

  constructor(
    private readonly accessKeyId: string,
    private readonly accessKeySecret: string,
  ) {}

  start(): Promise<{ endpoint: string }> {
    return this.http.start();
  }
  stop(): Promise<void> {
    return this.http.stop();
  }

  /** Answer the next `times` authenticated sends with body Code `code` (HTTP 200, as SendSms does). */
  failNext(code: string, times = 1): void {
    this.failures = { code, left: times };
  }

  private handle(req: IncomingMessage, raw: Buffer): JsonReply {
    const url = new URL(req.url ?? '/', 'http://x');
    const authError = this.verify(req, url, raw);
    if (authError)
      return {
        status: authError.status,
        body: {
          Code: authError.code,
          Message: authError.message,
          RequestId: randomUUID(),
          HostId: String(req.headers.host),
        },
      };
    if (req.headers['x-acs-action'] !== 'SendSms' || req.headers['x-acs-version'] !== '2017-05-25') {
      return {
        status: 404,
        body: {
          Code: 'InvalidAction.NotFound',
          Message: 'Specified api is not found',
          RequestId: randomUUID(),
        },
      };
    }
    const q = url.searchParams;
    const f = this.failures;
    if (f && f.left > 0) {
      f.left -= 1;
      return { status: 200, body: { Code: f.code, Message: `fake ${f.code}`, RequestId: randomUUID() } };
    }
    const params = JSON.parse(q.get('TemplateParam') ?? '{}') as Record<string, string>;
    for (const phone of (q.get('PhoneNumbers') ?? '').split(',')) {
      this.sent.push({
        phone,
        signName: q.get('SignName') ?? '',
        templateId: q.get('TemplateCode') ?? '',
        params,
      });
    }
    return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: randomUUID(), RequestId: randomUUID() } };
  }

  /** Returns Aliyun's error when the ACS3 signature does not verify. */
  private verify(
    req: IncomingMessage,
    url: URL,
    raw: Buffer,
  ): { status: number; code: string; message: string } | undefined {
    const m = AUTH_RE.exec(String(req.headers.authorization ?? ''));
    if (!m)
      return {
        status: 400,
        code: 'IncompleteSignature',
        message: 'The request signature does not conform to Aliyun standards.',
      };
    const [, id, signedHeaders = '', signature = ''] = m;
    if (id !== this.accessKeyId)
      return {
        status: 404,
        code: 'InvalidAccessKeyId.NotFound',
        message: 'Specified access key is not found.',
      };
    const date = Date.parse(String(req.headers['x-acs-date'] ?? ''));
    if (!(Math.abs(Date.now() - date) <= 15 * 60_000))
      return {
        status: 400,
        code: 'InvalidTimeStamp.Expired',
        message: 'Specified time stamp or date value is expired.',
      };
    const nonce = String(req.headers['x-acs-signature-nonce'] ?? '');
    if (!nonce || this.nonces.has(nonce))
      return {
        status: 400,
        code: 'SignatureNonceUsed',
        message: 'Specified signature nonce was used already.',
      };
    const names = signedHeaders.split(';');
    if (
      !['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'].every((n) => names.includes(n))
    ) {
      return {
        status: 400,
        code: 'IncompleteSignature',
        message: 'The request signature does not conform to Aliyun standards.',
      };
    }
    const query = [...url.searchParams.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${enc(k)}=${enc(v)}`)
      .join('&');
    const headers = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}\n`).join('');
    // Hash the body actually received, so a payload that differs from x-acs-content-sha256 fails too.
    const canonical = [req.method, url.pathname, query, headers, signedHeaders, sha256Hex(raw)].join('\n');
    const expected = createHmac('sha256', this.accessKeySecret)
      .update(`ACS3-HMAC-SHA256\n${sha256Hex(canonical)}`)
      .digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
      return {
        status: 400,
        code: 'SignatureDoesNotMatch',
        message: 'Specified signature does not match our calculation.',
      };
    }
    this.nonces.add(nonce);
    return undefined;
  }
}
