// The complaints desk: a member complains, agents handle it in their group, the member rates it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { resetClock, shiftClock } from '../src/domain/clock.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  resetClock();
  await svc?.stop();
});

const AGENTS = { group: 'agents' };
const say = async (from: string, text: string, group?: string) =>
  (await svc.say(from, text, group ? { group } : {})).join('\n');

const inboxUntil = (user: string, contains: string, after = 0) =>
  eventually(async () => {
    const messages = (
      (await svc.call('GET', `/api/bot/inbox/${user}`)).body.messages as Array<{ text: string }>
    )
      .map((m) => m.text)
      .slice(after);
    return messages.some((m) => m.includes(contains)) && messages;
  });

describe('a complaint, from filing to rating', () => {
  it('is answered by one agent, rated 4 by the member, and counted in the figures', async () => {
    const filed = await say('alice', '投诉 昨天消费的积分没到账');
    const no = /编号 (T\w{5})/.exec(filed)![1]!;
    expect(filed).toContain('24 小时内');
    await inboxUntil('agents', `新工单 ${no}`);

    const list = await say('agent-1', '工单', AGENTS.group);
    expect(list).toContain(no);
    const taken = await say('agent-1', `接单 ${no}`, AGENTS.group);
    expect(taken).toContain('138****8000');
    expect(taken).toContain('金卡会员');
    expect(taken).toContain('最近流水');
    expect(taken).toContain('积分没到账');

    expect(await say('agent-2', `接单 ${no}`, AGENTS.group)).toContain('已有同事在处理');
    expect(await say('agent-2', `回复 ${no} 我来吧`, AGENTS.group)).toContain('不是由你负责');

    expect(await say('agent-1', `回复 ${no} 您好，积分已为您补录。`, AGENTS.group)).toContain('已回复');
    const inbox = await inboxUntil('alice', '【投诉回复】');
    expect(inbox.find((m) => m.includes('【投诉回复】'))).toContain('积分已为您补录');

    expect(await say('agent-1', `结单 ${no} 已补录积分`, AGENTS.group)).toContain('已结单');
    await inboxUntil('alice', '请回复 1–5');
    expect(await say('alice', '4')).toContain('4 分');
    expect(await say('alice', '我的投诉')).toContain(`${no} `);
    expect(await say('alice', '我的投诉')).toContain('评分 4');

    const stats = (await svc.call('GET', '/api/tickets/stats')).body;
    expect(stats).toMatchObject({ closed: 1, averageRating: 4, ratings: 1, open: 0 });
    expect(stats.medianFirstResponseMinutes).toBe(0);
    expect(stats.perAgent).toHaveLength(1);
    expect(stats.perWeek[0].closed).toBe(1);
  });

  it('keeps agent commands to agents', async () => {
    expect(await say('cashier-1', '工单', AGENTS.group)).toContain('只有客服');
    // In a private chat a non-agent's "工单" is just a member's message.
    expect(await say('cashier-1', '工单')).toContain('没看懂');
    // Agents may also work privately with the bot.
    expect(await say('agent-1', '工单')).toMatch(/没有待处理|待处理工单/);
  });

  it('takes a complaint in two steps, supplements it, and limits floods', async () => {
    expect(await say('alice', '投诉')).toContain('请直接发送');
    const filed = await say('alice', '门店空调太冷了');
    const no = /编号 (T\w{5})/.exec(filed)![1]!;
    expect(await say('alice', `补充 ${no} 在人民广场店`)).toContain('已补充');
    const ticket = (await svc.call('GET', `/api/tickets/${no}`)).body;
    expect(ticket.messages.map((m: { text: string }) => m.text)).toEqual(['门店空调太冷了', '在人民广场店']);
    // The first complaint is closed; with three open ones, a fourth waits.
    await say('alice', '投诉 第二件事');
    await say('alice', '投诉 第三件事');
    expect(await say('alice', '投诉 第四件事')).toContain('3 个处理中的投诉');
  });
});

describe('SLA', () => {
  it('announces a ticket at risk after 20 h and overdue after 24 h, once each', async () => {
    const created = await svc.call('POST', '/api/members', { body: { phone: '13666667777' } });
    await svc.say('zed', '绑定 13666667777');
    await svc.say('zed', svc.sms.lastCodeFor('13666667777')!);
    expect(created.status).toBe(201);
    const no = /编号 (T\w{5})/.exec(await say('zed', '投诉 等了很久没人理'))![1]!;

    const sweep = async () => {
      const queue = svc.queues.find((q) => q.name === 'ticket-sla')!;
      return (await (await queue.add({})).finished()) as { announced: number };
    };
    const before = ((await svc.call('GET', '/api/bot/inbox/agents')).body.messages as unknown[]).length;

    shiftClock(21 * 3600_000);
    expect((await sweep()).announced).toBeGreaterThanOrEqual(1);
    await inboxUntil('agents', `工单 ${no} 已等待 20 小时`, before);
    expect((await sweep()).announced).toBe(0);

    shiftClock(4 * 3600_000);
    await sweep();
    await inboxUntil('agents', `工单 ${no} 已超过 24 小时`, before);
    await sweep();
    const all = (
      (await svc.call('GET', '/api/bot/inbox/agents')).body.messages as Array<{ text: string }>
    ).map((m) => m.text);
    // Each state is announced once, the warning before the breach.
    const atRiskAt = all.flatMap((m, i) => (m.includes(`工单 ${no} 已等待 20 小时`) ? [i] : []));
    const overdueAt = all.flatMap((m, i) => (m.includes(`工单 ${no} 已超过 24 小时`) ? [i] : []));
    expect([atRiskAt.length, overdueAt.length]).toEqual([1, 1]);
    expect(atRiskAt[0]!).toBeLessThan(overdueAt[0]!);
    expect(await say('agent-1', '工单', AGENTS.group)).toContain(`⛔超时 ${no}`);
    const overdueList = (await svc.call('GET', '/api/tickets?overdue=true')).body.tickets;
    expect(overdueList.map((t: { id: string }) => t.id)).toContain(no);
  });
});
