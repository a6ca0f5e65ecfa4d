// Birthday care: the daily job greets members on their birthday with the care coupon, once a year even
// when it runs twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { businessDay, now } from '../src/domain/clock.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

async function memberBornOn(phone: string, monthDay: string, chatId: string): Promise<string> {
  const created = await svc.call('POST', '/api/members', {
    body: { phone, name: '寿星', birthday: `1990-${monthDay}` },
  });
  expect(created.status).toBe(201);
  await bindMemberIdentity(new Types.ObjectId(created.body.id as string), 'http', chatId);
  return created.body.id;
}

const inbox = async (user: string) =>
  ((await svc.call('GET', `/api/bot/inbox/${user}`)).body.messages as Array<{ text: string }>).map(
    (m) => m.text,
  );

describe('birthday care', () => {
  it('greets today’s birthdays with the care coupon once, however often the job runs', async () => {
    const today = businessDay(now()).slice(5);
    const tomorrow = businessDay(new Date(now().getTime() + 86_400_000)).slice(5);
    await memberBornOn('13655550001', today, 'bday-today');
    await memberBornOn('13655550002', tomorrow, 'bday-tomorrow');
    const template = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '生日蛋糕券', attribute: 'care', type: 'gift', giftName: '生日蛋糕', validDays: 30 },
    });
    expect(
      (await svc.call('PUT', '/api/care/birthday', { body: { templateId: template.body.id } })).status,
    ).toBe(200);

    const first = await svc.call('POST', '/api/care/birthday/run');
    const second = await svc.call('POST', '/api/care/birthday/run');
    expect(first.body.greeted).toBeGreaterThanOrEqual(1);
    expect(second.body).toMatchObject({ greeted: 0, birthdays: first.body.birthdays });

    const greetings = await eventually(async () => {
      const found = (await inbox('bday-today')).filter((t) => t.startsWith('🎂'));
      return found.length ? found : undefined;
    });
    await new Promise((r) => setTimeout(r, 300)); // a second greeting, if any, would be here by now
    expect((await inbox('bday-today')).filter((t) => t.startsWith('🎂'))).toEqual(greetings);
    expect(greetings[0]).toMatch(
      /^🎂 寿星，生日快乐！送您一张生日蛋糕券（礼品：生日蛋糕），\d{4}-\d{2}-\d{2} 前有效/,
    );
    const wallet = (await svc.say('bday-today', '我的券')).join();
    expect(wallet.match(/生日蛋糕券/g)).toHaveLength(1);
    expect(await inbox('bday-tomorrow')).toEqual([]);
  });
});
