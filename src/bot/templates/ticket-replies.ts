// What members and agents read about complaints.
import dayjs from 'dayjs';
import { BUSINESS_TZ } from '../../domain/clock.js';
import { formatYuan } from '../../domain/money.js';
import { maskPhone } from '../../domain/phone.js';
import type { Ticket, SlaState } from '../../domain/models/ticket.js';
import type { Member } from '../../domain/models/member.js';
import type { Level } from '../../domain/models/level.js';
import type { LedgerEntry } from '../../domain/models/ledger-entry.js';
import { entrySummary } from './member-replies.js';

const when = (d: Date) => dayjs(d).tz(BUSINESS_TZ).format('MM-DD HH:mm');
const STATUS: Record<Ticket['status'], string> = {
  open: '待处理',
  assigned: '处理中',
  replied: '已回复',
  closed: '已结单',
};

export const TICKETS = {
  askText: '请直接发送您要投诉的内容（一条消息说清楚即可），回复「取消」放弃。',
  empty: '投诉内容不能为空，请写下具体情况。',
  opened: (t: Ticket) =>
    `已收到您的投诉，编号 ${t._id}。我们会在 24 小时内答复您。\n如需补充，请发送「补充 ${t._id} <内容>」；发送「我的投诉」查看进度。`,
  supplemented: (t: Ticket) => `已补充到工单 ${t._id}，客服已收到提醒。`,
  supplementUsage: '补充的写法：补充 <编号> <内容>，如：补充 T7K2QX 小票照片已发到门店',
  none: '您还没有投诉记录。有任何不满意，发送「投诉 <内容>」告诉我们。',
  list: (tickets: Ticket[]) =>
    `您的投诉：\n${tickets
      .map(
        (t) =>
          `· ${t._id} ${when(t.createdAt)} ${STATUS[t.status]}${t.rating ? `（评分 ${t.rating}）` : ''}：${t.text.slice(0, 30)}`,
      )
      .join('\n')}`,
  reply: (t: Ticket, text: string) =>
    `【投诉回复】工单 ${t._id}：${text}\n如需补充请发「补充 ${t._id} <内容>」。`,
  closed: (t: Ticket) =>
    `您的投诉 ${t._id} 已处理完毕${t.closeNote ? `：${t.closeNote}` : '。'}\n请回复 1–5 为本次服务打分（5 分最满意）。`,
  thanks: (rating: number) => `感谢您的评价（${rating} 分）！我们会继续改进。`,
  alreadyRated: '这个工单已经评过分了，感谢您的反馈！',
};

export const DESK = {
  notAgent: '只有客服可以处理工单。',
  help: (usages: string[]) => ['客服台指令：', ...usages.map((u) => `· ${u}`)].join('\n'),
  newTicket: (t: Ticket) =>
    `🆕 新工单 ${t._id}（${when(t.createdAt)}）：${t.text.slice(0, 80)}\n发送「接单 ${t._id}」处理。`,
  empty: '目前没有待处理的工单。',
  list: (tickets: Ticket[], at: Date, names: Map<string, string>) =>
    `待处理工单 ${tickets.length} 个（最早的在前）：\n${tickets
      .map((t) => {
        const mark = t.sla === 'overdue' ? '⛔超时 ' : t.sla === 'at_risk' ? '⚠️将超时 ' : '';
        const hours = Math.floor((at.getTime() - t.createdAt.getTime()) / 3600_000);
        const who = t.assigneeId ? (names.get(String(t.assigneeId)) ?? '同事') : '未接单';
        return `· ${mark}${t._id} ${STATUS[t.status]}（${who}，${hours} 小时前）：${t.text.slice(0, 30)}`;
      })
      .join('\n')}`,
  context: (
    t: Ticket,
    member: Member | null,
    level: Level | null,
    entries: LedgerEntry[],
    previous: Ticket[],
  ) =>
    [
      `工单 ${t._id}（${STATUS[t.status]}，${when(t.createdAt)}，${t.dueAt > t.createdAt ? `须在 ${when(t.dueAt)} 前首次答复` : ''}）`,
      member
        ? `会员：${member.name ?? '会员'} ${maskPhone(member.phone)}，${level?.name ?? '会员'}，余额 ¥${formatYuan(member.balanceFen)}，积分 ${member.points}`
        : '会员：未知',
      ...t.messages.map((m) => `${m.from === 'member' ? '会员' : '客服'} ${when(m.at)}：${m.text}`),
      entries.length
        ? `最近流水：\n${entries
            .map(
              (e) => `  ${when(e.at)} ${entrySummary(e)}，余额 ¥${formatYuan(e.balanceAfterFen)}（${e.no}）`,
            )
            .join('\n')}`
        : '最近流水：无',
      previous.length
        ? `以往投诉：${previous.map((p) => `${p._id}（${STATUS[p.status]}）`).join('、')}`
        : '以往投诉：无',
    ].join('\n'),
  supplemented: (t: Ticket, text: string) =>
    `📎 工单 ${t._id}（${STATUS[t.status]}）会员补充：${text.slice(0, 200)}\n回复请发「回复 ${t._id} <内容>」。`,
  replied: (t: Ticket) => `已回复工单 ${t._id}，会员会在原渠道收到。`,
  closed: (t: Ticket) => `已结单 ${t._id}，已邀请会员评分。`,
  transferred: (t: Ticket, to: string) => `工单 ${t._id} 已转给 ${to}。`,
  colleagueNotFound: (name: string) => `没有叫「${name}」的客服同事。`,
  usage: (usage: string) => `格式不对。正确写法：${usage}`,
  sla: (t: Ticket, state: SlaState) =>
    state === 'overdue'
      ? `⛔ 工单 ${t._id} 已超过 24 小时未答复，请立即处理：${t.text.slice(0, 40)}`
      : `⚠️ 工单 ${t._id} 已等待 20 小时，4 小时内须首次答复：${t.text.slice(0, 40)}`,
};
