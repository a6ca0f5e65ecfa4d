// 10,000 generated malformed, oversized, binary, emoji-heavy and operator-shaped inputs through every door
// (the chat door, the admin API, the WeChat webhook, the Telegram webhook): no 5xx, no crash, nothing
// written that matters, memory bounded. The inputs come from a seeded generator, so a failure repeats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestService, type TestService } from './support/service.js';
import { startFakeTelegram, type FakeTelegram } from './support/fake-telegram.js';
import { sha1Signature } from '../src/adapters/wechat/wechat-crypto.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';
import { MemberModel } from '../src/domain/models/member.js';
import { CouponModel, CouponTemplateModel } from '../src/domain/models/coupon.js';
import { TicketModel } from '../src/domain/models/ticket.js';

const TOTAL = Number(process.env.ABUSE_TOTAL ?? 10_000);
const WECHAT_TOKEN = 'abuse-token';
const TG_SECRET = 'abuse-telegram-secret';

let svc: TestService;
let fake: FakeTelegram;
beforeAll(async () => {
  fake = await startFakeTelegram();
  svc = await startTestService({
    WECHAT_TOKEN,
    TELEGRAM_BOT_TOKEN: '123456:ABUSE',
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://huiyuan.example.com/',
    TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
  });
});
afterAll(async () => {
  await svc?.stop();
  await fake?.close();
});

/** mulberry32: small, seeded, good enough to spread inputs. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261123);
/** URL-encodes any string, lone surrogates included (they become U+FFFD). */
const enc = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const OPERATORS: unknown[] = [
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  ['$or', { a: 1 }],
  { __proto__: { admin: true } },
  { constructor: { prototype: { polluted: true } } },
];
const STRINGS = [
  '',
  ' ',
  '\u0000\u0001\u0002',
  '\u202e\u200b\u200d\ufeff',
  '💰💳🎁🧧'.repeat(200),
  '消费 13800138000 99999999999999999999',
  '积分 13800138000 +9e99',
  '冲正 ../../etc/passwd',
  "'; db.members.drop(); //",
  '<xml><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a></xml>',
  '%00%0d%0a',
  'NaN',
  '-0',
  '1e309',
  '88,50',
  '￥-1',
  'A'.repeat(5000),
  '\ud800',
  'null',
  '{"$gt":""}',
];
const NUMBERS: unknown[] = [NaN, Infinity, -Infinity, -0, 2 ** 64, -1, 0.001, '1e3', null, true];

function randomText(): string {
  switch (Math.floor(rand() * 4)) {
    case 0:
      return pick(STRINGS);
    case 1:
      return randomBytes(1 + Math.floor(rand() * 64)).toString('latin1');
    case 2:
      return Array.from({ length: 1 + Math.floor(rand() * 40) }, () =>
        String.fromCodePoint(Math.floor(rand() * 0x2ffff)),
      ).join('');
    default:
      return `${pick(['消费', '充值', '积分', '核销', '冲正', '查', '绑定', '领卡'])} ${pick(STRINGS)}`;
  }
}

function randomValue(depth = 0): unknown {
  const r = rand();
  if (r < 0.3) return randomText();
  if (r < 0.45) return pick(NUMBERS);
  if (r < 0.6) return pick(OPERATORS);
  if (r < 0.7 && depth < 4)
    return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(depth + 1));
  if (r < 0.85 && depth < 4) {
    return Object.fromEntries(
      Array.from({ length: Math.floor(rand() * 5) }, () => [
        pick(['amount', 'text', 'from', 'phone', '$set', 'id']),
        randomValue(depth + 1),
      ]),
    );
  }
  return undefined;
}

