// The hot paths' database budget, counted by the service itself: every command the driver sends while a
// request is handled is added to huiyuan_db_round_trips{route}, so one request's cost is the change in
// the histogram's sum. Work the answer does not wait for (finding where to send a notice) runs outside
// the request and is not counted; noting when a chat account was last seen costs the first message of a
// minute one more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ METRICS_TOKEN: 'scrape-me' });
});
afterAll(async () => {
  await svc?.stop();
});

const ROUTE = '/api/bot/messages';

async function roundTripsSoFar(): Promise<{ sum: number; count: number }> {
  const res = await fetch(`${svc.url}/metrics`, { headers: { authorization: 'Bearer scrape-me' } });
  const text = await res.text();
  const read = (what: string) =>
    Number(text.match(new RegExp(`huiyuan_db_round_trips_${what}\\{route="${ROUTE}"\\} (\\d+)`))?.[1] ?? 0);
  return { sum: read('sum'), count: read('count') };
}

/** Sends one chat message and returns its replies and the database commands it cost. */
async function cost(send: () => Promise<string[]>): Promise<{ replies: string; roundTrips: number }> {
  const before = await roundTripsSoFar();
  const replies = (await send()).join('\n');
  const after = await roundTripsSoFar();
  expect(after.count - before.count).toBe(1);
  return { replies, roundTrips: after.sum - before.sum };
}

describe('database round trips on the hot paths', () => {
  it("a bound member's 查余额 costs at most 3", async () => {
    await svc.say('alice', '查积分'); // the first message of a minute also notes the account as seen
    const { replies, roundTrips } = await cost(() => svc.say('alice', '查余额'));
    expect(replies).toContain('余额');
    expect(roundTrips).toBeLessThanOrEqual(3);
  });

  it("a cashier's 消费 costs at most 8, and its retry no more", async () => {
    // Steady state: the store, its group and the staff member were read by an earlier command.
    await svc.say('cashier-1', '消费 13800138000 1', { group: 'store-1' });
    const first = await cost(() =>
      svc.say('cashier-1', '消费 13800138000 12.5', { group: 'store-1', messageId: 'rt-consume-1' }),
    );
    expect(first.replies).toContain('消费成功');
    expect(first.roundTrips).toBeLessThanOrEqual(8);
    const retry = await cost(() =>
      svc.say('cashier-1', '消费 13800138000 12.5', { group: 'store-1', messageId: 'rt-consume-1' }),
    );
    expect(retry.replies).toBe(first.replies);
    expect(retry.roundTrips).toBeLessThanOrEqual(first.roundTrips);
  });

  it('counts what it says: a registration, which writes a member, costs more than a balance query', async () => {
    const { roundTrips } = await cost(() => svc.say('newcomer-rt', '注册'));
    expect(roundTrips).toBeGreaterThan(0);
  });
});
