// The member card in WeChat's 卡包, against our fake of the WeChat API: taken, activated with our phone
// code, and kept showing exactly what the ledger says, however the money moves and WeChat answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestService, type TestService } from './support/service.js';
import { startFakeWechatApi, type FakeWechatApi } from './support/fake-wechat-api.js';
import { eventually } from './support/eventually.js';
import { sha1Signature } from '../src/adapters/wechat/wechat-crypto.js';
import { parseWechatXml } from '../src/adapters/wechat/wechat-xml.js';
import { MemberCards } from '../src/domain/cards/member-cards.js';
import { findMember } from '../src/domain/members/member-service.js';
import { currentMember } from '../src/domain/ledger/member-projection.js';
import type { CardFigures } from '../src/domain/cards/card-platform.js';

const TOKEN = 'card-test-token';
const ALICE = '13800138000';
let fake: FakeWechatApi;
let svc: TestService;
let cardId: string;

beforeAll(async () => {
  fake = await startFakeWechatApi();
  svc = await startTestService({
    WECHAT_TOKEN: TOKEN,
    WECHAT_APPID: 'wx_card_test',
    WECHAT_APPSECRET: 'secret',
    WECHAT_API_BASE: fake.base,
    WECHAT_CARD: 'on',
    PUBLIC_URL: 'https://shop.example.com',
  });
  // The template is made from the programme at start, with its one-tap form asking for the phone.
  cardId = await eventually(() => [...fake.cards.keys()][0]);
  await eventually(() => fake.userForms.has(cardId));
});
afterAll(async () => {
  await svc?.stop();
  await fake?.close();
});

let clock = Math.floor(Date.now() / 1000);
async function post(fields: string): Promise<string> {
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(4).toString('hex');
  const query = new URLSearchParams({ timestamp: ts, nonce, signature: sha1Signature(TOKEN, ts, nonce) });
  const xml = `<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><CreateTime>${++clock}</CreateTime>${fields}</xml>`;
  const res = await fetch(`${svc.url}/wechat?${query}`, { method: 'POST', body: xml });
  const body = await res.text();
  return body === 'success' ? '' : (parseWechatXml(body)?.Content ?? body);
}
const say = (openId: string, content: string) =>
  post(
    `<FromUserName><![CDATA[${openId}]]></FromUserName><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[${content}]]></Content><MsgId>${randomBytes(6).readUIntBE(0, 6)}</MsgId>`,
  );
const cardEvent = (openId: string, event: string, code: string) =>
  post(
    `<FromUserName><![CDATA[${openId}]]></FromUserName><MsgType><![CDATA[event]]></MsgType>` +
      `<Event><![CDATA[${event}]]></Event><CardId><![CDATA[${cardId}]]></CardId>` +
      `<UserCardCode><![CDATA[${code}]]></UserCardCode><OuterStr><![CDATA[]]></OuterStr>`,
  );

const ledgerOf = async (phone: string) => {
  const m = (await svc.call('GET', `/api/members/${phone}`)).body;
  return { bonus: m.points as number, balance: m.balanceFen as number };
};
const lastUpdate = (code: string) => fake.updates.filter((u) => u.code === code).at(-1);
/** Waits until the card's last update equals the ledger, then checks nothing later changes it. */
async function cardSettlesOnLedger(code: string, phone: string) {
  await eventually(async () => {
    const last = lastUpdate(code);
    const ledger = await ledgerOf(phone);
    return last?.bonus === ledger.bonus && last.balance === ledger.balance;
  });
  await new Promise((r) => setTimeout(r, 600));
  expect(lastUpdate(code)).toMatchObject(await ledgerOf(phone));
}
let keys = 0;
const recharge = (phone: string, amountFen: number) =>
  svc.call('POST', `/api/members/${phone}/recharge`, { body: { amountFen }, key: `card-r-${++keys}` });
const consume = (phone: string, amountFen: number) =>
  svc.call('POST', `/api/members/${phone}/consume`, { body: { amountFen }, key: `card-c-${++keys}` });

const ALICE_CARD = '100000000001';

