// Real Telegram update JSON posted to the webhook; replies observed at a local fake of the Bot API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { startFakeTelegram, type FakeTelegram } from './support/fake-telegram.js';

const SECRET = 'tg-webhook-secret-123';
let svc: TestService;
let fake: FakeTelegram;
let updateId = 5000;

beforeAll(async () => {
  fake = await startFakeTelegram();
  svc = await startTestService({
    TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN',
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://huiyuan.example.com/',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
});
afterAll(async () => {
  await svc?.stop();
  await fake?.close();
});

function update(fromId: number, chat: { id: number; type: string }, text: string, id = ++updateId) {
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      from: { id: fromId, is_bot: false, first_name: 'Tester' },
      chat: chat.type === 'private' ? { ...chat, first_name: 'Tester' } : { ...chat, title: '门店群' },
      text,
    },
  };
}

async function deliver(body: unknown, secret = SECRET) {
  const res = await fetch(`${svc.url}/telegram/${SECRET}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(body),
  });
  return res.status;
}

const sentTo = (chatId: number) => fake.sent.filter((m) => m.chat_id === String(chatId)).map((m) => m.text);

describe('Telegram', () => {
  it('registers its webhook with the secret token', () => {
    expect(fake.webhooks[0]).toMatchObject({
      url: `https://huiyuan.example.com/telegram/${SECRET}`,
      secret_token: SECRET,
    });
  });

  it('answers /start in a private chat with the menu, and a redelivered update only once', async () => {
    const u = update(777, { id: 777, type: 'private' }, '/start');
    expect(await deliver(u)).toBe(200);
    expect(await deliver(u)).toBe(200);
    expect(sentTo(777)).toHaveLength(1);
    expect(sentTo(777)[0]).toContain('查积分');
  });

  it('refuses an update without the secret token', async () => {
    expect(await deliver(update(778, { id: 778, type: 'private' }, '/start'), 'wrong')).toBe(401);
    expect(sentTo(778)).toHaveLength(0);
  });

  it('runs a cashier’s command in a store group and answers in the group', async () => {
    const stores = (await svc.call('GET', '/api/stores')).body.stores;
    await svc.call('POST', `/api/stores/${stores[0].id}/groups`, {
      body: { channel: 'telegram', chatId: '-100200300' },
    });
    const staff = (await svc.call('GET', '/api/staff')).body.staff as Array<{ id: string; name: string }>;
    const cashier = staff.find((s) => s.name === '收银员小王')!;
    await svc.call('POST', `/api/staff/${cashier.id}/identities`, {
      body: { channel: 'telegram', externalId: '9001' },
    });

    expect(await deliver(update(9001, { id: -100200300, type: 'supergroup' }, '查 13800138000'))).toBe(200);
    expect(sentTo(-100200300).at(-1)).toContain('138****8000');
    expect(await deliver(update(9002, { id: -100200300, type: 'supergroup' }, '充值 13800138000 100'))).toBe(
      200,
    );
    expect(sentTo(-100200300).at(-1)).toContain('只有本店登记的店员');
  });
});
