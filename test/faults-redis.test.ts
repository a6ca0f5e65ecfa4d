// Losing Redis in the middle of money traffic: replies never wait for it, they state what was committed,
// nothing is doubled, and the notices held while it was away are delivered once when it returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type StartedServer } from '../src/infra/processes.js';
import { startRedisServer } from '../src/infra/redis-server.js';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';

let redis: StartedServer;
let port: number;
let svc: TestService;

beforeAll(async () => {
  port = await freePort();
  redis = await startRedisServer(port);
  svc = await startTestService({ REDIS_URL: `redis://127.0.0.1:${port}` });
});
afterAll(async () => {
  await svc?.stop();
  await redis?.stop();
});

const inGroup = async (from: string, text: string) =>
  (await svc.say(from, text, { group: 'store-1' })).join('\n');
const inbox = async (user: string) =>
  ((await svc.call('GET', `/api/bot/inbox/${user}`)).body.messages as Array<{ text: string }>).map(
    (m) => m.text,
  );

describe('Redis stops and comes back during money traffic', () => {
  it('answers chat and HTTP money operations with the committed result, and delivers held notices once', async () => {
    const before = (await svc.call('GET', '/api/members/13800138000')).body.balanceFen as number;
    const first = await inGroup('cashier-1', '充值 13800138000 10');
    await eventually(async () =>
      (await inbox('alice')).some((t) => t.includes(/流水号 (\w+)/.exec(first)![1]!)),
    );

    await redis.stop();
    const during = await inGroup('cashier-1', '消费 13800138000 20');
    expect(during).toContain('✅ 消费成功');
    const heldNo = /流水号 (\w+)/.exec(during)![1]!;
    // The sender's next message is not stuck behind anything.
    expect(await inGroup('cashier-1', '查 13800138000')).toContain('138****8000');
    const http = await svc.call('POST', '/api/members/13800138000/recharge', {
      key: 'during-outage-1',
      body: { amount: '5' },
    });
    expect(http.status).toBe(200);
    // A retry of the same message applies nothing more.
    expect(
      (
        await svc.call('POST', '/api/members/13800138000/recharge', {
          key: 'during-outage-1',
          body: { amount: '5' },
        })
      ).headers.get('idempotent-replayed'),
    ).toBe('true');
    expect((await inbox('alice')).some((t) => t.includes(heldNo))).toBe(false);

    redis = await startRedisServer(port);
    const delivered = await eventually(async () => {
      const texts = (await inbox('alice')).filter((t) => t.includes(heldNo));
      return texts.length ? texts : undefined;
    }, 45_000);
    expect(delivered).toHaveLength(1);
    // 1000 + 500 recharged, 2000 × 0.88 paid (a gold member).
    expect((await svc.call('GET', '/api/members/13800138000')).body.balanceFen).toBe(
      before + 1000 - 1760 + 500,
    );
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  }, 90_000);
});
