// The Official Account API client: one access_token shared by every process through Redis, fetched by
// one refresher at a time with /cgi-bin/stable_token, and refreshed when WeChat says it is invalid.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface WechatApiSettings {
  appId: string;
  appSecret: string;
  apiBase: string;
  redis?: Redis;
  keyPrefix: string;
  /** How often a "system busy" (-1) answer is retried, waiting 100 ms, 200 ms, 400 ms…; default 3. */
  busyRetries?: number;
  /** Told of every errcode that reaches the caller as a throw (after retries), so /metrics can count it. */
  onError?: (path: string, errcode: number) => void;
}

/** What an errcode means, for logs and operators: WeChat's errmsg is terse and sometimes Chinese. */
export const WECHAT_ERRORS: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'access_token invalid',
  40014: 'access_token invalid',
  42001: 'access_token expired',
  40056: 'invalid code',
  40116: 'invalid code',
  40071: 'invalid card type',
  40078: 'invalid card status',
  40097: 'invalid arguments',
  40099: 'code already consumed',
  40127: 'card deleted or given to a friend',
  41011: 'missing required field',
  41012: 'missing card_id',
  45021: 'field too long',
  45030: 'no API permission for this card',
  43009: 'no custom-code permission',
  43010: 'no stored-value permission',
  48001: 'api unauthorized',
};

export class WechatApiError extends Error {
  /** Our English reading of the errcode ('unknown WeChat error' when it is not in WECHAT_ERRORS). */
  readonly meaning: string;

  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(`wechat api ${errcode}: ${message} (${WECHAT_ERRORS[errcode] ?? 'unknown WeChat error'})`);
    this.name = 'WechatApiError';
    this.meaning = WECHAT_ERRORS[errcode] ?? 'unknown WeChat error';
  }
}

/** errcodes meaning "this access_token is not (or no longer) valid". */
const TOKEN_INVALID = new Set([40001, 40014, 42001]);
const LOCK_MS = 10_000;

export class WechatApi {
  private memory?: { token: string; expiresAt: number };

  constructor(private readonly settings: WechatApiSettings) {}

  private get tokenKey() {
    return `${this.settings.keyPrefix}:wechat:token:${this.settings.appId}`;
  }

  /** The shared token; `replacing` names a token WeChat refused, so only that one is replaced. */
  async accessToken(replacing?: string): Promise<string> {
    const cached = await this.cached();
    if (cached && cached !== replacing) return cached;
    const redis = this.settings.redis;
    if (!redis) return this.fetchToken(!!replacing);

    const lockKey = `${this.tokenKey}:lock`;
    const owner = randomUUID();
    if (await redis.set(lockKey, owner, 'PX', LOCK_MS, 'NX')) {
      try {
        return await this.fetchToken(!!replacing);
      } finally {
        if ((await redis.get(lockKey)) === owner) await redis.del(lockKey);
      }
    }
    // Someone else is refreshing: wait for their token rather than invalidating it with our own.
    for (let waited = 0; waited < LOCK_MS; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      const fresh = await this.cached();
      if (fresh && fresh !== replacing) return fresh;
    }
    throw new Error('timed out waiting for the WeChat access token');
  }

  private async cached(): Promise<string | null> {
    if (this.settings.redis) return this.settings.redis.get(this.tokenKey);
    return this.memory && this.memory.expiresAt > Date.now() ? this.memory.token : null;
  }

  private async fetchToken(forceRefresh: boolean): Promise<string> {
    const res = await fetch(`${this.settings.apiBase}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credential',
        appid: this.settings.appId,
        secret: this.settings.appSecret,
        force_refresh: forceRefresh,
      }),
    });
    const body = (await res.json()) as {
      access_token?: string;
      expires_in?: number;
      errcode?: number;
      errmsg?: string;
    };
    if (!body.access_token) throw new WechatApiError(body.errcode ?? -1, body.errmsg ?? 'no access_token');
    // Kept 5 minutes less than WeChat's 7200 s, so a refresh happens before it expires.
    const ttl = Math.max(60, (body.expires_in ?? 7200) - 300);
    if (this.settings.redis) await this.settings.redis.set(this.tokenKey, body.access_token, 'EX', ttl);
    else this.memory = { token: body.access_token, expiresAt: Date.now() + ttl * 1000 };
    return body.access_token;
  }

  /**
   * POSTs to an API path with the token and returns WeChat's JSON answer. A refused token is replaced and
   * the call retried once; "system busy" is retried with backoff; any other errcode throws WechatApiError.
   */
  async call<T extends object>(path: string, payload: unknown): Promise<T> {
    try {
      return await this.attempt<T>(path, payload);
    } catch (err) {
      if (err instanceof WechatApiError) this.report(path, err.errcode);
      throw err;
    }
  }

  /** POSTs to an API path for its effect only. */
  async post(path: string, payload: unknown): Promise<void> {
    await this.call(path, payload);
  }

  private async attempt<T extends object>(path: string, payload: unknown): Promise<T> {
    const busyRetries = this.settings.busyRetries ?? 3;
    let token = await this.accessToken();
    let refreshed = false;
    for (let busy = 0; ;) {
      const res = await fetch(`${this.settings.apiBase}${path}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      const body = (await res.json()) as T & { errcode?: number; errmsg?: string };
      if (!body.errcode) return body;
      if (TOKEN_INVALID.has(body.errcode) && !refreshed) {
        refreshed = true;
        token = await this.accessToken(token);
        continue;
      }
      if (body.errcode === -1 && busy < busyRetries) {
        await new Promise((r) => setTimeout(r, 100 * 2 ** busy++));
        continue;
      }
      throw new WechatApiError(body.errcode, body.errmsg ?? '');
    }
  }

  /** A failing metrics hook must not hide the WeChat error from the caller. */
  private report(path: string, errcode: number) {
    try {
      this.settings.onError?.(path, errcode);
    } catch {
      // the caller still gets the original error
    }
  }
}
