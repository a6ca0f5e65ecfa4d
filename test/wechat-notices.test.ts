// Notices to WeChat users: customer-service messages inside the 48-hour window, templates outside it,
// one shared access token, refreshed once when WeChat refuses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { startFakeWechatApi, type FakeWechatApi } from './support/fake-wechat-api.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';
import { findMember } from '../src/domain/members/member-service.js';
import { ChannelIdentityModel } from '../src/domain/models/channel-identity.js';
import { WechatApi } from '../src/adapters/wechat/wechat-api.js';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { eventually } from './support/eventually.js';

let svc: TestService;
let fake: FakeWechatApi;

beforeAll(async () => {
  fake = await startFakeWechatApi();
  svc = await startTestService({
    WECHAT_TOKEN: 't',
    WECHAT_APPID: 'wx_notice_test',
    WECHAT_APPSECRET: 'secret',
    WECHAT_API_BASE: fake.base,
    WECHAT_TEMPLATE_ID: 'TPL_CONSUME',
  });
});
afterAll(async () => {
  await svc?.stop();
  await fake?.close();
});

async function wechatMember(phone: string, openId: string, lastSeenHoursAgo: number) {
  const member = (await findMember(phone))!;
  await bindMemberIdentity(member._id, 'wechat', openId);
  await ChannelIdentityModel.updateOne(
    { _id: `wechat:${openId}` },
    { $set: { lastSeenAt: new Date(Date.now() - lastSeenHoursAgo * 3600_000) } },
  );
}

describe('WeChat notices', () => {
  it('inside the window: a customer-service message, and a refused token is refreshed once', async () => {
    await wechatMember('13800138000', 'o_zhang', 1);
    await svc.say('cashier-1', '充值 13800138000 10', { group: 'store-1' });
    const first = await eventually(() => fake.custom.find((m) => m.touser === 'o_zhang'));
    expect(first.text).toContain('充值 ¥10.00');

    fake.revoke(first.token);
    await svc.say('cashier-1', '充值 13800138000 20', { group: 'store-1' });
    const second = await eventually(() =>
      fake.custom.find((m) => m.touser === 'o_zhang' && m.text.includes('¥20.00')),
    );
    expect(second.token).not.toBe(first.token);
    expect(fake.tokensIssued).toBe(2);
    expect(fake.templates).toHaveLength(0);
  });

  it('outside the window: a template message, never a customer-service call', async () => {
    await wechatMember('13900139000', 'o_li', 72);
    await svc.say('cashier-1', '充值 13900139000 30', { group: 'store-1' });
    const sent = await eventually(() => fake.templates.find((m) => m.touser === 'o_li'));
    expect(sent).toMatchObject({ template_id: 'TPL_CONSUME' });
    expect(sent.text).toContain('充值 ¥30.00');
    expect(fake.custom.some((m) => m.touser === 'o_li')).toBe(false);
  });

  it('processes sharing Redis fetch the token once between them', async () => {
    const redis = new Redis(inject('redisUrl'));
    const prefix = `tok-${Date.now()}`;
    const before = fake.tokensIssued;
    const clients = Array.from(
      { length: 5 },
      () =>
        new WechatApi({ appId: 'wx_share', appSecret: 's', apiBase: fake.base, redis, keyPrefix: prefix }),
    );
    const tokens = await Promise.all(clients.map((c) => c.accessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(fake.tokensIssued - before).toBe(1);
    redis.disconnect();
  });
});
