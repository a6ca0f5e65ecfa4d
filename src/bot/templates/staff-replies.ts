// What staff read in the store group (receipts) and what members are told about it (notices).
// A receipt and its notice are built from the same ledger entry, so their figures always agree.
import dayjs from 'dayjs';
import { BUSINESS_TZ } from '../../domain/clock.js';
import { formatYuan } from '../../domain/money.js';
import { maskPhone } from '../../domain/phone.js';
import type { LedgerEntry } from '../../domain/models/ledger-entry.js';
import type { Member } from '../../domain/models/member.js';
import type { Level } from '../../domain/models/level.js';
import type { Store } from '../../domain/models/store.js';
import type { DailyReport } from '../../domain/reports/daily-report.js';
import { discountText } from './member-replies.js';

const yuan = (fen: number) => `¥${formatYuan(fen)}`;
const signed = (fen: number) => `${fen < 0 ? '-' : ''}¥${formatYuan(Math.abs(fen))}`;
const num = (v: unknown) => Number(v ?? 0);

export const STAFF_HELP = [
  '门店指令：',
  '消费 <手机号|卡号> <金额> [券 <券码>] [现金] [不打折 <金额>] [备注 …]',
  '充值 <手机号|卡号> <金额>',
  '积分 <手机号|卡号> <+N|-N> [原因]（店长）',
  '核销 <券码>\u3000冲正 <流水号> [原因]（店长）',
  '查 <手机号|卡号>\u3000日报 [日期]',
].join('\n');

export const GROUP_NOT_BOUND = '本群还没有绑定门店。请管理员在群里发送「绑定门店 <门店编码>」。';
export const NOT_STAFF_HERE = '只有本店登记的店员才能在这里使用门店指令。';
export const ADMINS_ONLY = '只有管理员可以绑定门店。';
export const NOTHING_TO_CONFIRM = '没有待确认的操作（确认需在 2 分钟内）。';

export function badCommand(problem: string, usage: string): string {
  return `格式不对：${problem}。\n正确写法：${usage}`;
}

export function confirmLarge(amountFen: number, what: string): string {
  return `金额较大（${yuan(amountFen)}），请核对：${what}\n确认无误请在 2 分钟内回复「确认」。`;
}

function who(member: Member, level: Level | null): string {
  return `${member.name ?? '会员'} ${maskPhone(member.phone)}（${level?.name ?? '会员'}）`;
}

/** The figures of a consumption, shared by the receipt and the member's notice. */
function consumeFigures(e: LedgerEntry): string[] {
  const d = e.details;
  const lines = [`原价 ${yuan(num(d.originalFen ?? d.paidFen))}`];
  if (num(d.levelDiscountFen)) lines.push(`会员折扣 -${yuan(num(d.levelDiscountFen))}`);
  if (num(d.couponDiscountFen)) lines.push(`优惠券 -${yuan(num(d.couponDiscountFen))}`);
  lines.push(`实付 ${yuan(num(d.paidFen))}（${d.paidOutside ? '现金/其他' : '储值扣款'}）`);
  return [lines.join('，'), `积分 +${e.pointsDelta}`];
}

function after(e: LedgerEntry): string {
  return `余额 ${yuan(e.balanceAfterFen)}，积分 ${e.pointsAfter}`;
}

export function consumeReceipt(
  e: LedgerEntry,
  member: Member,
  level: Level | null,
  upgraded: Level | null,
): string {
  return [
    `✅ 消费成功\u3000流水号 ${e.no}`,
    `会员：${who(member, level)}`,
    ...consumeFigures(e),
    after(e),
    ...(upgraded ? [`🎉 已升级为${upgraded.name}（${discountText(upgraded.discountPercent)}）`] : []),
  ].join('\n');
}

export function consumeNotice(e: LedgerEntry, store: Store): string {
  return [
    `【消费提醒】${when(e)} 在${store.name}消费`,
    ...consumeFigures(e),
    after(e),
    `流水号 ${e.no}`,
  ].join('\n');
}

function rechargeFigures(e: LedgerEntry): string {
  const bonus = num(e.details.bonusFen);
  return `充值 ${yuan(num(e.details.paidFen))}${bonus ? `，赠送 ${yuan(bonus)}` : ''}，到账 ${yuan(e.balanceDeltaFen)}`;
}