describe('the WeChat member card', () => {
  it('is offered by 会员卡, taken, activated after our phone code, and shows the till’s consumption', async () => {
    expect(await say('o_card_alice', '会员卡')).toContain(
      'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=',
    );
    expect(await cardEvent('o_card_alice', 'user_get_card', ALICE_CARD)).toContain('回复您的手机号');
    fake.setUserInfo(ALICE_CARD, { openid: 'o_card_alice', phone: ALICE });
    expect(await cardEvent('o_card_alice', 'submit_membercard_user_info', ALICE_CARD)).toContain(
      '验证码已发送到 138****8000',
    );
    expect(fake.activations.has(ALICE_CARD)).toBe(false); // not before the phone is proven
    // Opening the card meanwhile leaves the activation waiting for its code.
    expect(await cardEvent('o_card_alice', 'user_view_card', ALICE_CARD)).toBe('');
    expect(await say('o_card_alice', svc.sms.lastCodeFor(ALICE)!)).toContain('微信会员卡已激活');
    const alice = (await svc.call('GET', `/api/members/${ALICE}`)).body;
    expect(fake.activations.get(ALICE_CARD)).toMatchObject({
      card_id: cardId,
      membership_number: alice.cardNumber,
      init_bonus: alice.points,
      init_balance: alice.balanceFen,
    });
    // The chat account is now Alice's too.
    expect(await say('o_card_alice', '查余额')).toContain('¥');

    const receipt = await svc.say('cashier-1', `消费 ${ALICE} 100`, { group: 'store-1' });
    expect(receipt.join()).toContain('消费成功');
    await cardSettlesOnLedger(ALICE_CARD, ALICE);
    expect(lastUpdate(ALICE_CARD)).toMatchObject({ card_id: cardId });
    expect(lastUpdate(ALICE_CARD)!.record_balance).toMatch(/^消费 -¥\d+\.\d{2}$/);
  });

  it('20 money operations at once on one member end with the card equal to the ledger', async () => {
    fake.updateDelayMs = 30; // sends overlap, and may land out of order
    const ops = Array.from({ length: 20 }, (_, i) =>
      i % 2 ? consume(ALICE, 100 + i) : recharge(ALICE, 300 + i),
    );
    const answers = await Promise.all(ops);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await cardSettlesOnLedger(ALICE_CARD, ALICE);
    fake.updateDelayMs = 0;
    // Never an add_*: a retried or reordered increment would count twice.
    expect(fake.updates.some((u) => u.add_bonus !== undefined || u.add_balance !== undefined)).toBe(false);
  });

  it('WeChat busy (-1) twice, and then for longer than the client retries: the card still ends equal', async () => {
    fake.failNext('/card/membercard/updateuser', -1, 2);
    await recharge(ALICE, 1000);
    await cardSettlesOnLedger(ALICE_CARD, ALICE);
    // Beyond the client's own retries (1 + 3 calls): the job fails, bull tries again after a backoff.
    fake.failNext('/card/membercard/updateuser', -1, 5);
    await recharge(ALICE, 1000);
    await cardSettlesOnLedger(ALICE_CARD, ALICE);
  });

  it('an expired token (40001) is refreshed once and the update goes through', async () => {
    const issued = fake.tokensIssued;
    fake.revoke(fake.calls.at(-1)!.token);
    await recharge(ALICE, 500);
    await cardSettlesOnLedger(ALICE_CARD, ALICE);
    expect(fake.tokensIssued).toBe(issued + 1);
  });

  it('a card deleted from the wallet is no longer updated; the member stays a member', async () => {
    expect(await cardEvent('o_card_alice', 'user_del_card', ALICE_CARD)).toBe('');
    const updates = fake.updates.length;
    await recharge(ALICE, 700);
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.updates.length).toBe(updates);
    expect((await svc.call('GET', `/api/members/${ALICE}`)).status).toBe(200);
    expect(await say('o_card_alice', '查余额')).toContain('¥');
  });

  it('a new phone registers through the card’s redirect form, and its card is activated once it exists', async () => {
    const code = '100000000002';
    await cardEvent('o_card_new', 'user_get_card', code);
    fake.addActivateTicket('ticket-new', { phone: '13912347777' });
    const page = await fetch(
      `${svc.url}/wechat/card/activate?${new URLSearchParams({
        card_id: cardId,
        encrypt_code: fake.encryptCode(code),
        openid: 'o_card_new',
        activate_ticket: 'ticket-new',
      })}`,
    );
    expect(await page.text()).toContain('验证码已发送到 139****7777');
    expect(await say('o_card_new', svc.sms.lastCodeFor('13912347777')!)).toContain('称呼');
    await say('o_card_new', '小新');
    await say('o_card_new', '跳过');
    const done = await say('o_card_new', '跳过');
    expect(done).toContain('开卡成功');
    expect(done).toContain('微信会员卡也已激活');
    expect(fake.activations.get(code)).toMatchObject({ init_bonus: 0, init_balance: 0 });
    // At the till the card's code, scanned from the wallet, stands for the member.
    const lookup = await svc.say('cashier-1', `查 ${code}`, { group: 'store-1' });
    expect(lookup.join()).toContain('139****7777');
    // A forged ticket reads nothing from WeChat: refused, nothing sent.
    const forged = await fetch(
      `${svc.url}/wechat/card/activate?${new URLSearchParams({
        card_id: cardId,
        encrypt_code: fake.encryptCode(code),
        openid: 'o_card_new',
        activate_ticket: 'forged',
      })}`,
    );
    expect(forged.status).toBe(400);
  });
});

describe('a late sync', () => {
  it('never writes an older entry’s figures over newer ones', async () => {
    const phone = '13912347777'; // registered through the card above
    await recharge(phone, 2000);
    await recharge(phone, 3000);
    const member = (await currentMember((await findMember(phone))!._id))!;
    const sent: CardFigures[] = [];
    const cards = new MemberCards({ shopName: '测试', logoUrl: 'x', color: 'Color010' });
    cards.usePlatform({
      update: async (_c: string, _code: string, f: CardFigures) => void sent.push(f),
    } as never);
    // A retry of the job for the entry before the newest: skipped.
    expect(await cards.sync(member._id, member.seq - 1)).toBe('skipped');
    expect(sent).toEqual([]);
    // The newest entry's job sends the figures the ledger holds now.
    expect(await cards.sync(member._id, member.seq)).toBe('sent');
    expect(sent).toMatchObject([{ points: member.points, balanceFen: member.balanceFen }]);
  });
});