/** One abusive request, as [method, path, headers, body]. */
function nextRequest(i: number): [string, string, Record<string, string>, string | Uint8Array | undefined] {
  const json = { 'content-type': 'application/json', authorization: 'Bearer test-admin-token' };
  const door = i % 10;
  if (door < 3) {
    // The chat door: envelopes right but text abusive, or the envelope itself wrong.
    const body =
      rand() < 0.5
        ? {
            channel: 'http',
            messageId: `abuse-${i}`,
            from: { id: `stranger-${i % 97}` },
            chat:
              rand() < 0.3 ? { id: 'store-1', kind: 'group' } : { id: `stranger-${i % 97}`, kind: 'private' },
            text: randomText().slice(0, 2000),
          }
        : randomValue();
    return ['POST', '/api/bot/messages', json, rand() < 0.1 ? randomText() : JSON.stringify(body)];
  }
  if (door < 6) {
    const path = pick([
      '/api/members/13800138000/consume',
      '/api/members/13800138000/recharge',
      '/api/members/13800138000/reversal',
      '/api/members',
      `/api/members?q=${enc(randomText().slice(0, 50))}`,
      '/api/coupon-templates',
      `/api/coupons/${enc(randomText().slice(0, 40))}`,
      '/api/programme/rules',
      `/api/members/${enc(randomText().slice(0, 30))}`,
    ]);
    const method =
      path.includes('?') || path.startsWith('/api/coupons/')
        ? 'GET'
        : path.endsWith('rules')
          ? 'PUT'
          : 'POST';
    const headers: Record<string, string> = { ...json, 'idempotency-key': `abuse-${i}` };
    if (rand() < 0.05) headers['content-encoding'] = pick(['gzip', 'deflate', 'br', 'zstd']);
    if (rand() < 0.05)
      headers.authorization = `Bearer ${randomText()
        .replace(/[^\x21-\x7e]/g, 'x')
        .slice(0, 60)}`;
    // Bodies that would be valid money requests are kept out: this suite changes nothing that counts.
    const value = randomValue();
    if (value && typeof value === 'object' && 'amount' in value) {
      (value as Record<string, unknown>).amount = pick(['88,50', 'NaN', -1, '1e309', { $gt: '' }, '0.001']);
    }
    const body = rand() < 0.2 ? randomBytes(Math.floor(rand() * 300_000)) : JSON.stringify(value);
    return [method, path, headers, method === 'GET' ? undefined : body];
  }
  if (door < 8) {
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = `n${i}`;
    const query = `timestamp=${ts}&nonce=${nonce}&signature=${sha1Signature(WECHAT_TOKEN, ts, nonce)}`;
    const body =
      rand() < 0.5
        ? `<xml><ToUserName>gh</ToUserName><FromUserName>o_abuse_${i % 31}</FromUserName><CreateTime>${ts}</CreateTime>` +
          `<MsgType>${pick(['text', 'event', 'image', 'location', '<x>'])}</MsgType><Content><![CDATA[${randomText().replace(/]]>/g, '')}]]></Content>` +
          `<MsgId>${i}</MsgId><Location_X>${pick(NUMBERS)}</Location_X><Event>${pick(['subscribe', 'CLICK', 'x'])}</Event></xml>`
        : rand() < 0.5
          ? randomText()
          : randomBytes(Math.floor(rand() * 100_000));
    return ['POST', `/wechat?${query}`, { 'content-type': 'text/xml' }, body];
  }
  const update =
    rand() < 0.6
      ? {
          update_id: 900_000 + i,
          message: {
            message_id: i,
            date: pick(NUMBERS),
            from: randomValue(),
            chat: randomValue(),
            text: randomText(),
          },
        }
      : randomValue();
  return [
    'POST',
    `/telegram/${TG_SECRET}`,
    {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': rand() < 0.9 ? TG_SECRET : 'wrong',
    },
    JSON.stringify(update),
  ];
}

async function counts() {
  return {
    entries: await LedgerEntryModel.countDocuments(),
    members: await MemberModel.countDocuments(),
    coupons: await CouponModel.countDocuments(),
    templates: await CouponTemplateModel.countDocuments(),
    tickets: await TicketModel.countDocuments(),
    balance: (await svc.call('GET', '/api/members/13800138000')).body.balanceFen,
  };
}

describe('abuse through every door', () => {
  it(`${TOTAL} generated inputs: no 5xx, no crash, nothing that counts changed, memory bounded`, async () => {
    const before = await counts();
    const rssBefore = process.memoryUsage().rss;
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < TOTAL; i = next++) {
        const [method, path, headers, body] = nextRequest(i);
        const size =
          body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
        const send = async () => {
          const res = await fetch(`${svc.url}${path}`, {
            method,
            headers,
            ...(body !== undefined ? { body } : {}),
          });
          await res.arrayBuffer();
          return res.status;
        };
        let status: number;
        try {
          status = await send();
        } catch {
          // A body over the limit is refused (413) and its connection closed before all of it was sent; a
          // request that went out on a connection the server had just closed fails the same way. A second
          // try on a fresh connection tells those apart from a server that stopped answering.
          try {
            status = await send();
          } catch (err) {
            status = 413;
            if (size <= 256 * 1024 && failures.length < 5) {
              failures.push(
                `${String((err as { cause?: { code?: string } }).cause?.code)} ${method} ${path} (${size} bytes)`,
              );
            }
          }
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 && failures.length < 5) failures.push(`${status} ${method} ${path}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));

    expect(failures).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    expect(await counts()).toEqual(before);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
    // The service runs in this process: its resident memory may grow with caches, not without bound.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * 1024 * 1024);
  }, 600_000);
});
