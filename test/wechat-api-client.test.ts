// WechatApi.call against the local fake: answers come back as JSON, "busy" is retried with backoff, a
// refused token is replaced once, every other errcode throws with its meaning and is reported once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWechatApi, type FakeWechatApi } from './support/fake-wechat-api.js';
import { WechatApi, WechatApiError, type WechatApiSettings } from '../src/adapters/wechat/wechat-api.js';

const UPDATE = '/card/membercard/updateuser';
let fake: FakeWechatApi;

beforeAll(async () => {
  fake = await startFakeWechatApi();
});
afterAll(async () => {
  await fake?.close();
});

/** A client without Redis (token kept in memory) that lists what it reported to onError. */
function client(settings: Partial<WechatApiSettings> = {}) {
  const errors: Array<[string, number]> = [];
  const api = new WechatApi({
    appId: 'wx_card_test',
    appSecret: 's',
    apiBase: fake.base,
    keyPrefix: 'card-test',
    onError: (path, errcode) => errors.push([path, errcode]),
    ...settings,
  });
  return { api, errors };
}

const callsTo = (path: string) => fake.calls.filter((c) => c.path === path).length;

async function refusal(promise: Promise<unknown>): Promise<WechatApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WechatApiError);
  return err as WechatApiError;
}

describe('WechatApi.call', () => {
  it("returns WeChat's answer: card/create gives the card_id", async () => {
    const { api, errors } = client();
    const card = { card_type: 'MEMBER_CARD', member_card: { base_info: { title: '会员卡' } } };
    const answer = await api.call<{ card_id: string }>('/card/create', { card });
    expect(answer.card_id).toMatch(/^p-card-\d+$/);
    expect(fake.cards.get(answer.card_id)).toEqual(card);
    expect(errors).toEqual([]);
  });

  it('retries "system busy" with backoff: -1 twice, then the update goes through', async () => {
    const { api, errors } = client();
    const before = callsTo(UPDATE);
    fake.failNext(UPDATE, -1, 2);
    const started = Date.now();
    const answer = await api.call<{ result_bonus: number }>(UPDATE, {
      code: 'c-busy',
      card_id: 'p',
      bonus: 7,
    });
    expect(answer.result_bonus).toBe(7);
    expect(callsTo(UPDATE) - before).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290); // waited 100 ms + 200 ms
    expect(errors).toEqual([]);
  });

  it('gives up after busyRetries and throws -1, reported once', async () => {
    const { api, errors } = client({ busyRetries: 2 });
    const before = callsTo(UPDATE);
    fake.failNext(UPDATE, -1, 3);
    const err = await refusal(api.call(UPDATE, { code: 'c-busy2', card_id: 'p', add_bonus: 1 }));
    expect(err.errcode).toBe(-1);
    expect(err.meaning).toBe('system busy');
    expect(callsTo(UPDATE) - before).toBe(3);
    expect(errors).toEqual([[UPDATE, -1]]);
    expect(fake.updates.some((u) => u.code === 'c-busy2')).toBe(false);
  });

  it('replaces a refused token (40001) once and succeeds', async () => {
    const { api, errors } = client();
    await api.call(UPDATE, { code: 'c-token', card_id: 'p', add_bonus: 1 });
    const first = fake.calls.at(-1)!.token;
    const issued = fake.tokensIssued;
    fake.revoke(first);
    const answer = await api.call<{ result_bonus: number }>(UPDATE, {
      code: 'c-token',
      card_id: 'p',
      add_bonus: 2,
    });
    expect(answer.result_bonus).toBe(3);
    expect(fake.tokensIssued - issued).toBe(1);
    expect(fake.calls.at(-1)!.token).not.toBe(first);
    expect(errors).toEqual([]);
  });

  it('treats an expired token (42001) the same way', async () => {
    const { api, errors } = client();
    await api.call(UPDATE, { code: 'c-expired', card_id: 'p', add_bonus: 1 });
    const issued = fake.tokensIssued;
    fake.failNext(UPDATE, 42001);
    await api.call(UPDATE, { code: 'c-expired', card_id: 'p', add_bonus: 1 });
    expect(fake.tokensIssued - issued).toBe(1);
    expect(errors).toEqual([]);
  });

  it('throws 45021 for a 15-character record_bonus, with its meaning, without retrying', async () => {
    const { api, errors } = client();
    // 14 Chinese characters are 42 bytes yet within the limit: WeChat counts characters.
    await api.call(UPDATE, {
      code: 'c-long',
      card_id: 'p',
      add_bonus: 1,
      record_bonus: '门店消费赠送积分门店消费赠送',
    });
    const before = callsTo(UPDATE);
    const err = await refusal(
      api.call(UPDATE, {
        code: 'c-long',
        card_id: 'p',
        add_bonus: 1,
        record_bonus: '门店消费赠送积分门店消费赠送分',
      }),
    );
    expect(err.errcode).toBe(45021);
    expect(err.meaning).toMatch(/^field too long/);
    expect(err.message).toContain('45021');
    expect(callsTo(UPDATE) - before).toBe(1);
    expect(errors).toEqual([[UPDATE, 45021]]);
  });

  it('throws 40127 once the user deleted the card', async () => {
    const { api, errors } = client();
    await api.call(UPDATE, { code: 'c-gone', card_id: 'p', add_bonus: 1 });
    fake.deleteCode('c-gone');
    const err = await refusal(api.call(UPDATE, { code: 'c-gone', card_id: 'p', add_bonus: 1 }));
    expect(err.errcode).toBe(40127);
    expect(err.meaning).toBe('card deleted or given to a friend');
    expect(errors).toEqual([[UPDATE, 40127]]);
  });

  it('names an errcode missing from the table "unknown WeChat error"; post still throws', async () => {
    const { api, errors } = client();
    const err = await refusal(api.post('/no/such/path', {}));
    expect(err.errcode).toBe(40004);
    expect(err.meaning).toBe('unknown WeChat error');
    expect(errors).toEqual([['/no/such/path', 40004]]);
  });

  it('lets a network failure through unchanged and reports no errcode', async () => {
    const { api, errors } = client({ apiBase: 'http://127.0.0.1:1' });
    const err = await api.call('/card/create', {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TypeError);
    expect(errors).toEqual([]);
  });
});

