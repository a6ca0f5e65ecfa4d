// Running it: /metrics for Prometheus, a request id on every answer, one leader for the run-once parts,
// and a stop that lets money already under way finish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { Leadership } from '../src/infra/leader.js';

const slowCommit = { ms: 0 };
let svc: TestService;
let stopped = false;
beforeAll(async () => {
  svc = await startTestService(
    { METRICS_TOKEN: 'scrape-me' },
    {
      commitHooks: {
        afterLedgerInsert: () => new Promise((resolve) => setTimeout(resolve, slowCommit.ms)),
      },
    },
  );
});
afterAll(async () => {
  if (!stopped) await svc?.stop();
});

describe('/metrics', () => {
  it('is scraped with the metrics token and counts messages, ledger operations, queues and notices', async () => {
    await svc.say('alice', '查积分');
    await svc.call('POST', '/api/members/13700137000/recharge', { key: 'm-1', body: { amount: '10' } });
    await svc.call('POST', '/api/members/13700137000/consume', { key: 'm-2', body: { amount: '9999' } });
    expect((await fetch(`${svc.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${svc.url}/metrics`, { headers: { authorization: 'Bearer scrape-me' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/huiyuan_messages_total\{channel="http",outcome="answered"\} [1-9]/);
    expect(text).toMatch(/huiyuan_ledger_operations_total\{kind="recharge",outcome="committed"\} [1-9]/);
    expect(text).toMatch(
      /huiyuan_ledger_operations_total\{kind="consume",outcome="INSUFFICIENT_BALANCE"\} 1/,
    );
    expect(text).toMatch(/huiyuan_queue_jobs\{queue="notify-http",state="completed"\} \d+/);
    expect(text).toMatch(/huiyuan_notices\{status="queued"\} \d+/);
    expect(text).toContain('huiyuan_process_resident_memory_bytes');
  });
});

describe('request ids', () => {
  it('every answer carries one; one sent by a proxy is kept', async () => {
    const made = await fetch(`${svc.url}/healthz`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.1' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.1');
    const refused = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(refused.headers.get('x-request-id')).not.toContain(' ');
  });
});

describe('leader election', () => {
  it('one of two instances leads; when it stops, the other takes over', async () => {
    const key = `test-leader-${randomBytes(4).toString('hex')}`;
    const clients = [new Redis(inject('redisUrl')), new Redis(inject('redisUrl'))];
    const leading = [0, 0];
    const leads = clients.map(
      (client, i) =>
        new Leadership(
          client,
          key,
          {
            elected: async () => void leading[i]!++,
            deposed: async () => void leading[i]!--,
          },
          600,
        ),
    );
    try {
      leads.forEach((l) => l.start());
      await eventually(() => leading[0]! + leading[1]! === 1);
      await new Promise((r) => setTimeout(r, 1000)); // a few renewals: still exactly one
      expect(leading[0]! + leading[1]!).toBe(1);
      const first = leads.findIndex((l) => l.isLeader);
      await leads[first]!.stop();
      await eventually(() => leads[1 - first]!.isLeader);
      expect(leading).toEqual(first === 0 ? [0, 1] : [1, 0]);
    } finally {
      for (const l of leads) await l.stop();
      clients.forEach((c) => c.disconnect());
    }
  });
});

describe('a graceful stop', () => {
  it('lets a money request under way finish and answer before the service closes', async () => {
    slowCommit.ms = 600;
    const inFlight = svc.call('POST', '/api/members/13700137000/recharge', {
      key: 'stop-1',
      body: { amount: '20' },
    });
    await new Promise((r) => setTimeout(r, 150));
    const stopping = svc.stop();
    stopped = true;
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.entry.details.paidFen).toBe(2000);
    await stopping;
  });
});
