// Replies a member, a cashier and an agent can trust: each line of the issue, through the chat door,
// asserting the words that matter (amounts, signs, store names).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { ADMIN, startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
let s002: string;
beforeAll(async () => {
  svc = await startTestService();
  s002 = (await svc.call('POST', '/api/stores', { body: { code: 'S002', name: '会员小店·徐家汇店' } })).body
    .id;
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, text: string, group = 'store-1') =>
  (await svc.say(from, text, { group })).join('\n');
const say = async (from: string, text: string) => (await svc.say(from, text)).join('\n');
const entryNo = (receipt: string) => /流水号 (\w+)/.exec(receipt)![1]!;
const ticketNo = (reply: string) => /编号 (T\w+)/.exec(reply)![1]!;

async function inboxHas(user: string, contains: string): Promise<string> {
  return eventually(async () => {
    const messages = (await svc.call('GET', `/api/bot/inbox/${user}`)).body.messages as Array<{
      text: string;
    }>;
    return messages.find((m) => m.text.includes(contains))?.text;
  });
}

async function couponFor(phone: string | null, body: Record<string, unknown>): Promise<string> {
  const t = await svc.call('POST', '/api/coupon-templates', { body });
  expect(t.status).toBe(201);
  const issued = await svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, {
    body: { count: 1, ...(phone ? { member: phone } : {}) },
  });
  return issued.body.coupons[0].sn;
}

describe('what a cashier and a manager read', () => {
  let consumed = '';
  let reversal = '';

  it('2. a reversal says what was given back and what the card holds now, with signs; so does the notice', async () => {
    consumed = entryNo(await inGroup('cashier-1', '消费 13800138000 100'));
    reversal = await inGroup('manager-1', `冲正 ${consumed} 输错金额`);
    expect(reversal).toContain('本次冲正：余额 +¥88.00，积分 -8');
    expect(reversal).toContain('卡内现有：余额 ¥550.00，积分 0');
    const notice = await inboxHas('alice', '冲正提醒');
    expect(notice).toContain(`流水 ${consumed} 已撤销。本次冲正：余额 +¥88.00，积分 -8`);
    expect(notice).toContain('卡内现有：余额 ¥550.00，积分 0');
  });

  it('3. not enough balance says the balance, what is needed, and how to pay the rest', async () => {
    expect(await inGroup('cashier-1', '消费 13700137000 10')).toBe(
      '卡内余额不足：余额 ¥0.00，本单需 ¥10.00。可先「充值」，或在指令末尾加「现金」改用现金/其他方式支付。',
    );
    expect(await inGroup('cashier-1', '消费 13700137000 10 现金')).toContain('实付 ¥10.00（现金/其他）');
  });

  it('4. a frozen card tells the cashier who froze it, when and why', async () => {
    await inGroup('manager-1', '冻结 13900139000 卡片遗失');
    const refused = await inGroup('cashier-1', '充值 13900139000 100');
    expect(refused).toMatch(
      /这张会员卡已冻结（由店长老李于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 冻结，原因：卡片遗失）/,
    );
    await inGroup('manager-1', '解冻 13900139000');
  });

  it('5. a coupon refused here says where it can be used; 我的券 lists stores', async () => {
    const sn = await couponFor('13800138000', {
      name: '徐家汇专享券',
      type: 'cash',
      valueFen: 1000,
      validDays: 30,
      storeIds: [s002],
    });
    expect(await inGroup('cashier-1', `消费 13800138000 100 券 ${sn}`)).toBe(
      '这张券只能在会员小店·徐家汇店使用。',
    );
    const wallet = await say('alice', '我的券');
    expect(wallet).toMatch(new RegExp(`徐家汇专享券.*券码 ${sn}.*限会员小店·徐家汇店使用`));
    expect(wallet).toMatch(/10元代金券.*全部门店可用/);
  });

  it('6. a gift redeemed in chat is confirmed at pickup with 核销, once, and the pickup store may reverse it', async () => {
    const sn = await couponFor(null, { name: '周年礼', type: 'gift', giftName: '帆布袋', validDays: 30 });
    const redeemed = await say('alice', sn);
    expect(redeemed).toContain(`向店员出示券码 ${sn}`);
    const no = /兑换流水号 (\w+)/.exec(redeemed)![1]!;
    const pickup = await inGroup('cashier-1', `核销 ${sn}`);
    expect(pickup).toContain('已确认领取：帆布袋');
    expect(pickup).toContain(`兑换流水号 ${no}`);
    expect(await inGroup('cashier-1', `核销 ${sn}`)).toMatch(
      /这份礼品已于 .* 在会员小店·人民广场店领取过了。/,
    );
    expect(await inboxHas('alice', '礼品领取')).toContain('帆布袋已在会员小店·人民广场店领取');
    expect(await inGroup('manager-1', `冲正 ${no} 会员退回礼品`)).toContain(`已冲正流水 ${no}`);
  });

  it('7. 日报 puts reversals on their own line and names operations by where they came from', async () => {
    const store1 = (await svc.call('GET', '/api/stores')).body.stores.find(
      (s: { code: string }) => s.code === 'S001',
    ).id;
    const api = await svc.call('POST', '/api/members/13700137000/recharge', {
      key: 'report-recharge-1',
      body: { amount: '100', storeId: store1 },
    });
    expect(api.status).toBe(200);
    const report = await inGroup('manager-1', '日报');
    expect(report).not.toContain('¥-');
    expect(report).toMatch(/冲正 2 笔：退回消费 ¥88\.00/);
    expect(report).toContain('净消费 ¥10.00');
    expect(report).toContain('· 管理后台（API）：消费 0 笔 ¥0.00，充值 ¥100.00');
    expect(report).toContain('· 收银员小王：消费 2 笔 ¥98.00');
  });

  it('8. 消费记录 shows a recharge with its 赠送 part and a coupon with its amount', async () => {
    const cash = await couponFor('13800138000', {
      name: '满减券',
      type: 'cash',
      valueFen: 1000,
      validDays: 30,
    });
    await inGroup('cashier-1', `消费 13800138000 100 券 ${cash}`);
    const counter = await couponFor('13800138000', {
      name: '到店券',
      type: 'cash',
      valueFen: 500,
      validDays: 30,
    });
    await inGroup('cashier-1', `核销 ${counter}`);
    const history = await say('alice', '消费记录 20');
    expect(history).toContain('充值 +¥500.00 赠送 ¥50.00');
    expect(history).toContain('消费 ¥78.00 用券 -¥10.00');
    expect(history).toContain('用券 到店券（抵扣¥5.00）');
    expect(history).toContain(`冲正 撤销消费 ${/冲正 撤销消费 (\w+)/.exec(history)![1]} 余额 +¥88.00`);
  });

  it('11. the way to the next level says it counts what was paid after discounts', async () => {
    expect(await say('alice', '查积分')).toMatch(/再累计实付 ¥[\d.]+（折后金额）可升级为钻石会员/);
  });
});

