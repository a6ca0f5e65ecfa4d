// Outbound notices on bull: retried with backoff, and moved to dead letters when they keep failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import type { Notifier } from '../src/domain/notifications/notifier.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';
import { findMember } from '../src/domain/members/member-service.js';
import { eventually } from './support/eventually.js';

class FlakyNotifier implements Notifier {
  readonly channel = 'flaky';
  readonly attempts = new Map<string, number>();
  readonly delivered: Array<{ to: string; text: string }> = [];

  async send(externalId: string, text: string): Promise<void> {
    const n = (this.attempts.get(externalId) ?? 0) + 1;
    this.attempts.set(externalId, n);
    if (externalId === 'always-down') throw new Error('channel unreachable');
    if (n <= 2) throw new Error(`temporary failure ${n}`);
    this.delivered.push({ to: externalId, text });
  }
}

const flaky = new FlakyNotifier();
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(
    {},
    { notifiers: [flaky], delivery: { attempts: 4, backoffMs: 50, rate: { max: 100, perMs: 1000 } } },
  );
});
afterAll(async () => {
  await svc?.stop();
});

describe('member notices', () => {
  it('a notice that fails twice is delivered on the third try, once', async () => {
    const member = (await findMember('13900139000'))!;
    // In this database it is the member's only chat account, so notices go there.
    await bindMemberIdentity(member._id, 'flaky', 'lisi-flaky');
    const receipt = await svc.say('cashier-1', '充值 13900139000 20', { group: 'store-1' });
    expect(receipt.join()).toContain('充值成功');
    const delivered = await eventually(async () => flaky.delivered.find((d) => d.to === 'lisi-flaky'));
    expect(delivered.text).toContain('充值 ¥20.00');
    expect(flaky.attempts.get('lisi-flaky')).toBe(3);
    const sent = (await svc.call('GET', '/api/notices?status=sent')).body.notices;
    expect(
      sent.some((n: { attempts: number; channel: string }) => n.channel === 'flaky' && n.attempts === 3),
    ).toBe(true);
  });

  it('a notice that always fails lands in the dead letters an admin can list', async () => {
    const member = (await findMember('13700137000'))!;
    await bindMemberIdentity(member._id, 'flaky', 'always-down');
    await svc.say('cashier-1', '充值 13700137000 30', { group: 'store-1' });
    const dead = await eventually(async () => {
      const notices = (await svc.call('GET', '/api/notices?status=dead')).body.notices as Array<{
        channel: string;
        attempts: number;
        lastError: string;
        text: string;
      }>;
      return notices.find((n) => n.channel === 'flaky');
    });
    expect(dead.attempts).toBe(4);
    expect(dead.lastError).toContain('unreachable');
    expect(dead.text).toContain('充值 ¥30.00');
    expect((await svc.call('GET', '/api/notices?status=dead', { token: null })).status).toBe(401);
  });
});
