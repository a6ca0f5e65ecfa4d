// The ledger through the admin API, on the real engines: races, retries, crashes, reversals, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

let phoneSeq = 0;
/** A fresh member holding `yuan` of stored value (recharged below every bonus tier). */
async function memberWith(yuan: number): Promise<string> {
  const phone = `135${String(Date.now() % 1e4).padStart(4, '0')}${String(phoneSeq++).padStart(4, '0')}`;
  const created = await svc.call('POST', '/api/members', { body: { phone, name: '测试' } });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  let left = yuan;
  while (left > 0) {
    const part = Math.min(left, 400);
    const r = await svc.call('POST', `/api/members/${id}/recharge`, {
      body: { amount: String(part) },
      key: `seed-${id}-${left}`,
    });
    expect(r.status).toBe(200);
    left -= part;
  }
  return id;
}

async function member(id: string) {
  return (await svc.call('GET', `/api/members/${id}`)).body;
}

async function audit() {
  return (await svc.call('GET', '/api/ledger/audit')).body;
}

describe('consuming stored value under concurrency', () => {
  it('50 simultaneous consumes of 10.00 on 100.00: exactly 10 succeed and the balance ends at 0', async () => {
    const id = await memberWith(100);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        svc.call('POST', `/api/members/${id}/consume`, { body: { amount: '10.00' }, key: `${id}-race-${i}` }),
      ),
    );
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 422);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) expect(r.body.error.code).toBe('INSUFFICIENT_BALANCE');

    expect((await member(id)).balanceFen).toBe(0);
    const consumes = await LedgerEntryModel.countDocuments({ memberId: id, kind: 'consume' });
    expect(consumes).toBe(10);
    // The successful answers describe a gap-free chain ending at zero.
    const afters = ok.map((a) => a.body.entry.balanceAfterFen).sort((a, b) => b - a);
    expect(afters).toEqual([9000, 8000, 7000, 6000, 5000, 4000, 3000, 2000, 1000, 0]);
    expect((await audit()).ok).toBe(true);
  });

  it('the same idempotency key three times, one after another, applies once with identical answers', async () => {
    const id = await memberWith(100);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await svc.call('POST', `/api/members/${id}/consume`, {
          body: { amount: '12.34' },
          key: `${id}-once`,
        }),
      );
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[1]!.text).toBe(answers[0]!.text);
    expect(answers[2]!.text).toBe(answers[0]!.text);
    expect(answers[0]!.headers.get('idempotent-replayed')).toBeNull();
    expect(answers[1]!.headers.get('idempotent-replayed')).toBe('true');
    expect((await member(id)).balanceFen).toBe(10000 - 1234);
    expect(await LedgerEntryModel.countDocuments({ memberId: id, kind: 'consume' })).toBe(1);
  });

  it('the same idempotency key three times at once applies once with identical answers', async () => {
    const id = await memberWith(100);
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        svc.call('POST', `/api/members/${id}/consume`, { body: { amount: '20' }, key: `${id}-together` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect((await member(id)).balanceFen).toBe(8000);
    expect(await LedgerEntryModel.countDocuments({ memberId: id, kind: 'consume' })).toBe(1);
  });

  it('a key reused for a different request is refused and changes nothing', async () => {
    const id = await memberWith(100);
    expect(
      (await svc.call('POST', `/api/members/${id}/consume`, { body: { amount: '1' }, key: `${id}-k` }))
        .status,
    ).toBe(200);
    const reused = await svc.call('POST', `/api/members/${id}/consume`, {
      body: { amount: '2' },
      key: `${id}-k`,
    });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await member(id)).balanceFen).toBe(9900);
  });

  it('racing writers across several members keep every member’s books exact', async () => {
    const ids = await Promise.all([0, 1, 2, 3].map(() => memberWith(50)));
    const ops = ids.flatMap((id, m) =>
      Array.from({ length: 12 }, (_, i) =>
        i % 3 === 0
          ? svc.call('POST', `/api/members/${id}/recharge`, {
              body: { amountFen: 333 },
              key: `mix-${m}-${i}`,
            })
          : svc.call('POST', `/api/members/${id}/consume`, {
              body: { amountFen: 777 },
              key: `mix-${m}-${i}`,
            }),
      ),
    );
    const answers = await Promise.all(ops);
    expect(answers.every((a) => a.status === 200 || a.body.error?.code === 'INSUFFICIENT_BALANCE')).toBe(
      true,
    );
    const report = await audit();
    expect(report.problems).toEqual([]);
    for (const id of ids) expect((await member(id)).balanceFen).toBeGreaterThanOrEqual(0);
  });
});

