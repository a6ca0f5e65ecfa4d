// Coupons members claim themselves (领券): for the levels named, inside the campaign window, within the
// quota under racing members, once per member.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

async function claimable(body: Record<string, unknown>) {
  const t = await svc.call('POST', '/api/coupon-templates', {
    body: { type: 'cash', valueFen: 500, validDays: 30, ...body },
  });
  expect(t.status).toBe(201);
  return t.body;
}

describe('领券', () => {
  it('200 members racing for a coupon with quota 100: exactly 100 get one', async () => {
    await claimable({ name: '开业券', claimCode: '11', totalQuota: 100 });
    const members: string[] = [];
    for (let i = 0; i < 200; i++) {
      const phone = `1371234${String(i).padStart(4, '0')}`;
      members.push((await svc.call('POST', '/api/members', { body: { phone } })).body.id);
    }
    const answers = await Promise.all(
      members.map((id, i) =>
        svc.call('POST', `/api/members/${id}/coupon-claims`, { body: { code: '11' }, key: `open-${i}` }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(100);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(
      Array(100).fill('COUPON_QUOTA_REACHED'),
    );
  });

  it('in chat: lists what this member may claim, claims once, and says why the others cannot be had', async () => {
    await claimable({ name: '周末券', claimCode: '12' });
    await claimable({ name: '钻石专享券', claimCode: '13', audienceLevels: ['diamond'] });
    await claimable({ name: '双十二券', claimCode: '14', claimFrom: '2030-12-12', claimTo: '2030-12-12' });
    const taken = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '重号券', type: 'cash', valueFen: 100, claimCode: '12' },
    });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'CLAIM_CODE_TAKEN']);

    const list = (await svc.say('alice', '领券')).join('\n');
    expect(list).toContain('· 编号 12  周末券（抵扣¥5.00）');
    expect(list).not.toContain('钻石专享券');
    expect(list).not.toContain('双十二券');

    const claimed = (await svc.say('alice', '领券 12', { messageId: 'claim-12' })).join();
    expect(claimed).toContain('领取成功：周末券（抵扣¥5.00）');
    expect((await svc.say('alice', '领券 12', { messageId: 'claim-12' })).join()).toBe(claimed);
    expect((await svc.say('alice', '领券 12')).join()).toContain('每位会员最多领 1 张');
    expect((await svc.say('alice', '领券 13')).join()).toContain('这张券只发给钻石会员');
    expect((await svc.say('alice', '领券 14')).join()).toContain('2030-12-12 起才能领');
    expect((await svc.say('alice', '领券 99')).join()).toContain('没有这个领券编号');
    expect((await svc.say('alice', '我的券')).join()).toContain('周末券');
  });

  it('a coupon for tags is listed and given only to members holding one of them', async () => {
    await claimable({ name: '咖啡客专享券', claimCode: '15', audienceTags: ['爱喝咖啡', '咖啡会员'] });
    expect((await svc.say('alice', '领券')).join()).not.toContain('咖啡客专享券');
    expect((await svc.say('alice', '领券 15')).join()).toContain(
      '这张券只发给「爱喝咖啡」、「咖啡会员」会员',
    );
    await svc.call('PUT', '/api/members/13800138000/tags', { body: { add: ['爱喝咖啡'] } });
    expect((await svc.say('alice', '领券')).join()).toContain('咖啡客专享券');
    expect((await svc.say('alice', '领券 15')).join()).toContain('领取成功：咖啡客专享券');
  });
});
