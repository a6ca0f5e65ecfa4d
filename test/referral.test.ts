// 老带新: a member's invite code, named by a new member at registration (chat or HTTP) or soon after,
// rewards both sides once, however often or however concurrently it is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { resetClock, shiftClock } from '../src/domain/clock.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const one = async (from: string, text: string) => (await svc.say(from, text)).join('\n');
const pointsOf = async (ref: string) => (await svc.call('GET', `/api/members/${ref}`)).body.points as number;

describe('老带新', () => {
  it('a friend registers in chat with 领卡 <邀请码>: 100 points for them, 200 for the inviter, who is told; once only', async () => {
    const myCode = await one('alice', '邀请码');
    const code = /您的邀请码：(\w{6})/.exec(myCode)![1]!;
    expect(myCode).toContain('您得 200 积分，好友得 100 积分');
    expect(await one('alice', '我的邀请码')).toContain(code); // the same code every time
    const aliceBefore = await pointsOf('13800138000');

    expect(await one('frank', `领卡 ${code.toLowerCase()}`)).toContain(`已记下邀请码 ${code}`);
    await one('frank', '13655550001');
    await one('frank', svc.sms.lastCodeFor('13655550001')!);
    await one('frank', '小方');
    await one('frank', '跳过');
    const done = await one('frank', '跳过');
    expect(done).toContain('开卡成功');
    expect(done).toContain('邀请码已填写，您获得 100 积分，当前积分 100');
    expect(await pointsOf('13655550001')).toBe(100);
    expect(await pointsOf('13800138000')).toBe(aliceBefore + 200);
    const told = await eventually(async () => {
      const inbox = (await svc.call('GET', '/api/bot/inbox/alice')).body.messages as Array<{ text: string }>;
      return inbox.find((m) => m.text.includes('邀请奖励'))?.text;
    });
    expect(told).toContain('您邀请的好友小*已成为会员，奖励您 200 积分');

    expect(await one('frank', `邀请码 ${code}`)).toContain('已经填写过这个邀请码了');
    const otherCode = (await svc.call('GET', '/api/members/13900139000/invite-code')).body.inviteCode;
    expect(await one('frank', `邀请码 ${otherCode}`)).toContain('您已经填写过邀请码了');
    expect(await pointsOf('13655550001')).toBe(100);
    expect(await pointsOf('13800138000')).toBe(aliceBefore + 200);
  });

  it('over HTTP: a wrong code is refused before the member exists; one named 8 times at once rewards once; not oneself', async () => {
    const inviter = (await svc.call('GET', '/api/members/13700137000/invite-code')).body.inviteCode as string;
    const before = await pointsOf('13700137000');

    const wrong = await svc.call('POST', '/api/members', {
      body: { phone: '13655550002', inviteCode: 'ZZZZZZ' },
    });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe('REFERRAL_CODE_NOT_FOUND');
    expect((await svc.call('GET', '/api/members/13655550002')).status).toBe(404);

    const created = await svc.call('POST', '/api/members', { body: { phone: '13655550003' } });
    expect(created.status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        svc.call('POST', '/api/members/13655550003/referral', { body: { inviteCode: inviter } }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => !a.body.replayed)).toHaveLength(1);
    expect(await pointsOf('13655550003')).toBe(100);
    expect(await pointsOf('13700137000')).toBe(before + 200);

    const mine = (await svc.call('GET', '/api/members/13655550003/invite-code')).body.inviteCode;
    const self = await svc.call('POST', '/api/members/13655550003/referral', { body: { inviteCode: mine } });
    expect(self.body.error.code).toBe('REFERRAL_SELF');
    expect((await svc.call('GET', '/api/ledger/audit')).body.problems).toEqual([]);
  });

  it('a code named after the programme’s 7 days is refused and rewards nobody', async () => {
    const inviter = (await svc.call('GET', '/api/members/13900139000/invite-code')).body.inviteCode as string;
    const before = await pointsOf('13900139000');
    await svc.call('POST', '/api/members', { body: { phone: '13655550004' } });
    shiftClock(8 * 86_400_000);
    try {
      const late = await svc.call('POST', '/api/members/13655550004/referral', {
        body: { inviteCode: inviter },
      });
      expect(late.body.error).toMatchObject({ code: 'REFERRAL_TOO_LATE', details: { withinDays: 7 } });
    } finally {
      resetClock();
    }
    expect(await pointsOf('13900139000')).toBe(before);
    expect(await pointsOf('13655550004')).toBe(0);
  });
});
