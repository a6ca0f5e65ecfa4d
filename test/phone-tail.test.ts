// 手机尾号: a cashier asks a member for the last four digits of their phone; 查 0042 (and q=0042 over
// HTTP) lists the members whose phone ends so, for the cashier to choose, never a guess among them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { MemberKeyModel } from '../src/domain/models/member-key.js';
import { MemberModel } from '../src/domain/models/member.js';
import { backfillPhoneTails } from '../src/domain/members/phone-tail.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  for (const [phone, name] of [
    ['13612340042', '王一'],
    ['13987650042', '李二'],
    ['13711117777', '赵三'],
  ])
    expect((await svc.call('POST', '/api/members', { body: { phone, name } })).status).toBe(201);
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, text: string) =>
  (await svc.say(from, text, { group: 'store-1' })).join('\n');
const byTail = async (tail: string) =>
  ((await svc.call('GET', `/api/members?q=${tail}`)).body.members as Array<{ phone: string }>).map(
    (m) => m.phone,
  );

describe('手机尾号', () => {
  it('查 0042 lists both members whose phone ends so, masked, and picks neither', async () => {
    const reply = await inGroup('cashier-1', '查 0042');
    expect(reply).toContain('2 位会员');
    expect(reply).toContain('136****0042');
    expect(reply).toContain('139****0042');
    expect(reply).not.toContain('余额');
    expect((await byTail('0042')).sort()).toEqual(['13612340042', '13987650042']);
  });

  it('one match shows the card; none says so', async () => {
    expect(await inGroup('cashier-1', '查 7777')).toContain('赵三');
    expect(await inGroup('cashier-1', '查 7777')).toContain('余额');
    expect(await inGroup('cashier-1', '查 9999')).toContain('没有手机尾号为 9999 的会员');
    expect(await byTail('9999')).toEqual([]);
  });

  it('follows a phone change, and finds imported members and those from before the tails existed', async () => {
    const id = (await svc.call('GET', '/api/members/13711117777')).body.id;
    await svc.call('POST', `/api/members/${id}/phone-change`, { body: { phone: '13711110042' } });
    const code = svc.sms.lastCodeFor('13711110042')!;
    expect(
      (
        await svc.call('POST', `/api/members/${id}/phone-change/confirm`, {
          body: { phone: '13711110042', code },
        })
      ).status,
    ).toBe(200);
    expect(await byTail('7777')).toEqual([]);
    expect(await byTail('0042')).toContain('13711110042');

    const res = await fetch(`${svc.url}/api/imports/members?format=csv`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN}`,
        'idempotency-key': 'tail-import',
        'content-type': 'text/csv',
      },
      body: '手机号,姓名,性别,生日,余额,积分,标签\n13655550042,导入,,,,,\n',
    });
    const { id: importId } = (await res.json()) as { id: string };
    await eventually(async () =>
      (await svc.call('GET', `/api/imports/${importId}`)).body.state === 'done' ? true : undefined,
    );
    expect(await byTail('0042')).toContain('13655550042');
    // A member from before the field existed: the start-up pass (once per database) gives them theirs.
    await MemberModel.updateOne({ phone: '13800138000' }, { $unset: { phoneTail: 1 } });
    await MemberKeyModel.deleteOne({ _id: 'phoneTail:backfilled' });
    expect(await byTail('8000')).toEqual([]);
    await backfillPhoneTails();
    expect(await byTail('8000')).toEqual(['13800138000']);
  });
});