describe('what an agent reads, and what a complainant can do', () => {
  it('1. the ticket view names ledger kinds in Chinese and shows money with ¥', async () => {
    const filed = await say('alice', '投诉 积分没到账');
    const view = await inGroup('agent-1', `接单 ${ticketNo(filed)}`, 'agents');
    expect(view).toContain('最近流水：');
    expect(view).toMatch(/冲正 撤销礼品兑换 \w+/);
    expect(view).toMatch(/消费 ¥78\.00 用券 -¥10\.00 积分\+7，余额 ¥/);
    expect(view).not.toMatch(/\b(consume|reversal|recharge|gift_redeem|coupon_use|points_adjust)\b/);
  });

  it('9. a rating in words counts, and the rating stays open while the member does other things', async () => {
    const no = ticketNo(await say('alice', '投诉 排队太久'));
    await inGroup('agent-1', `接单 ${no}`, 'agents');
    await inGroup('agent-1', `结单 ${no} 已致歉`, 'agents');
    await inboxHas('alice', `您的投诉 ${no} 已处理完毕`);
    expect(await say('alice', '查余额')).toContain('储值余额');
    expect(await say('alice', '非常满意')).toBe('感谢您的评价（5 分）！我们会继续改进。');
    expect((await svc.call('GET', `/api/tickets/${no}`)).body.rating).toBe(5);
    expect(await say('alice', '4')).toContain('没看懂');
  });

  it('13. someone without a card can complain, and follow it', async () => {
    const filed = await say('passer-by', '投诉 门口台阶太滑了');
    expect(filed).toContain('已收到您的投诉，编号 T');
    expect(await say('passer-by', '我的投诉')).toContain(`${ticketNo(filed)} `);
    expect(await inboxHas('agents', ticketNo(filed))).toContain('门口台阶太滑了');
  });

  it('14. 补充 reaches the agents', async () => {
    const no = ticketNo(await say('passer-by', '投诉 收银台没人'));
    expect(await say('passer-by', `补充 ${no} 等了十分钟`)).toContain('客服已收到提醒');
    expect(await inboxHas('agents', '会员补充')).toContain(`工单 ${no}（待处理）会员补充：等了十分钟`);
  });
});

