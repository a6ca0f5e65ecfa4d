// WeChat webhook under load: signed plain-mode text messages sent at a fixed rate (open loop) to the
// running service, and the same load against a bare Koa echo in the same process, for comparison.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import getRawBody from 'raw-body';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/service.js';
import { startEmbeddedMongo } from '../src/infra/embedded-mongo.js';
import { sha1Signature } from '../src/adapters/wechat/wechat-crypto.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';
import { findMember } from '../src/domain/members/member-service.js';
import { percentile } from './stats.js';

const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TOKEN = 'bench-token';

interface Run {
  sent: number;
  ok: number;
  latenciesMs: number[];
  seconds: number;
}

async function openLoop(url: (i: number) => string, body: (i: number) => string): Promise<Run> {
  const total = RATE * SECONDS;
  const latenciesMs: number[] = [];
  let ok = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      (async () => {
        const t = performance.now();
        try {
          const res = await fetch(url(i), {
            method: 'POST',
            body: body(i),
            headers: { 'content-type': 'text/xml' },
          });
          await res.text();
          if (res.ok) ok++;
        } finally {
          latenciesMs.push(performance.now() - t);
        }
      })(),
    );
  }
  await Promise.allSettled(inFlight);
  return { sent: total, ok, latenciesMs, seconds: (performance.now() - started) / 1000 };
}

function describe(label: string, run: Run): number {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  console.log(
    `${label.padEnd(28)} ${run.ok}/${run.sent} ok  ${(run.sent / run.seconds).toFixed(0)} msg/s  ` +
      `p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${p99.toFixed(1)} ms`,
  );
  return p99;
}

export async function runWebhookBench() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-bench-'));
  const embedded = process.env.MONGODB_URI
    ? undefined
    : await startEmbeddedMongo({ dataDir, persistent: false });
  const config = loadConfig({
    ...process.env,
    MONGODB_URI: process.env.MONGODB_URI ?? embedded!.uri,
    PORT: '0',
    LOAD_DEMO: 'always',
    WECHAT_TOKEN: TOKEN,
    LOG_LEVEL: 'silent',
  });
  const service = await startService(config, {
    dbName: `bench_webhook_${Date.now()}`,
    queuePrefix: `bench-${Date.now()}`,
  });
  const alice = (await findMember('13800138000'))!;
  for (let u = 0; u < 20; u++) await bindMemberIdentity(alice._id, 'wechat', `o_bench_member_${u}`);

  const echo = new Koa();
  echo.use(async (ctx) => {
    ctx.type = 'application/xml';
    ctx.body = await getRawBody(ctx.req, { limit: '64kb', encoding: 'utf8' });
  });
  const echoServer = await new Promise<Server>((resolve) => {
    const s = echo.listen(0, '127.0.0.1', () => resolve(s));
  });
  const echoUrl = `http://127.0.0.1:${(echoServer.address() as { port: number }).port}/echo`;

  const signedQuery = () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = Math.random().toString(36).slice(2);
    return `timestamp=${timestamp}&nonce=${nonce}&signature=${sha1Signature(TOKEN, timestamp, nonce)}`;
  };
  const runId = Date.now();
  // Half the senders are members asking for their balance, half are strangers asking for points.
  const message = (i: number) => {
    const member = i % 2 === 0;
    const from = member ? `o_bench_member_${i % 20}` : `o_bench_stranger_${i % 200}`;
    return (
      `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[${member ? '查余额' : '查积分'}]]></Content><MsgId>${runId}${String(i).padStart(6, '0')}</MsgId></xml>`
    );
  };

  console.log(`webhook benchmark: ${RATE} msg/s for ${SECONDS} s, on ${embedded?.engine ?? 'MONGODB_URI'}`);
  const warm = await openLoop(
    () => `${service.url}/wechat?${signedQuery()}`,
    (i) => message(1_000_000 + i),
  );
  void warm;
  const bare = describe('bare Koa echo', await openLoop(() => echoUrl, message));
  const full = describe(
    'POST /wechat (plain mode)',
    await openLoop(() => `${service.url}/wechat?${signedQuery()}`, message),
  );
  console.log(
    `p99 ratio webhook / echo: ${(full / Math.max(bare, 0.001)).toFixed(1)}×  (target: webhook p99 < 50 ms)`,
  );

  await new Promise<void>((resolve) => echoServer.close(() => resolve()));
  await service.stop();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
