// A manager's member records: 开卡 at the counter, 挂失 and 补卡 (a new number, the old refused, the books continuous), and
// the member list with filters and pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, text: string) =>
  (await svc.say(from, text, { group: 'store-1' })).join('\n');
const card = async (ref: string) => (await svc.call('GET', `/api/members/${ref}`)).body;

describe('开卡 at the counter', () => {
  it('a cashier opens a card for a member who reads out the code sent to their phone; the card belongs to the store', async () => {
    const phone = '13644440001';
    expect(await inGroup('cashier-1', `开卡 ${phone} 小红`)).toContain('验证码已发送到 136****0001');
    expect(await inGroup('cashier-1', `开卡 ${phone} 000000 小红`)).toContain('验证码不对');
    const code = svc.sms.lastCodeFor(phone)!;
    const opened = await inGroup('cashier-1', `开卡 ${phone} ${code} 小红`);
    expect(opened).toContain('🎉 已开卡：小红 136****0001');
    const member = await card(phone);
    expect(member.name).toBe('小红');
    const stores = (await svc.call('GET', '/api/stores')).body.stores as Array<{ id: string; code: string }>;
    expect(member.registeredStoreId).toBe(stores.find((s) => s.code === 'S001')!.id);
    expect(await inGroup('cashier-1', `开卡 ${phone} ${code}`)).toContain('验证码已失效');
    expect(await inGroup('cashier-1', '开卡 1234')).toContain('请写会员的 11 位手机号');
  });
});

describe('挂失 and 补卡', () => {
  it('a lost card is stopped at once; the new number carries balance, points and history; the old is refused', async () => {
    const before = await card('13800138000');
    const oldNumber = before.cardNumber as string;
    await inGroup('cashier-1', '消费 13800138000 10');
    expect(await inGroup('cashier-1', '挂失 13800138000')).toContain('店长权限');
    expect(await inGroup('manager-1', '挂失 13800138000')).toContain(
      `已挂失 张三 138****8000（卡号 ${oldNumber}）`,
    );
    expect(await inGroup('cashier-1', `消费 ${oldNumber} 10`)).toContain('原因：挂失');

    const replaced = await inGroup('manager-1', '补卡 13800138000');
    const newNumber = /新卡号 (\d{10})/.exec(replaced)![1]!;
    expect(newNumber).not.toBe(oldNumber);
    expect(replaced).toContain(`旧卡 ${oldNumber} 已作废`);
    expect(await inGroup('cashier-1', `查 ${oldNumber}`)).toContain('挂失补办，旧卡号不能再用了');
    const now = await card(newNumber);
    expect(now).toMatchObject({ id: before.id, status: 'active', cardNumber: newNumber, points: now.points });
    expect(await inGroup('cashier-1', `消费 ${newNumber} 10`)).toContain('消费成功');

    const history = (await svc.call('GET', `/api/members/${newNumber}/history?limit=100`)).body
      .entries as Array<{
      seq: number;
    }>;
    expect(history.map((e) => e.seq)).toEqual(
      Array.from({ length: history.length }, (_, i) => history.length - i),
    );
    expect((await svc.call('GET', '/api/ledger/audit')).body.problems).toEqual([]);
    expect((await svc.say('alice', '会员卡')).join()).toContain(newNumber); // still bound
    const notice = await eventually(async () => {
      const inbox = (await svc.call('GET', '/api/bot/inbox/alice')).body.messages as Array<{ text: string }>;
      return inbox.find((m) => m.text.includes('补卡提醒'))?.text;
    });
    expect(notice).toContain(`新卡号 ${newNumber}`);
  });

  it('over HTTP a repeated 补卡 request gives the same new number once', async () => {
    const replace = () => svc.call('POST', '/api/members/13900139000/replace-card', { key: 'replace-lisi' });
    const [a, b] = await Promise.all([replace(), replace()]);
    expect(a.status).toBe(200);
    expect(b.body.cardNumber).toBe(a.body.cardNumber);
    expect((await replace()).body.cardNumber).toBe(a.body.cardNumber);
    expect((await card('13900139000')).cardNumber).toBe(a.body.cardNumber);
    expect((await svc.call('GET', `/api/members/${a.body.oldCardNumber}`)).body.error.code).toBe(
      'CARD_REPLACED',
    );
  });
});

