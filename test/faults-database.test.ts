// The database connection dropped in the middle of a money operation (after the ledger insert, before the
// card is written) and back a moment later: the answer states what was committed, a retry applies nothing
// more, and the books balance. Runs on its own FerretDB, which it stops and restarts on the same files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFerretBinary, runFerretDB } from '../src/infra/ferretdb.js';
import type { StartedServer } from '../src/infra/processes.js';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';

const binary = await findFerretBinary();
let dir: string;
let port: number;
let engine: StartedServer;
let svc: TestService;
const drop = { armed: false, restarted: Promise.resolve() };

beforeAll(async () => {
  if (!binary) return;
  dir = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-dbfault-'));
  const started = await runFerretDB(binary, dir, true);
  engine = started.server;
  port = Number(new URL(started.uri).port);
  svc = await startTestService(
    { MONGODB_URI: started.uri },
    {
      commitHooks: {
        afterLedgerInsert: async () => {
          if (!drop.armed) return;
          drop.armed = false;
          // The engine goes away right after the commit point, and comes back a moment later.
          await engine.stop();
          drop.restarted = new Promise<void>((resolve) =>
            setTimeout(async () => {
              engine = (await runFerretDB(binary!, dir, true, port)).server;
              resolve();
            }, 1500),
          );
        },
      },
    },
  );
});
afterAll(async () => {
  await svc?.stop();
  await engine?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!binary)('the database drops mid-operation', () => {
  it('an HTTP recharge is answered as committed, a retry applies nothing more, the books balance', async () => {
    const before = (await svc.call('GET', '/api/members/13700137000')).body.balanceFen as number;
    drop.armed = true;
    const first = await svc.call('POST', '/api/members/13700137000/recharge', {
      key: 'db-1',
      body: { amount: '100' },
    });
    await drop.restarted;
    expect(first.status).toBe(200);
    expect(first.body.entry.details.paidFen).toBe(10000);
    const retry = await svc.call('POST', '/api/members/13700137000/recharge', {
      key: 'db-1',
      body: { amount: '100' },
    });
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.body.entry.no]).toEqual([
      200,
      'true',
      first.body.entry.no,
    ]);
    expect((await svc.call('GET', '/api/members/13700137000')).body.balanceFen).toBe(before + 10000);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  }, 60_000);

  it('a cashier’s 消费 in chat likewise; the retried message answers the same', async () => {
    drop.armed = true;
    const said = await svc.say('cashier-1', '消费 13800138000 10', {
      group: 'store-1',
      messageId: 'db-chat-1',
    });
    await drop.restarted;
    expect(said.join()).toContain('✅ 消费成功');
    const again = await svc.say('cashier-1', '消费 13800138000 10', {
      group: 'store-1',
      messageId: 'db-chat-1',
    });
    expect(again).toEqual(said);
    // The card's projection was left behind by the outage; the repair the commit scheduled brings it level.
    await eventually(async () => (await svc.call('GET', '/api/ledger/audit')).body.ok === true);
  }, 60_000);
});
