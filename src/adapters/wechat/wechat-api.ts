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
}

export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(`wechat api ${errcode}: ${message}`);
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

  /** POSTs to an API path with the token, refreshing it once if WeChat refuses it. */
  async post(path: string, payload: unknown): Promise<void> {
    let token = await this.accessToken();
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.settings.apiBase}${path}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      const body = (await res.json()) as { errcode?: number; errmsg?: string };
      if (!body.errcode) return;
      if (TOKEN_INVALID.has(body.errcode) && attempt === 0) {
        token = await this.accessToken(token);
        continue;
      }
      throw new WechatApiError(body.errcode, body.errmsg ?? '');
    }
  }
}