describe('the member list', () => {
  it('filters on tag, level, status and text, and pages through without repeating or missing anyone', async () => {
    const phones = Array.from({ length: 5 }, (_, i) => `1365555000${i}`);
    for (const [i, phone] of phones.entries()) {
      const created = await svc.call('POST', '/api/members', {
        body: { phone, name: `批量${i}`, tags: ['批量导入'] },
      });
      expect(created.status).toBe(201);
    }
    await svc.call('POST', `/api/members/${phones[4]}/freeze`, { body: { reason: '测试' } });

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res = await svc.call('GET', `/api/members?tag=批量导入&limit=2${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.body.members as Array<{ phone: string }>).map((m) => m.phone));
      after = res.body.next;
      if (!after) break;
    }
    expect(seen.sort()).toEqual(phones);
    const frozen = await svc.call('GET', '/api/members?tag=批量导入&status=frozen');
    expect(frozen.body.members.map((m: { phone: string }) => m.phone)).toEqual([phones[4]]);
    const byName = await svc.call('GET', `/api/members?q=${encodeURIComponent('批量3')}`);
    expect(byName.body.members.map((m: { phone: string }) => m.phone)).toEqual([phones[3]]);
    const byLevel = await svc.call('GET', '/api/members?level=gold');
    expect(byLevel.body.members.map((m: { phone: string }) => m.phone)).toContain('13800138000');
    expect((await svc.call('GET', '/api/members?tag=<x>')).status).toBe(200);

    // Unfiltered, the list walks the member directory: registration order, everyone once, even when
    // twenty register at the same moment.
    const racing = Array.from({ length: 20 }, (_, i) => `136666600${String(i).padStart(2, '0')}`);
    const created = await Promise.all(
      racing.map((phone) => svc.call('POST', '/api/members', { body: { phone } })),
    );
    expect(created.every((c) => c.status === 201)).toBe(true);
    const all: string[] = [];
    for (let cursor: string | null = '0', pages = 0; cursor && pages < 50; pages++) {
      const res = await svc.call('GET', `/api/members?limit=7&after=${cursor}`);
      expect(res.status).toBe(200);
      all.push(...(res.body.members as Array<{ phone: string }>).map((m) => m.phone));
      cursor = res.body.next;
    }
    expect(new Set(all).size).toBe(all.length);
    expect(all.slice(0, 3)).toEqual(['13800138000', '13900139000', '13700137000']);
    expect(all.filter((p) => phones.includes(p))).toEqual(phones);
    expect(racing.every((p) => all.includes(p))).toBe(true);
    expect((await svc.call('GET', '/api/members?status=lost')).status).toBe(400);
  });
});

describe('editing a member', () => {
  it('edits the profile; moves the phone only with the code the new phone received; the card and books stay', async () => {
    const edited = await svc.call('PUT', '/api/members/13700137000', {
      body: { name: '王五五', birthday: '1991-02-03' },
    });
    expect(edited.body).toMatchObject({ name: '王五五', birthday: '1991-02-03' });
    expect(
      (await svc.call('PUT', '/api/members/13700137000', { body: { phone: '13600000000' } })).status,
    ).toBe(400);

    const taken = await svc.call('POST', '/api/members/13700137000/phone-change', {
      body: { phone: '13800138000' },
    });
    expect(taken.body.error.code).toBe('PHONE_TAKEN');
    const started = await svc.call('POST', '/api/members/13700137000/phone-change', {
      body: { phone: '13677770001' },
    });
    expect(started.body.codeSentTo).toBe('136****0001');
    const wrong = await svc.call('POST', '/api/members/13700137000/phone-change/confirm', {
      body: { phone: '13677770001', code: '000000' },
    });
    expect(wrong.body.error).toMatchObject({ code: 'VERIFICATION_FAILED', details: { result: 'wrong' } });
    const before = await card('13700137000');
    const moved = await svc.call('POST', '/api/members/13700137000/phone-change/confirm', {
      body: { phone: '13677770001', code: svc.sms.lastCodeFor('13677770001')! },
    });
    expect(moved.body).toMatchObject({ id: before.id, phone: '13677770001', cardNumber: before.cardNumber });
    expect((await svc.call('GET', '/api/members/13700137000')).status).toBe(404);
    expect(await card('13677770001')).toMatchObject({ id: before.id, balanceFen: before.balanceFen });
  });
});
