// Real WeChat Official Account XML posted to the running Koa server: plain and safe mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestService, type TestService } from './support/service.js';
import {
  aesKeyOf,
  decryptMessage,
  encryptMessage,
  sha1Signature,
} from '../src/adapters/wechat/wechat-crypto.js';
import { parseWechatXml } from '../src/adapters/wechat/wechat-xml.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';
import { findMember } from '../src/domain/members/member-service.js';

const TOKEN = 'wechat-test-token';
const APPID = 'wx0123456789abcdef';
const AES = randomBytes(32).toString('base64').slice(0, 43);
const OFFICIAL = 'gh_huiyuan';

let svc: TestService;
beforeAll(async () => {
  // Compatible mode: this file posts both plain and encrypted messages (safe mode is tested below).
  svc = await startTestService({
    WECHAT_TOKEN: TOKEN,
    WECHAT_APPID: APPID,
    WECHAT_AES_KEY: AES,
    WECHAT_MESSAGE_MODE: 'compatible',
  });
  const alice = await findMember('13800138000');
  await bindMemberIdentity(alice!._id, 'wechat', 'o_alice_openid');
});
afterAll(async () => {
  await svc?.stop();
});

function signed(extra: Record<string, string> = {}, ts = String(Math.floor(Date.now() / 1000))) {
  const nonce = randomBytes(4).toString('hex');
  return { timestamp: ts, nonce, signature: sha1Signature(TOKEN, ts, nonce), ...extra };
}

