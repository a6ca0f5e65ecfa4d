// Members talking to the bot through POST /api/bot/messages: registration, queries, coupons, unbinding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';
import { MemberModel } from '../src/domain/models/member.js';
import { createTemplate, issueCoupons } from '../src/domain/coupons/coupon-service.js';
import { SN_ALPHABET } from '../src/domain/coupons/coupon-sn.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const one = async (from: string, text: string) => (await svc.say(from, text)).join('\n');

async function giftSn(): Promise<string> {
  const t = await createTemplate({
    name: '会员礼品',
    attribute: 'marketing',
    type: 'gift',
    giftName: '定制马克杯',
    valueFen: 0,
    discountPercent: 100,
    minSpendFen: 0,
    validDays: 30,
  });
  return (await issueCoupons(t._id, 1))[0]!._id;
}

describe('a new member’s story', () => {
  const bob = 'bob-wx';
  const phone = '13912345678';

  it('registers with a code, queries, redeems a gift once, unbinds, and is asked to bind again', async () => {
    expect(await one(bob, '查积分')).toContain('还没有绑定会员卡');

    expect(await one(bob, '领卡')).toContain('手机号');
    expect(await one(bob, '139 1234 5678')).toContain('验证码已发送到 139****5678');
    const code = svc.sms.lastCodeFor(phone)!;
    expect(code).toMatch(/^\d{6}$/);
    expect(await one(bob, code)).toContain('称呼');
    expect(await one(bob, '鲍勃')).toContain('生日');
    expect(await one(bob, '1990-05-20')).toContain('性别');
    const welcome = await one(bob, '男');
    expect(welcome).toContain('开卡成功');
    const card = /卡号：(\d{10})/.exec(welcome)![1]!;

    const points = await one(bob, '查積分'); // traditional characters work too
    expect(points).toContain('当前积分：0');
    expect(points).toContain('普通会员');
    expect(points).toContain('可升级为银卡会员');

    const cardReply = await one(bob, '会员卡');
    expect(cardReply).toContain(card);
    expect(cardReply).toContain('139****5678');
    expect(cardReply).toContain('鲍勃');

    const sn = await giftSn();
    const redeemed = await one(bob, sn.toLowerCase().replace(/(.{4})/g, '$1 '));
    expect(redeemed).toContain('兑换成功');
    expect(redeemed).toContain('定制马克杯');
    expect(redeemed).toContain('人民广场店');
    expect(await one(bob, sn)).toContain('已经使用过了');

    const history = await one(bob, '消费记录');
    expect(history).toContain('礼品兑换');

    expect(await one(bob, '解除绑定')).toContain('确认解除');
    expect(await one(bob, '确认')).toContain('已解除绑定');
    expect(await one(bob, '查积分')).toContain('还没有绑定会员卡');

    // The card, its money and its history stay.
    const member = await MemberModel.findOne({ cardNumber: card }).lean();
    expect(member?.phone).toBe(phone);
    expect(await LedgerEntryModel.countDocuments({ memberId: member!._id, kind: 'gift_redeem' })).toBe(1);
  });

  it('binds an existing card by phone and code, from a second chat account', async () => {
    expect(await one('alice-tg', '绑定')).toContain('手机号');
    await one('alice-tg', '13800138000');
    expect(await one('alice-tg', svc.sms.lastCodeFor('13800138000')!)).toContain('绑定成功');
    expect(await one('alice-tg', '查余额')).toContain('¥550.00');
    // The demo's first account for that card still works too.
    expect(await one('alice', '查余额')).toContain('¥550.00');
  });

  it('a question asked in the middle of 领卡 is answered and the registration goes on', async () => {
    expect(await one('grace', '领卡')).toContain('手机号');
    expect(await one('grace', '帮助')).toContain('取消');
    expect(await one('grace', '13700002222')).toContain('验证码');
    expect(await one('grace', svc.sms.lastCodeFor('13700002222')!)).toContain('称呼');
    expect(await one('grace', '查积分')).toContain('还没完成');
    expect(await one('grace', '王女士')).toContain('生日');
    await one('grace', '跳过');
    expect(await one('grace', '跳过')).toContain('开卡成功');
  });

  it('offers binding when registering a phone that already has a card', async () => {
    await one('carol', '领卡');
    await one('carol', '13900139000');
    expect(await one('carol', svc.sms.lastCodeFor('13900139000')!)).toContain('已有会员卡');
    expect(await one('carol', '查余额')).toContain('¥100.00');
  });
});

describe('mistakes get a clear answer and change nothing', () => {
  it('locks a phone after five wrong codes', async () => {
    const dave = 'dave';
    await one(dave, '领卡');
    await one(dave, '13700001111');
    const right = svc.sms.lastCodeFor('13700001111')!;
    const wrong = right === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await one(dave, wrong));
    expect(answers[0]).toContain('还可以再试 4 次');
    expect(answers[3]).toContain('还可以再试 1 次');
    expect(answers[4]).toContain('锁定');
    // Even the right code no longer works, and a new code cannot be sent while locked.
    expect(await one(dave, right)).not.toContain('验证成功');
    await one(dave, '领卡');
    expect(await one(dave, '13700001111')).toContain('稍后再试');
    expect(await MemberModel.exists({ phone: '13700001111' })).toBeNull();
  });

  it('catches a typo in an SN by its check character, before any lookup', async () => {
    const sn = await giftSn();
    const i = 4;
    const typo =
      sn.slice(0, i) + SN_ALPHABET[(SN_ALPHABET.indexOf(sn[i]!) + 1) % SN_ALPHABET.length] + sn.slice(i + 1);
    expect(await one('alice', typo)).toContain('校验位');
    const swapped = sn.slice(0, 2) + sn[3] + sn[2] + sn.slice(4);
    if (swapped !== sn) expect(await one('alice', swapped)).toContain('校验位');
    expect(await one('alice', sn)).toContain('兑换成功');
  });

  it('answers unknown text with the menu and changes nothing', async () => {
    const before = await LedgerEntryModel.countDocuments();
    const reply = await one('alice', '今天天气不错');
    expect(reply).toContain('没看懂');
    expect(reply).toContain('查积分');
    expect(await LedgerEntryModel.countDocuments()).toBe(before);
  });

  it('applies a retried message once and answers it the same', async () => {
    const first = await svc.say('alice', '签到', { messageId: 'checkin-1' });
    const again = await svc.say('alice', '签到', { messageId: 'checkin-1' });
    expect(first[0]).toContain('签到成功');
    expect(again).toEqual(first);
    expect(await one('alice', '签到')).toContain('已经签到过了');
  });

  it('rate-limits SN guessing per chat account', async () => {
    const created = await svc.call('POST', '/api/members', { body: { phone: '13655556666' } });
    await bindMemberIdentity(created.body.id, 'http', 'frank');
    const guesses = [];
    for (let i = 0; i < 12; i++) guesses.push(await one('frank', 'AAAAAAAAAAAA'));
    expect(guesses.slice(0, 10).every((g) => !g.includes('太频繁'))).toBe(true);
    expect(guesses[10]).toContain('太频繁');
  });

  it('lets a dialog be cancelled', async () => {
    await one('erin', '领卡');
    expect(await one('erin', '取消')).toContain('已取消');
    expect(await one('erin', '13712345678')).toContain('没看懂');
  });
});
