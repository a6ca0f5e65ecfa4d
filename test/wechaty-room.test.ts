// A store's WeChat group on wechaty-puppet-mock: a cashier's command is answered in the room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WechatyBuilder, type Wechaty } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { startTestService, type TestService } from './support/service.js';
import { UNBOUND_ROOM_HINT } from '../src/bot/templates/staff-replies.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
let wechaty: Wechaty;
const mocker = new mock.Mocker();
type MockContact = ReturnType<typeof mocker.createContact>;
type MockRoom = ReturnType<typeof mocker.createRoom>;
let botUser: MockContact;
let cashier: MockContact;
let passerby: MockContact;
let storeRoom: MockRoom;
let otherRoom: MockRoom;
const heard: Array<{ room: string; talker: string; text: string }> = [];

beforeAll(async () => {
  wechaty = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
  await wechaty.start();
  botUser = mocker.createContact({ name: '会员助手' });
  mocker.login(botUser);
  cashier = mocker.createContact({ name: '收银员小王' });
  passerby = mocker.createContact({ name: '路人' });
  storeRoom = mocker.createRoom({ topic: '人民广场店', memberIdList: [botUser.id, cashier.id, passerby.id] });
  otherRoom = mocker.createRoom({ topic: '闲聊群', memberIdList: [botUser.id, passerby.id] });
  for (const room of [storeRoom, otherRoom]) {
    // RoomMock is an EventEmitter whose typings do not resolve here.
    (room as unknown as NodeJS.EventEmitter).on(
      'message',
      (m: { payload: { talkerId?: string; text?: string } }) =>
        heard.push({ room: room.id, talker: m.payload.talkerId ?? '', text: m.payload.text ?? '' }),
    );
  }

  svc = await startTestService({}, { wechaty });
  const stores = (await svc.call('GET', '/api/stores')).body.stores;
  await svc.call('POST', `/api/stores/${stores[0].id}/groups`, {
    body: { channel: 'wechaty', chatId: storeRoom.id },
  });
  const staff = (await svc.call('GET', '/api/staff')).body.staff as Array<{ id: string; name: string }>;
  const id = staff.find((s) => s.name === '收银员小王')!.id;
  await svc.call('POST', `/api/staff/${id}/identities`, {
    body: { channel: 'wechaty', externalId: cashier.id },
  });
});
afterAll(async () => {
  await svc?.stop();
  await wechaty?.stop();
});

const botSaysIn = (room: MockRoom, contains: string) =>
  eventually(
    () => heard.find((h) => h.room === room.id && h.talker === botUser.id && h.text.includes(contains))?.text,
    5000,
  );

describe('Wechaty store room', () => {
  it('answers a cashier’s consumption in the room with a receipt', async () => {
    cashier.say('消费 13800138000 100').to(storeRoom);
    const receipt = await botSaysIn(storeRoom, '消费成功');
    expect(receipt).toContain('原价 ¥100.00，会员折扣 -¥12.00，实付 ¥88.00（储值扣款）');
    expect((await svc.call('GET', '/api/members/13800138000')).body.balanceFen).toBe(55000 - 8800);
  });

  it('refuses a non-staff member of the room, changing nothing', async () => {
    passerby.say('充值 13800138000 100').to(storeRoom);
    await botSaysIn(storeRoom, '只有本店登记的店员');
    expect((await svc.call('GET', '/api/members/13800138000')).body.balanceFen).toBe(55000 - 8800);
  });

  it('speaks in an unbound room only when @-mentioned, with a hint', async () => {
    passerby.say('消费 13800138000 1').to(otherRoom);
    passerby.say(`@${botUser.payload.name} 在吗`, [botUser]).to(otherRoom);
    const hint = await botSaysIn(otherRoom, '还没有绑定门店');
    expect(hint).toBe(UNBOUND_ROOM_HINT);
    expect(heard.filter((h) => h.room === otherRoom.id && h.talker === botUser.id)).toHaveLength(1);
  });
});
