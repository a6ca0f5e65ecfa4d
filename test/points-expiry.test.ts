// Points expiry, oldest first: announced 30 days ahead, then taken by a ledger entry, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { resetClock, shiftClock } from '../src/domain/clock.js';
import { expiringPoints } from '../src/domain/points/points-expiry.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  resetClock();
  await svc?.stop();
});

const DAY = 86_400_000;
const pointsOf = async () => (await svc.call('GET', '/api/members/13800138000')).body.points as number;

describe('what expires, first in first out', () => {
  it.each([
    [{ earnedBefore: 1000, taken: 0 }, 1000],
    [{ earnedBefore: 1000, taken: 300 }, 700],
    [{ earnedBefore: 1000, taken: 1000 }, 0],
    // Spending more than the old points took some new ones too: nothing old is left.
    [{ earnedBefore: 1000, taken: 1500 }, 0],
    [{ earnedBefore: 0, taken: 0 }, 0],
  ])('%o → %i', (flow, expected) => expect(expiringPoints(flow)).toBe(expected));
});

describe('points expiry', () => {
  it('12 months on: told 30 days ahead, then the old points go in one entry, the newer stay, and a rerun takes nothing', async () => {
    const programme = (await svc.call('GET', '/api/programme')).body;
    const put = await svc.call('PUT', '/api/programme/rules', {
      body: { ...programme.rules, pointsExpiry: { months: 12 } },
    });
    expect(put.status).toBe(200);
    await svc.call('POST', '/api/members/13800138000/points', { body: { points: 1000 }, key: 'give-1000' });
    await svc.call('POST', '/api/members/13800138000/points', { body: { points: -300 }, key: 'take-300' });
    const old = await pointsOf();

    shiftClock(345 * DAY);
    try {
      await svc.call('POST', '/api/members/13800138000/points', {
        body: { points: 50 },
        key: 'give-50-later',
      });
      const announce = (await svc.call('POST', '/api/points/expiry/run')).body;
      expect(announce).toMatchObject({ expiredMembers: 0, announced: 1 });
      const notice = await eventually(async () => {
        const inbox = (await svc.call('GET', '/api/bot/inbox/alice')).body.messages as Array<{
          text: string;
        }>;
        return inbox.find((m) => m.text.includes('积分即将过期'))?.text;
      });
      expect(notice).toContain(`您有 ${old} 积分将于`);
      expect((await svc.call('POST', '/api/points/expiry/run')).body.announced).toBe(0);

      shiftClock(25 * DAY);
      const expired = (await svc.call('POST', '/api/points/expiry/run')).body;
      expect(expired).toMatchObject({ expiredMembers: 1, expiredPoints: old });
      expect(await pointsOf()).toBe(50);
      expect((await svc.call('POST', '/api/points/expiry/run')).body.expiredMembers).toBe(0);
      const history = (await svc.call('GET', '/api/members/13800138000/history?limit=1')).body.entries[0];
      expect(history).toMatchObject({ kind: 'points_expire', pointsDelta: -old, pointsAfter: 50 });
      expect((await svc.call('GET', '/api/ledger/audit')).body.problems).toEqual([]);
    } finally {
      resetClock();
    }
  });
});