describe('what a member can say', () => {
  const MARKERS = {
    points: /当前积分：/,
    balance: /储值余额：/,
    card: /会员卡号/,
    history: /最近 \d+ 条记录|还没有消费记录/,
    coupons: /可用的券|券包里暂时没有/,
    store: /门店信息|家门店/,
    checkin: /签到成功|已经签到过了/,
    help: /回复关键词即可/,
  } as const;
  const PHRASINGS: Record<keyof typeof MARKERS, string[]> = {
    points: [
      '查积分',
      '查 积分',
      '积分多少',
      '我的积分',
      '积分查询',
      '我有多少积分？',
      '积分还有多少',
      '现在积分多少啊',
    ],
    balance: ['查余额', '余额多少', '卡里还有多少钱', '我的余额', '查一下余额', '还有多少钱'],
    card: ['会员卡', '我的会员卡', '卡号是多少', '我是什么等级', '我的权益有哪些'],
    history: ['消费记录', '最近的消费记录', '查一下消费记录', '我的消费明细', '账单'],
    coupons: ['我的券', '我有哪些优惠券', '优惠券', '看看我的券'],
    store: ['门店', '门店地址', '你们在哪里', '电话多少'],
    checkin: ['签到', '每日签到', '我要签到'],
    help: ['帮助', '菜单', '功能'],
  };

  it('12. common phrasings of every intent reach it, and none reaches another', async () => {
    for (const [intent, phrasings] of Object.entries(PHRASINGS) as Array<[keyof typeof MARKERS, string[]]>) {
      for (const phrasing of phrasings) {
        const reply = await say('alice', phrasing);
        const reached = Object.entries(MARKERS)
          .filter(([, marker]) => marker.test(reply))
          .map(([name]) => name);
        expect([phrasing, reached]).toEqual([phrasing, [intent]]);
      }
    }
    for (const other of ['优惠活动', '今天天气不错', '你好呀'])
      expect(await say('alice', other)).toContain('没看懂');
  });

  it('10. the bind prompt says when a card number works; a member sets a card password, a manager resets it', async () => {
    const card = (await svc.call('GET', '/api/members/13800138000')).body.cardNumber as string;
    expect(await say('new-phone', '绑定')).toContain('设置过卡密码的会员也可以输入 10 位卡号');
    await say('new-phone', '取消');
    expect(await say('alice', '设置密码')).toContain('6 位数字');
    expect(await say('alice', '123456')).toContain('太简单');
    expect(await say('alice', '135790')).toContain('再输入一次');
    expect(await say('alice', '135790')).toContain('卡密码已设置');
    expect(await say('alice-2nd-phone', `绑定 ${card}`)).toContain('请输入这张卡的密码');
    expect(await say('alice-2nd-phone', '135790')).toContain('绑定成功');
    expect(await inGroup('manager-1', '重置密码 13800138000')).toContain('已清除');
    // Notices go to the account the member wrote from last: the phone just bound.
    expect(await inboxHas('alice-2nd-phone', '卡密码已重置')).toContain('设置密码');
    expect(await say('someone-else', `绑定 ${card}`)).toContain('这张卡没有设置密码');
  });
});

describe('the terminal chat client', () => {
  it('16. answers every piped line in order and exits 0 at the end of input', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/chat.ts', '--as', 'alice', '--url', svc.url, '--token', ADMIN],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.end('查积分\n会员卡\n查余额\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const order = ['alice> 查积分', '当前积分', 'alice> 会员卡', '会员卡号', 'alice> 查余额', '储值余额'];
    const positions = order.map((s) => out.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
