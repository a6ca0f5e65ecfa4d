// WeChat webhook under load: signed plain-mode text messages from 5,000 distinct senders (half of them
// bound members asking 查余额, half strangers asking 查积分), sent open loop at fixed rates to the service
// running as its own process (`src/main.ts`, so its memory is its own), beside a bare Koa echo at the same
// rates in this process. Late replies are drained before the next rate and before the database stops.
import type { Server } from 'node:http';
import Koa from 'koa';
import getRawBody from 'raw-body';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connectDatabase, disconnectDatabase } from '../src/infra/database.js';
import { freePort } from '../src/infra/processes.js';
import { sha1Signature } from '../src/adapters/wechat/wechat-crypto.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';
import { createMember } from '../src/domain/members/member-service.js';
import { runStartUpBackfills } from '../src/domain/start-up-backfills.js';
import { addRow, drive, ms, percentile } from './stats.js';
import type { BenchEngine } from './engine.js';

const RATES = (process.env.BENCH_RATES ?? '50,100,200,300,350,400,500').split(',').map(Number);
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

function describe(engine: string, what: string, rate: number, run: Run, more = ''): number {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  addRow({
    engine,
    what,
    rate: `${rate} msg/s`,
    p50: ms(percentile(sorted, 50)),
    p99: ms(p99),
    notes:
      `${((100 * run.passive) / run.sent).toFixed(1)}% answered within 5 s (${run.passive}/${run.sent})` +
      (more ? `; ${more}` : ''),
  });
  return p99;
}

const METRICS_TOKEN = 'bench-metrics';

async function rssOf(pid: number): Promise<string> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return `${(kb / 1024).toFixed(0)} MB`;
}

/** Runs `npm start`'s entry point against the benchmark's database; resolves once it answers. */
async function startServiceProcess(mongoUri: string) {
  const port = await freePort();
  // BENCH_CPU_PROF=<dir>: the service writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      MONGODB_URI: mongoUri,
      PORT: String(port),
      LOAD_DEMO: 'never',
      WECHAT_TOKEN: TOKEN,
      METRICS_TOKEN,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (tries > 600) throw new Error('the service did not start within a minute');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    /** Waits until no message is being handled (late replies included). */
    async drained(maxMs: number) {
      const deadline = Date.now() + maxMs;
      while (Date.now() < deadline) {
        const text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
          .then((r) => r.text())
          .catch(() => '');
        if (/^huiyuan_messages_in_flight 0$/m.test(text)) return;
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function runWebhookBench(engine: BenchEngine) {
  const runId = Date.now();
  const dbName = `bench_webhook_${runId}`;
  await connectDatabase(engine.uri, dbName);
  const actor = { kind: 'system' as const };
  const seeded = await drive(20, SENDERS / 2, async (i) => {
    const m = await createMember({ phone: `137${String(i).padStart(8, '0')}` }, actor);
    await bindMemberIdentity(m._id, 'wechat', `o_bench_member_${i}`);
  });
  if (seeded.failures) throw new Error(`seeding failed: ${seeded.firstFailure}`);
  // A database the service has never opened gets its start-up backfills (one pass over every member) the
  // first time it starts; they are run here, so the first rate measures messages, not that pass.
  await runStartUpBackfills();
  await disconnectDatabase();
  const service = await startServiceProcess(`${engine.uri.replace(/\/$/, '')}/${dbName}`);

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

  const rssAtStart = await rssOf(service.pid);
  let knee = 0;
  for (const rate of RATES) {
    describe(engine.name, 'webhook: bare Koa echo', rate, await openLoop(rate, () => echoUrl, message));
    const run = await openLoop(rate, signedUrl, message);
    await service.drained(120_000); // late replies finish before the next rate
    const memory = `service RSS ${await rssOf(service.pid)} after`;
    const p99 = describe(engine.name, 'webhook: POST /wechat', rate, run, memory);
    if (p99 < KNEE_P99_MS) knee = rate;
  }
  addRow({
    engine: engine.name,
    what: 'webhook: knee and memory',
    rate: knee ? `${knee} msg/s` : `< ${RATES[0]} msg/s`,
    p50: '',
    p99: '',
    notes: `highest rate with p99 < ${KNEE_P99_MS} ms; service RSS ${rssAtStart} at the start, ${await rssOf(service.pid)} at the end`,
  });

  await new Promise<void>((resolve) => echoServer.close(() => resolve()));
  await service.stop();
}
