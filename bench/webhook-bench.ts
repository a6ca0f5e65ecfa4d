// WeChat webhook under load: signed plain-mode text messages from 5,000 distinct senders (half of them
// bound members asking 查余额, half strangers asking 查积分), sent open loop at fixed rates to the running
// service, beside a bare Koa echo at the same rates in the same process. Late replies are drained
// before the next rate and before the database stops.
import type { Server } from 'node:http';
import Koa from 'koa';
import getRawBody from 'raw-body';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/service.js';
import { sha1Signature } from '../src/adapters/wechat/wechat-crypto.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';
import { createMember } from '../src/domain/members/member-service.js';
import { addRow, drive, ms, percentile } from './stats.js';
import type { BenchEngine } from './engine.js';

const RATES = (process.env.BENCH_RATES ?? '50,100,200,300,500').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SENDERS = 5000;
const TOKEN = 'bench-token';
const PASSIVE_WINDOW_MS = 5000;
const KNEE_P99_MS = 500;

interface Run {
  sent: number;
  passive: number;
  latenciesMs: number[];
  seconds: number;
}

async function openLoop(rate: number, url: () => string, body: (i: number) => string): Promise<Run> {
  const total = rate * SECONDS;
  const latenciesMs: number[] = [];
  let passive = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      (async () => {
        const t = performance.now();
        try {
          const res = await fetch(url(), {
            method: 'POST',
            body: body(i),
            headers: { 'content-type': 'text/xml' },
          });
          const text = await res.text();
          const took = performance.now() - t;
          if (res.ok && text.startsWith('<xml>') && took < PASSIVE_WINDOW_MS) passive++;
        } finally {
          latenciesMs.push(performance.now() - t);
        }
      })(),
    );
  }
  await Promise.allSettled(inFlight);
  return { sent: total, passive, latenciesMs, seconds: (performance.now() - started) / 1000 };
}

function describe(engine: string, what: string, rate: number, run: Run): number {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  addRow({
    engine,
    what,
    rate: `${rate} msg/s`,
    p50: ms(percentile(sorted, 50)),
    p99: ms(p99),
    notes: `${((100 * run.passive) / run.sent).toFixed(1)}% answered within 5 s (${run.passive}/${run.sent})`,
  });
  return p99;
}

function rss(): string {
  return `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`;
}

export async function runWebhookBench(engine: BenchEngine) {
  const config = loadConfig({
    ...process.env,
    MONGODB_URI: engine.uri,
    PORT: '0',
    LOAD_DEMO: 'never',
    WECHAT_TOKEN: TOKEN,
    LOG_LEVEL: 'silent',
  });
  const runId = Date.now();
  const service = await startService(config, {
    dbName: `bench_webhook_${runId}`,
    queuePrefix: `bench-${runId}`,
  });
  const actor = { kind: 'system' as const };
  const seeded = await drive(20, SENDERS / 2, async (i) => {
    const m = await createMember({ phone: `137${String(i).padStart(8, '0')}` }, actor);
    await bindMemberIdentity(m._id, 'wechat', `o_bench_member_${i}`);
  });
  if (seeded.failures) throw new Error(`seeding failed: ${seeded.firstFailure}`);

  const echo = new Koa();
  echo.use(async (ctx) => {
    ctx.type = 'application/xml';
    ctx.body = await getRawBody(ctx.req, { limit: '64kb', encoding: 'utf8' });
  });
  const echoServer = await new Promise<Server>((resolve) => {
    const s = echo.listen(0, '127.0.0.1', () => resolve(s));
  });
  const echoUrl = `http://127.0.0.1:${(echoServer.address() as { port: number }).port}/echo`;

  const signedUrl = () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = Math.random().toString(36).slice(2);
    return `${service.url}/wechat?timestamp=${timestamp}&nonce=${nonce}&signature=${sha1Signature(TOKEN, timestamp, nonce)}`;
  };
  let msgSeq = 0;
  // Sender i: even → a bound member asking for the balance, odd → a stranger asking for points.
  const message = (i: number) => {
    const sender = i % SENDERS;
    const member = sender % 2 === 0;
    const from = member ? `o_bench_member_${sender / 2}` : `o_bench_stranger_${(sender - 1) / 2}`;
    return (
      `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[${member ? '查余额' : '查积分'}]]></Content><MsgId>${runId}${String(++msgSeq).padStart(7, '0')}</MsgId></xml>`
    );
  };

  const rssAtStart = rss();
  let knee = 0;
  for (const rate of RATES) {
    describe(engine.name, 'webhook: bare Koa echo', rate, await openLoop(rate, () => echoUrl, message));
    const p99 = describe(
      engine.name,
      'webhook: POST /wechat',
      rate,
      await openLoop(rate, signedUrl, message),
    );
    if (p99 < KNEE_P99_MS) knee = rate;
    await service.bot.drain(120_000); // late replies finish before the next rate
  }
  addRow({
    engine: engine.name,
    what: 'webhook: knee and memory',
    rate: knee ? `${knee} msg/s` : `< ${RATES[0]} msg/s`,
    p50: '',
    p99: '',
    notes: `highest rate with p99 < ${KNEE_P99_MS} ms; RSS ${rssAtStart} at the start, ${rss()} at the end`,
  });

  await new Promise<void>((resolve) => echoServer.close(() => resolve()));
  await service.stop();
}
