// 会员码 at the till: a member shows a code, the cashier types or scans it where a phone number goes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';
import { MemberCodeUseModel } from '../src/domain/models/member-code-use.js';
import { resetClock, shiftClock } from '../src/domain/clock.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});
afterEach(() => resetClock());

const ALICE = '13800138000';
const inGroup = async (text: string, messageId?: string) =>
  (await svc.say('cashier-1', text, { group: 'store-1', ...(messageId ? { messageId } : {}) })).join('\n');
const memberCode = async (who = 'alice') => {
  const reply = (await svc.say(who, '会员码')).join('\n');
  const code = /\n(6\d{17})\n/.exec(reply)?.[1];
  if (!code) throw new Error(`no code in: ${reply}`);
  return code;
};
const balanceOf = async (ref: string) => (await svc.call('GET', `/api/members/${ref}`)).body.balanceFen;

describe('会员码', () => {
  it('is shown to a bound member only, with how long it lasts', async () => {
    const reply = (await svc.say('alice', '会员码')).join('\n');
    expect(reply).toMatch(/您的会员码：\n6\d{17}\n请在 60 秒内出示/);
    expect((await svc.say('stranger-wx', '会员码')).join('\n')).toContain('还没有绑定会员卡');
  });

  it('opens the card for 查 and pays one consumption; a second use and a redelivery are told apart', async () => {
    const code = await memberCode();
    const before = await balanceOf(ALICE);
    expect(await inGroup(`查 ${code}`)).toContain('138****8000'); // a look-up does not take the code
    const receipt = await inGroup(`消费 ${code} 20`, 'till-1');
    expect(receipt).toContain('消费成功');
    expect(receipt).toContain('138****8000');
    // The same message delivered again is the same operation: answered alike, applied once.
    expect(await inGroup(`消费 ${code} 20`, 'till-1')).toBe(receipt);
    expect(await inGroup(`消费 ${code} 20`)).toContain('会员码已经用过了');
    expect(await inGroup(`查 ${code}`)).toContain('会员码已经用过了');
    // Paid once: the balance fell by one payment.
    expect(before - (await balanceOf(ALICE))).toBe(
      Math.round(Number(/实付 ¥([\d.]+)/.exec(receipt)![1]) * 100),
    );
  });

  it('is refused after 60 seconds, and when forged or mixed from two members’ codes', async () => {
    const code = await memberCode();
    shiftClock(61_000);
    expect(await inGroup(`消费 ${code} 20`)).toContain('会员码已过期，请让会员刷新');
    resetClock();

    const fresh = await memberCode();
    const lastDigit = (Number(fresh.at(-1)) + 1) % 10;
    expect(await inGroup(`消费 ${fresh.slice(0, -1)}${lastDigit} 20`)).toContain('会员码不对');
    // Bob's card digits under Alice's mac: neither member's code.
    await svc.say('bob-code', '绑定 13900139000');
    await svc.say('bob-code', svc.sms.lastCodeFor('13900139000')!);
    const bobs = await memberCode('bob-code');
    expect(await inGroup(`消费 ${bobs.slice(0, 12)}${fresh.slice(12)} 20`)).toContain('会员码不对');
    expect(await MemberCodeUseModel.countDocuments({ _id: { $in: [code, fresh, bobs] } })).toBe(0);
    // Still good for the till after all that.
    expect(await inGroup(`消费 ${fresh} 1`)).toContain('消费成功');
  });

  it('a consumption by member code equals the same one by phone: money, points and notice', async () => {
    const byCode = await inGroup(`消费 ${await memberCode()} 100`);
    const byPhone = await inGroup(`消费 ${ALICE} 100`);
    const figures = (receipt: string) => /原价.*\n?.*积分 [+-]\d+/.exec(receipt)?.[0];
    expect(figures(byCode)).toBeTruthy();
    expect(figures(byCode)).toBe(figures(byPhone));
    const [a, b] = [byCode, byPhone].map((r) => /流水号 (\w+)/.exec(r)![1]!);
    const [ea, eb] = await Promise.all([a!, b!].map((no) => LedgerEntryModel.findOne({ no }).lean()));
    expect(ea).toMatchObject({ balanceDeltaFen: eb!.balanceDeltaFen, pointsDelta: eb!.pointsDelta });
    for (const no of [a!, b!]) {
      await eventually(async () => {
        const inbox = (await svc.call('GET', '/api/bot/inbox/alice')).body.messages as Array<{
          text: string;
        }>;
        return inbox.some((m) => m.text.includes(no)) || undefined;
      });
    }
  });

  it('works over HTTP where a member reference goes, once per Idempotency-Key', async () => {
    const code = await memberCode();
    const body = { amountFen: 500, storeId: undefined };
    const first = await svc.call('POST', `/api/members/${code}/consume`, { body, key: 'code-http-1' });
    expect(first.status).toBe(200);
    const replay = await svc.call('POST', `/api/members/${code}/consume`, { body, key: 'code-http-1' });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const other = await svc.call('POST', `/api/members/${code}/consume`, { body, key: 'code-http-2' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('MEMBER_CODE_USED');
  });
});