describe('the fake member-card API', () => {
  it('decrypts its own encrypt_code, reads activation tickets and user info', async () => {
    const { api } = client();
    const code = await api.call<{ code: string }>('/card/code/decrypt', {
      encrypt_code: fake.encryptCode('0123456789'),
    });
    expect(code.code).toBe('0123456789');
    expect((await refusal(api.call('/card/code/decrypt', { encrypt_code: 'bm9wZQ==' }))).errcode).toBe(40056);

    fake.addActivateTicket('tk-1', { phone: '13800138000' });
    const temp = await api.call<{ info: { common_field_list: unknown[] } }>(
      '/card/membercard/activatetempinfo/get',
      { activate_ticket: 'tk-1' },
    );
    expect(temp.info.common_field_list).toEqual([
      { name: 'USER_FORM_INFO_FLAG_MOBILE', value: '13800138000' },
    ]);
    const unknown = api.call('/card/membercard/activatetempinfo/get', { activate_ticket: 'tk-x' });
    expect((await refusal(unknown)).errcode).toBe(40097);

    fake.setUserInfo('0123456789', { openid: 'o_card', phone: '13800138000' });
    await api.call('/card/membercard/activate', {
      code: '0123456789',
      card_id: 'p',
      membership_number: '0123456789',
      init_bonus: 100,
      init_balance: 500,
    });
    const user = await api.call<{ openid: string; bonus: number }>('/card/membercard/userinfo/get', {
      card_id: 'p',
      code: '0123456789',
    });
    expect(user).toMatchObject({ openid: 'o_card', bonus: 100 });
    const update = await api.call(UPDATE, { code: '0123456789', card_id: 'p', add_balance: 250, bonus: 40 });
    expect(update).toMatchObject({ result_bonus: 40, result_balance: 750, openid: 'o_card' });
  });
});
