// 我的券 lists every coupon a member holds, even when many are issued at the same instant by two
// service processes: each coupon is its own inserted wallet slot, never an array rewritten in place.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestService, type TestService } from './support/service.js';

const run = promisify(execFile);
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const snsIn = (reply: string) => [...reply.matchAll(/券码 (\S+)，/g)].map((m) => m[1]!);

it('40 coupons issued to one member at once, half by another process: 我的券 lists all 40, each once', async () => {
  const alice = (await svc.call('GET', '/api/members?phone=13800138000')).body;
  const memberId = (alice.members?.[0] ?? alice).id as string;
  const template = await svc.call('POST', '/api/coupon-templates', {
    body: { name: '并发券', type: 'cash', valueFen: 100 },
  });
  const before = snsIn((await svc.say('alice', '我的券')).join('\n'));

  const otherProcess = run(
    'npx',
    ['tsx', 'test/support/issue-worker.ts', inject('mongoUri'), svc.dbName, template.body.id, memberId, '20'],
    { timeout: 120_000 },
  );
  const here = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      svc.call('POST', `/api/coupon-templates/${template.body.id}/issue`, {
        body: { count: 1, member: '13800138000' },
        key: `wallet-race-${i}`,
      }),
    ),
  );
  const fromWorker = JSON.parse((await otherProcess).stdout.trim().split('\n').at(-1)!) as string[];
  const issued = [...here.flatMap((r) => r.body.coupons.map((c: { sn: string }) => c.sn)), ...fromWorker];
  expect(issued).toHaveLength(40);

  const listed = snsIn((await svc.say('alice', '我的券')).join('\n'));
  const added = listed.filter((sn) => !before.includes(sn));
  expect(new Set(added).size).toBe(added.length);
  expect(added.sort()).toEqual([...issued].sort());
});
