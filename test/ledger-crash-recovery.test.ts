// A crash between the ledger insert (the commit) and the member update loses nothing and applies nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestService, type TestService } from './support/service.js';
import { MemberModel } from '../src/domain/models/member.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
const crash = { armed: false };

beforeAll(async () => {
  svc = await startTestService(
    {},
    {
      commitHooks: {
        afterLedgerInsert: () => {
          if (crash.armed) {
            crash.armed = false;
            throw new Error('injected crash');
          }
        },
      },
    },
  );
});
afterAll(async () => {
  await svc?.stop();
});

/** The card as stored, without the roll-forward that API reads do. */
async function storedBalance(id: string): Promise<number> {
  return (await MemberModel.findById(id).lean())!.balanceFen;
}

describe('a crash after the ledger insert', () => {
  let id: string;

  beforeAll(async () => {
    id = (await svc.call('POST', '/api/members', { body: { phone: '13612345678' } })).body.id;
    await svc.call('POST', `/api/members/${id}/recharge`, { body: { amount: '100' }, key: 'r1' });
  });

  it('is repaired by the recovery job the failed commit scheduled', async () => {
    // The repair is held while the broken state is looked at, so the test does not race the job's delay.
    const recovery = svc.queues.find((q) => q.name === 'ledger-recovery')!;
    await recovery.pause(true);
    crash.armed = true;
    const crashed = await svc.call('POST', `/api/members/${id}/consume`, {
      body: { amount: '30' },
      key: 'c1',
    });
    expect(crashed.status).toBe(500);
    expect(await storedBalance(id)).toBe(10000);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(false);
    expect(await recovery.getDelayedCount()).toBeGreaterThanOrEqual(1);

    await recovery.resume(true);
    await eventually(async () => (await storedBalance(id)) === 7000);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  });

  it('answers a retry of the crashed request from the ledger, applying nothing more', async () => {
    crash.armed = true;
    expect(
      (await svc.call('POST', `/api/members/${id}/consume`, { body: { amount: '10' }, key: 'c2' })).status,
    ).toBe(500);
    const retried = await svc.call('POST', `/api/members/${id}/consume`, {
      body: { amount: '10' },
      key: 'c2',
    });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.entry.balanceAfterFen).toBe(6000);
    expect(await storedBalance(id)).toBe(6000);
  });

  it('lets the next operation build on the ledger, not on the stale card', async () => {
    crash.armed = true;
    await svc.call('POST', `/api/members/${id}/consume`, { body: { amount: '5' }, key: 'c3' });
    const next = await svc.call('POST', `/api/members/${id}/consume`, { body: { amount: '5' }, key: 'c4' });
    expect(next.status).toBe(200);
    expect(next.body.entry.balanceAfterFen).toBe(5000);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  });

  it('shows the true balance and history on read even before any repair', async () => {
    crash.armed = true;
    await svc.call('POST', `/api/members/${id}/consume`, { body: { amount: '1' }, key: 'c5' });
    const history = (await svc.call('GET', `/api/members/${id}/history?limit=2`)).body.entries;
    expect(history[0]).toMatchObject({ balanceAfterFen: 4900, kind: 'consume' });
    expect((await svc.call('GET', `/api/members/${id}`)).body.balanceFen).toBe(4900);
  });

  it('never refuses a change that the chain pays for, when the card is behind it', async () => {
    crash.armed = true;
    const recharge = await svc.call('POST', `/api/members/${id}/recharge`, {
      body: { amount: '100' },
      key: 'r-behind',
    });
    expect(recharge.status).toBe(500);
    expect(await storedBalance(id)).toBeLessThan(10000); // the card shows 49.00; the chain 149.00
    const consume = await svc.call('POST', `/api/members/${id}/consume`, {
      body: { amount: '120' },
      key: 'c-behind',
    });
    expect(consume.status).toBe(200);
    expect(consume.body.entry.balanceAfterFen).toBe(2900);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  });

  it("is found by the hourly pass over the last days' entries when no repair was scheduled", async () => {
    const recovery = svc.queues.find((q) => q.name === 'ledger-recovery')!;
    expect((await recovery.getRepeatableJobs()).map((r) => r.id)).toEqual(['ledger-recovery-recent']);
    await recovery.pause(true);
    crash.armed = true;
    const crashed = await svc.call('POST', `/api/members/${id}/consume`, {
      body: { amount: '10' },
      key: 'c-unsaid',
    });
    expect(crashed.status).toBe(500);
    await recovery.empty(); // as if the process died before it could schedule the repair
    expect(await storedBalance(id)).toBe(2900);
    await recovery.add({ days: 2 });
    await recovery.resume(true);
    await eventually(async () => (await storedBalance(id)) === 1900);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  });

  it("does not check an import's members again: their cards are written whole with the opening entry", async () => {
    const recovery = svc.queues.find((q) => q.name === 'ledger-recovery')!;
    const hourlyPass = async () =>
      (await (await recovery.add({ days: 2 })).finished()).membersChecked as number;
    const before = await hourlyPass();
    expect(before).toBeGreaterThanOrEqual(1); // the member above, whose entries are today's

    const csv = ['手机号,姓名,性别,生日,余额,积分,标签']
      .concat(Array.from({ length: 30 }, (_, i) => `1369999${String(i).padStart(4, '0')},导入${i},,,50,20,`))
      .join('\n');
    const upload = await fetch(`${svc.url}/api/imports/members?format=csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'idempotency-key': 'recovery-import' },
      body: csv,
    });
    expect(upload.status).toBe(202);
    const { id: importId } = (await upload.json()) as { id: string };
    await eventually(async () => (await svc.call('GET', `/api/imports/${importId}`)).body.state === 'done');
    const [imported] = (await svc.call('GET', '/api/members?q=13699990007')).body.members;
    expect((await svc.call('GET', `/api/members/${imported.id}`)).body).toMatchObject({
      balanceFen: 5000,
      points: 20,
    });

    expect(await hourlyPass()).toBe(before);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  });
});
