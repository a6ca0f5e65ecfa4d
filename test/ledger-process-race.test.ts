// No overdraft when separate processes race: the guarantee comes from the database, not from any lock.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';

const run = promisify(execFile);
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

it('5 processes × 12 simultaneous consumes of 10.00 on 100.00: exactly 10 succeed, the books balance', async () => {
  const id = (await svc.call('POST', '/api/members', { body: { phone: '13512340000' } })).body.id as string;
  await svc.call('POST', `/api/members/${id}/recharge`, { body: { amount: '100' }, key: 'seed' });

  const workers = Array.from({ length: 5 }, (_, w) =>
    run('npx', ['tsx', 'test/support/race-worker.ts', inject('mongoUri'), svc.dbName, id, '12', `w${w}`], {
      timeout: 120_000,
    }),
  );
  const totals: Record<string, number> = {};
  for (const { stdout } of await Promise.all(workers)) {
    const line = stdout.trim().split('\n').at(-1)!;
    for (const [k, v] of Object.entries(JSON.parse(line) as Record<string, number>))
      totals[k] = (totals[k] ?? 0) + v;
  }

  expect(totals).toEqual({ ok: 10, INSUFFICIENT_BALANCE: 50 });
  expect((await svc.call('GET', `/api/members/${id}`)).body.balanceFen).toBe(0);
  expect(await LedgerEntryModel.countDocuments({ memberId: id, kind: 'consume' })).toBe(10);
  expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
});