async function post(xml: string, query: Record<string, string>) {
  const res = await fetch(`${svc.url}/wechat?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: xml,
  });
  return { status: res.status, body: await res.text() };
}

const textXml = (from: string, content: string, msgId: string, time = Math.floor(Date.now() / 1000)) =>
  `<xml><ToUserName><![CDATA[${OFFICIAL}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
  `<CreateTime>${time}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
  `<MsgId>${msgId}</MsgId></xml>`;

const eventXml = (from: string, event: string, key = '', time = Math.floor(Date.now() / 1000)) =>
  `<xml><ToUserName><![CDATA[${OFFICIAL}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
  `<CreateTime>${time}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event>` +
  `<EventKey><![CDATA[${key}]]></EventKey></xml>`;

describe('following and finding us (replies a member can trust)', () => {
  it('a new follower is welcomed and invited to 领卡 or 绑定; a bound one is welcomed back', async () => {
    const fresh = parseWechatXml((await post(eventXml('o_fresh_fan', 'subscribe'), signed())).body)!;
    expect(fresh.Content).toContain('欢迎关注');
    expect(fresh.Content).toContain('回复「领卡」免费注册');
    expect(fresh.Content).toContain('回复「绑定」');
    const back = parseWechatXml((await post(eventXml('o_alice_openid', 'subscribe'), signed())).body)!;
    expect(back.Content).toContain('欢迎回来，张三');
  });

  it('门店 lists every store in one reply, and a shared location puts the nearest first', async () => {
    const created = await svc.call('POST', '/api/stores', {
      body: {
        code: 'S009',
        name: '会员小店·陆家嘴店',
        address: '上海市浦东新区世纪大道 1 号',
        location: { lat: 31.2397, lng: 121.4998 },
      },
    });
    expect(created.status).toBe(201);
    const all = parseWechatXml((await post(textXml('o_alice_openid', '门店', 'm-stores-1'), signed())).body)!;
    expect(all.Content).toContain('我们有 2 家门店');
    expect(all.Content).toContain('人民广场店');
    expect(all.Content).toContain('陆家嘴店');
    const location =
      `<xml><ToUserName>${OFFICIAL}</ToUserName><FromUserName>o_alice_openid</FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType>location</MsgType>` +
      `<Location_X>31.2400</Location_X><Location_Y>121.5000</Location_Y><Scale>15</Scale>` +
      `<Label>东方明珠</Label><MsgId>m-stores-2</MsgId></xml>`;
    const near = parseWechatXml((await post(location, signed())).body)!.Content!;
    expect(near.indexOf('陆家嘴店')).toBeLessThan(near.indexOf('人民广场店'));
    expect(near).toMatch(/1\. 会员小店·陆家嘴店（约 \d+ 米）/);
  });
});

describe('WeChat Official Account webhook', () => {
  it('answers the URL check with echostr exactly, and refuses a bad signature', async () => {
    const ok = await fetch(
      `${svc.url}/wechat?${new URLSearchParams(signed({ echostr: '5838479218127813673' }))}`,
    );
    expect([ok.status, await ok.text()]).toEqual([200, '5838479218127813673']);
    const bad = await fetch(
      `${svc.url}/wechat?${new URLSearchParams({ ...signed(), signature: 'f'.repeat(40), echostr: 'x' })}`,
    );
    expect(bad.status).toBe(401);
  });

  it('answers a text message with passive reply XML (CreateTime in seconds)', async () => {
    const res = await post(textXml('o_alice_openid', '查余额', '7310000000000000001'), signed());
    expect(res.status).toBe(200);
    const reply = parseWechatXml(res.body)!;
    expect(reply).toMatchObject({ ToUserName: 'o_alice_openid', FromUserName: OFFICIAL, MsgType: 'text' });
    expect(reply.Content).toContain('储值余额：¥550.00');
    expect(Math.abs(Number(reply.CreateTime) - Date.now() / 1000)).toBeLessThan(10);
  });

  it('welcomes a new follower and maps menu clicks to keywords', async () => {
    const welcome = parseWechatXml(
      (await post(eventXml('o_new_fan', 'subscribe', 'qrscene_S001'), signed())).body,
    )!;
    expect(welcome.Content).toContain('领卡');
    const click = parseWechatXml(
      (await post(eventXml('o_alice_openid', 'CLICK', 'MENU_POINTS'), signed())).body,
    )!;
    expect(click.Content).toContain('当前积分');
    const unfollow = await post(eventXml('o_new_fan', 'unsubscribe'), signed());
    expect(unfollow.body).toBe('success');
    const image = parseWechatXml(
      (
        await post(
          `<xml><ToUserName>${OFFICIAL}</ToUserName><FromUserName>o_alice_openid</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><MsgId>9</MsgId></xml>`,
          signed(),
        )
      ).body,
    )!;
    expect(image.Content).toContain('文字消息');
  });

  it('answers a duplicate delivery the same way, with no second effect', async () => {
    const before = await LedgerEntryModel.countDocuments({ kind: 'checkin' });
    const xml = textXml('o_alice_openid', '签到', '7310000000000000002');
    const [a, b, c] = await Promise.all([post(xml, signed()), post(xml, signed()), post(xml, signed())]);
    const contents = [a, b, c].map((r) => parseWechatXml(r.body)!.Content);
    expect(contents[0]).toContain('签到成功');
    expect(new Set(contents).size).toBe(1);
    expect(await LedgerEntryModel.countDocuments({ kind: 'checkin' })).toBe(before + 1);
  });

  it('refuses a forged or stale signature and does nothing', async () => {
    const before = await LedgerEntryModel.countDocuments({ kind: 'checkin' });
    const forged = await post(textXml('o_mallory', '签到', '1'), {
      ...signed(),
      signature: sha1Signature('guess', '1', '2'),
    });
    expect(forged.status).toBe(401);
    const missing = await post(textXml('o_mallory', '签到', '2'), {});
    expect(missing.status).toBe(401);
    const stale = await post(
      textXml('o_mallory', '签到', '3'),
      signed({}, String(Math.floor(Date.now() / 1000) - 3600)),
    );
    expect(stale.status).toBe(401);
    const hostile = await post(
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml>&e;</xml>',
      signed(),
    );
    expect(hostile.status).toBe(400);
    expect(await LedgerEntryModel.countDocuments({ kind: 'checkin' })).toBe(before);
  });

  it('decrypts a safe-mode message and answers it encrypted', async () => {
    const key = aesKeyOf(AES);
    const inner = textXml('o_alice_openid', '会员卡', '7310000000000000003');
    const encrypt = encryptMessage(inner, key, APPID);
    const q = signed({ encrypt_type: 'aes' });
    const msgSignature = sha1Signature(TOKEN, q.timestamp, q.nonce, encrypt);
    const res = await post(
      `<xml><ToUserName><![CDATA[${OFFICIAL}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
      {
        ...q,
        msg_signature: msgSignature,
      },
    );
    expect(res.status).toBe(200);
    const outer = parseWechatXml(res.body)!;
    expect(outer.MsgSignature).toBe(sha1Signature(TOKEN, outer.TimeStamp!, outer.Nonce!, outer.Encrypt!));
    const reply = parseWechatXml(decryptMessage(outer.Encrypt!, key, APPID))!;
    expect(reply.Content).toContain('会员卡号');

    // msg_signature is what counts in safe mode: a wrong one is refused even with a good signature.
    // A fresh, well-signed URL, so the refusal can only come from the msg_signature check.
    const wrong = await post(`<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`, {
      ...signed({ encrypt_type: 'aes' }),
      msg_signature: 'a'.repeat(40),
    });
    expect(wrong).toEqual({ status: 401, body: 'invalid msg_signature' });
  });
});

describe('safe-mode crypto', () => {
  it('pads to 32-byte blocks, always, and round-trips any length', () => {
    const key = aesKeyOf(AES);
    for (let n = 0; n < 70; n++) {
      const text = 'x'.repeat(n);
      const encrypted = encryptMessage(text, key, APPID);
      // 16 random + 4 length + n + appid, padded to a multiple of 32 and never zero padding.
      expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0);
      expect(Buffer.from(encrypted, 'base64').length).toBeGreaterThan(20 + n + APPID.length);
      expect(decryptMessage(encrypted, key, APPID)).toBe(text);
    }
    expect(() => decryptMessage(encryptMessage('hi', key, APPID), key, 'wx_other')).toThrow('AppID');
  });
});

describe('a signed URL cannot carry another message (replay)', () => {
  it('a second use of a signature is accepted only with the identical body', async () => {
    const query = signed();
    const mine = textXml('o_attacker', '签到', 'replay-1');
    expect((await post(mine, query)).status).toBe(200);
    // WeChat's own retry: same query, same bytes.
    expect((await post(mine, query)).status).toBe(200);
    const forged = textXml('o_alice_openid', '签到', 'replay-2');
    const before = await LedgerEntryModel.countDocuments();
    expect(await post(forged, query)).toEqual({ status: 401, body: 'replayed signature' });
    expect(await LedgerEntryModel.countDocuments()).toBe(before);
  });

  it('the same signature split another way (a leading zero moved into the nonce) is refused', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = sha1Signature(TOKEN, ts, '00');
    // Sorted and joined, "0" + "0<ts>" is the text "00" + "<ts>" was: the same signature.
    expect(sha1Signature(TOKEN, `0${ts}`, '0')).toBe(signature);
    expect(
      (await post(textXml('o_attacker', '签到', 'split-1'), { timestamp: ts, nonce: '00', signature }))
        .status,
    ).toBe(200);
    const before = await LedgerEntryModel.countDocuments();
    const again = await post(textXml('o_alice_openid', '签到', 'split-2'), {
      timestamp: `0${ts}`,
      nonce: '0',
      signature,
    });
    expect(again.status).toBe(401);
    expect(await LedgerEntryModel.countDocuments()).toBe(before);
  });

  it('refuses a timestamp that is not whole seconds, and a stale URL check', async () => {
    const nonce = 'n1';
    const odd = { timestamp: '1e9', nonce, signature: sha1Signature(TOKEN, '1e9', nonce) };
    expect((await post(textXml('o_x', '查积分', 'ts-1'), odd)).status).toBe(401);
    const stale = signed({ echostr: '42' }, String(Math.floor(Date.now() / 1000) - 3600));
    expect((await fetch(`${svc.url}/wechat?${new URLSearchParams(stale)}`)).status).toBe(401);
  });

  it('with an AES key and safe mode (the default), a plain message is refused', async () => {
    const Koa = (await import('koa')).default;
    const { wechatRouter } = await import('../src/adapters/wechat/wechat-router.js');
    const app = new Koa();
    // The router answers before it would reach the bot, so none is needed here.
    app.use(wechatRouter({} as never, { token: TOKEN, appId: APPID, aesKey: AES }).routes());
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/wechat?${new URLSearchParams(signed())}`, {
        method: 'POST',
        body: textXml('o_alice_openid', '签到', 'plain-1'),
      });
      expect([res.status, await res.text()]).toEqual([401, 'safe mode required']);
    } finally {
      server.close();
    }
  });
});