export function rechargeReceipt(e: LedgerEntry, member: Member, level: Level | null): string {
  return [
    `✅ 充值成功\u3000流水号 ${e.no}`,
    `会员：${who(member, level)}`,
    rechargeFigures(e),
    after(e),
  ].join('\n');
}

export function rechargeNotice(e: LedgerEntry, store: Store): string {
  return [`【充值提醒】${when(e)} 在${store.name}`, rechargeFigures(e), after(e), `流水号 ${e.no}`].join(
    '\n',
  );
}

export function pointsReceipt(e: LedgerEntry, member: Member, level: Level | null): string {
  return [
    `✅ 积分已调整\u3000流水号 ${e.no}`,
    `会员：${who(member, level)}`,
    `积分 ${e.pointsDelta > 0 ? '+' : ''}${e.pointsDelta}`,
    after(e),
  ].join('\n');
}

export function pointsNotice(e: LedgerEntry): string {
  const reason = e.details.reason ? `（${String(e.details.reason)}）` : '';
  return `【积分变动】积分 ${e.pointsDelta > 0 ? '+' : ''}${e.pointsDelta}${reason}，当前积分 ${e.pointsAfter}。流水号 ${e.no}`;
}

export function reversalReceipt(e: LedgerEntry, member: Member, couponRestored: string | null): string {
  return [
    `↩️ 已冲正流水 ${e.reversesNo}\u3000新流水号 ${e.no}`,
    `会员：${member.name ?? '会员'} ${maskPhone(member.phone)}`,
    `余额 ${signed(e.balanceDeltaFen)}，积分 ${e.pointsDelta > 0 ? '+' : ''}${e.pointsDelta}`,
    ...(couponRestored ? [`优惠券 ${couponRestored} 已退回`] : []),
    after(e),
  ].join('\n');
}

export function reversalNotice(e: LedgerEntry): string {
  return `【冲正提醒】流水 ${e.reversesNo} 已撤销：余额 ${signed(e.balanceDeltaFen)}，积分 ${e.pointsDelta > 0 ? '+' : ''}${e.pointsDelta}。${after(e)}。流水号 ${e.no}`;
}

export function redeemReceipt(
  name: string,
  value: string,
  member: Member | null,
  entryNo: string | null,
): string {
  return [
    `✅ 已核销：${name}（${value}）`,
    member ? `会员：${member.name ?? '会员'} ${maskPhone(member.phone)}` : '未绑定会员的券',
    ...(entryNo ? [`流水号 ${entryNo}`] : []),
  ].join('\n');
}

export function lookupReply(member: Member, level: Level | null, coupons: number): string {
  return [
    `${who(member, level)}，${discountText(level?.discountPercent ?? 100)}`,
    `卡号 ${member.cardNumber}${member.status === 'frozen' ? '（已冻结）' : ''}`,
    `余额 ${yuan(member.balanceFen)}，积分 ${member.points}，累计消费 ${yuan(member.totalSpendFen)}`,
    `可用券 ${coupons} 张`,
  ].join('\n');
}

export function reportReply(store: Store, r: DailyReport, staffNames: Map<string, string>): string {
  const lines = [
    `📊 ${store.name} ${r.day} 日报`,
    `消费 ${r.consumeCount} 笔，合计 ${yuan(r.consumeFen)}（储值扣款 ${yuan(r.paidFromBalanceFen)}）`,
    `充值 ${r.rechargeCount} 笔，实收 ${yuan(r.rechargePaidFen)}，赠送 ${yuan(r.rechargeBonusFen)}`,
    `积分发放 ${r.pointsIssued}，扣减 ${r.pointsTaken}；冲正 ${r.reversalCount} 笔`,
  ];
  for (const s of r.byStaff) {
    const name = s.staffId ? (staffNames.get(s.staffId) ?? '店员') : '其他';
    lines.push(`· ${name}：消费 ${s.consumeCount} 笔 ${yuan(s.consumeFen)}，充值 ${yuan(s.rechargeFen)}`);
  }
  return lines.join('\n');
}

function when(e: LedgerEntry): string {
  return dayjs(e.at).tz(BUSINESS_TZ).format('MM-DD HH:mm');
}