describe('reversal (冲正)', () => {
  it('restores balance and points exactly once; a second reversal is refused', async () => {
    const id = await memberWith(100);
    const consumed = await svc.call('POST', `/api/members/${id}/consume`, {
      body: { amount: '55.50' },
      key: `${id}-buy`,
    });
    expect(consumed.body.entry.pointsDelta).toBe(5);
    const no = consumed.body.entry.no as string;

    const first = await svc.call('POST', `/api/members/${id}/reversal`, {
      body: { entryNo: no },
      key: `${id}-rev-1`,
    });
    expect(first.status).toBe(200);
    expect(first.body.entry).toMatchObject({
      kind: 'reversal',
      reversesNo: no,
      balanceDeltaFen: 5550,
      pointsDelta: -5,
    });

    const second = await svc.call('POST', `/api/members/${id}/reversal`, {
      body: { entryNo: no },
      key: `${id}-rev-2`,
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('ALREADY_REVERSED');

    const after = await member(id);
    expect(after).toMatchObject({ balanceFen: 10000, points: 0, totalSpendFen: 0 });
    expect(await LedgerEntryModel.countDocuments({ memberId: id, kind: 'reversal' })).toBe(1);
  });

  it('ten simultaneous reversals of one entry with different keys: exactly one applies', async () => {
    const id = await memberWith(100);
    const consumed = await svc.call('POST', `/api/members/${id}/consume`, {
      body: { amount: '40' },
      key: `${id}-buy`,
    });
    const no = consumed.body.entry.no as string;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        svc.call('POST', `/api/members/${id}/reversal`, { body: { entryNo: no }, key: `${id}-r-${i}` }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.error?.code === 'ALREADY_REVERSED')).toHaveLength(9);
    expect((await member(id)).balanceFen).toBe(10000);
  });

  it('a reversal cannot itself be reversed', async () => {
    const id = await memberWith(10);
    const consumed = await svc.call('POST', `/api/members/${id}/consume`, {
      body: { amount: '1' },
      key: `${id}-b`,
    });
    const rev = await svc.call('POST', `/api/members/${id}/reversal`, {
      body: { entryNo: consumed.body.entry.no },
      key: `${id}-r`,
    });
    expect((await member(id)).balanceFen).toBe(1000);
    const entries = await LedgerEntryModel.countDocuments({ memberId: id });
    const again = await svc.call('POST', `/api/members/${id}/reversal`, {
      body: { entryNo: rev.body.entry.no },
      key: `${id}-rr`,
    });
    expect(again.body.error.code).toBe('NOT_REVERSIBLE');
    expect((await member(id)).balanceFen).toBe(1000);
    expect(await LedgerEntryModel.countDocuments({ memberId: id })).toBe(entries);
  });

  it('a recharge retried with its key, in turn and ten at once, is applied once and answered alike', async () => {
    const id = await memberWith(0);
    const recharge = () =>
      svc.call('POST', `/api/members/${id}/recharge`, { body: { amount: '100' }, key: `${id}-once` });
    const first = await recharge();
    expect(first.status).toBe(200);
    const retries = await Promise.all(Array.from({ length: 10 }, recharge));
    for (const r of retries) {
      expect(r.status).toBe(200);
      expect(r.headers.get('idempotent-replayed')).toBe('true');
      expect(r.body.entry.no).toBe(first.body.entry.no);
    }
    expect((await member(id)).balanceFen).toBe(10000);
    expect(await LedgerEntryModel.countDocuments({ memberId: id, kind: 'recharge' })).toBe(1);
  });
});

describe('bad input changes nothing', () => {
  it('refuses bad amounts, unknown members, frozen cards and missing keys with the right code', async () => {
    const id = await memberWith(100);
    const entriesBefore = await LedgerEntryModel.countDocuments({ memberId: id });
    const consume = (body: unknown, key = `bad-${Math.random()}`) =>
      svc.call('POST', `/api/members/${id}/consume`, { body, key });

    const cases: Array<[unknown, number, string]> = [
      [{ amount: '88.505' }, 400, 'INVALID_AMOUNT'],
      [{ amount: '-5' }, 400, 'INVALID_AMOUNT'],
      [{ amount: '0' }, 400, 'INVALID_AMOUNT'],
      [{ amount: 'abc' }, 400, 'INVALID_AMOUNT'],
      [{ amountFen: 10.5 }, 400, 'VALIDATION_FAILED'],
      [{ amount: '50001' }, 400, 'AMOUNT_TOO_LARGE'],
      [{ amountFen: 5_000_001 }, 400, 'AMOUNT_TOO_LARGE'],
      [{}, 400, 'VALIDATION_FAILED'],
      [{ amount: '1', amountFen: 100 }, 400, 'VALIDATION_FAILED'],
      [{ amount: '100.01' }, 422, 'INSUFFICIENT_BALANCE'],
    ];
    for (const [body, status, code] of cases) {
      const r = await consume(body);
      expect([JSON.stringify(body), r.status, r.body.error?.code]).toEqual([
        JSON.stringify(body),
        status,
        code,
      ]);
    }

    const noKey = await svc.call('POST', `/api/members/${id}/consume`, { body: { amount: '1' } });
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);

    const unknown = await svc.call('POST', '/api/members/13000000000/consume', {
      body: { amount: '1' },
      key: `${id}-u`,
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'MEMBER_NOT_FOUND']);

    expect(
      (await svc.call('POST', `/api/members/${id}/freeze`, { body: { reason: '会员挂失' } })).status,
    ).toBe(200);
    const frozen = await consume({ amount: '1' });
    expect([frozen.status, frozen.body.error.code]).toEqual([422, 'CARD_FROZEN']);
    const frozenRecharge = await svc.call('POST', `/api/members/${id}/recharge`, {
      body: { amount: '1' },
      key: `${id}-fr`,
    });
    expect(frozenRecharge.body.error.code).toBe('CARD_FROZEN');
    expect((await svc.call('POST', `/api/members/${id}/unfreeze`)).status).toBe(200);

    const malformed = await svc.call('POST', `/api/members/${id}/consume`, { raw: '{oops', key: `${id}-m` });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'BAD_REQUEST']);

    expect(await LedgerEntryModel.countDocuments({ memberId: id })).toBe(entriesBefore);
    expect((await member(id)).balanceFen).toBe(10000);
  });

  it('needs a token, and the right role', async () => {
    const id = await memberWith(10);
    const none = await svc.call('POST', `/api/members/${id}/consume`, {
      token: null,
      body: { amount: '1' },
      key: `${id}-a`,
    });
    expect([none.status, none.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const wrong = await svc.call('GET', `/api/members/${id}`, { token: 'not-a-token' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);

    const stores = (await svc.call('GET', '/api/stores')).body.stores;
    const cashier = await svc.call('POST', '/api/staff', {
      body: { name: '收银员', roles: ['cashier'], storeIds: [stores[0].id] },
    });
    const token = (await svc.call('POST', `/api/staff/${cashier.body.id}/tokens`, { body: {} })).body
      .token as string;

    // A cashier may consume…
    const ok = await svc.call('POST', `/api/members/${id}/consume`, {
      token,
      body: { amount: '1' },
      key: `${id}-c`,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.entry.storeId).toBe(stores[0].id);
    // …but not adjust points, reverse, or manage staff.
    const points = await svc.call('POST', `/api/members/${id}/points`, {
      token,
      body: { points: 100 },
      key: `${id}-p`,
    });
    expect([points.status, points.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const reversal = await svc.call('POST', `/api/members/${id}/reversal`, {
      token,
      body: { entryNo: ok.body.entry.no },
      key: `${id}-r`,
    });
    expect(reversal.status).toBe(403);
    expect((await svc.call('GET', '/api/staff', { token })).status).toBe(403);
    // Nor act for a store they do not work for.
    const otherStore = await svc.call('POST', '/api/stores', { body: { code: 'S999', name: '别的店' } });
    const elsewhere = await svc.call('POST', `/api/members/${id}/consume`, {
      token,
      body: { amount: '1', storeId: otherStore.body.id },
      key: `${id}-e`,
    });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([403, 'NOT_STAFF_OF_STORE']);
    expect((await member(id)).balanceFen).toBe(900);
  });

  it('points never go below zero', async () => {
    const id = await memberWith(10);
    const r = await svc.call('POST', `/api/members/${id}/points`, { body: { points: -1 }, key: `${id}-p` });
    expect([r.status, r.body.error.code]).toEqual([422, 'INSUFFICIENT_POINTS']);
    const add = await svc.call('POST', `/api/members/${id}/points`, {
      body: { points: 30, reason: '补录' },
      key: `${id}-p2`,
    });
    expect(add.body.entry.pointsAfter).toBe(30);
  });
});

describe('service doors', () => {
  it('answers health and readiness, and describes the API', async () => {
    expect((await svc.call('GET', '/healthz', { token: null })).body).toEqual({ ok: true });
    const ready = await svc.call('GET', '/readyz', { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ mongo: true, redis: true });
    const doc = (await svc.call('GET', '/api/openapi.json', { token: null })).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(
      doc.paths['/api/members/{id}/consume'].post.parameters.some(
        (p: { name: string }) => p.name === 'Idempotency-Key',
      ),
    ).toBe(true);
  });

  it('a recharge earns the highest bonus tier it reaches, in one entry showing both parts', async () => {
    const created = await svc.call('POST', '/api/members', { body: { phone: '13711112222' } });
    const id = created.body.id as string;
    const r = await svc.call('POST', `/api/members/${id}/recharge`, {
      body: { amount: '500' },
      key: `${id}-r`,
    });
    expect(r.body.entry).toMatchObject({
      balanceDeltaFen: 55000,
      details: { paidFen: 50000, bonusFen: 5000 },
    });
  });

  it('history lists a member’s entries newest first', async () => {
    const id = await memberWith(20);
    await svc.call('POST', `/api/members/${id}/consume`, { body: { amount: '3' }, key: `${id}-h1` });
    const history = (await svc.call('GET', `/api/members/${id}/history?limit=5`)).body.entries;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['consume', 'recharge']);
  });
});
