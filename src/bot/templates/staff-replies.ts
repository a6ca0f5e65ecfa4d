// What staff read in the store group. Receipts are built from the checkout's result, and the member's
// notice (member-notices.ts) from the same ledger entry, so their figures always agree.
import type { RechargeOrder } from '../../domain/models/recharge-order.js';
import dayjs from 'dayjs';
import { BUSINESS_TZ } from '../../domain/clock.js';
import { formatYuan } from '../../domain/money.js';
import { maskPhone } from '../../domain/phone.js';
import type { LedgerEntry } from '../../domain/models/ledger-entry.js';
import type { Member } from '../../domain/models/member.js';
import type { Level } from '../../domain/models/level.js';
import type { Store } from '../../domain/models/store.js';
import type { OperationSource, StoreReport } from '../../domain/reports/store-report.js';
import type { CheckoutResult } from '../../domain/checkout/checkout.js';
import type { ReverseResult } from '../../domain/checkout/reverse.js';
import type { RedeemResult } from '../../domain/checkout/redeem-at-counter.js';
import type { MemberAtCounter } from '../../domain/members/member-lookup.js';
import type { Replacement } from '../../domain/members/card-replacement.js';
import { discountText } from './programme-replies.js';
import { couponValue } from './member-replies.js';

const yuan = (fen: number) => `¥${formatYuan(fen)}`;
export const signedYuan = (fen: number) => `${fen < 0 ? '-' : '+'}¥${formatYuan(Math.abs(fen))}`;
export const signedPoints = (n: number) => `${n < 0 ? '-' : '+'}${Math.abs(n)}`;
const num = (v: unknown) => Number(v ?? 0);

export function staffHelp(lines: string[]): string {
  return ['门店指令：', ...lines].join('\n');
}

export const GROUP_NOT_BOUND = '本群还没有绑定门店。请管理员在群里发送「绑定门店 <门店编码>」。';
/** Said when someone @-mentions the bot in a group bound to no store. */
export const UNBOUND_ROOM_HINT =
  '这个群还没有绑定门店。管理员发送「绑定门店 <门店编码>」后，店员就可以在群里收银了；会员请私聊我。';
export const NOT_STAFF_HERE = '只有本店登记的店员才能在这里使用门店指令。';
export const NOTHING_TO_CONFIRM = '没有待确认的操作（确认需在 2 分钟内）。';

export function badCommand(problem: string, usage: string): string {
  return `格式不对：${problem}。\n正确写法：${usage}`;
}

export function confirmLarge(amountFen: number, what: string): string {
  return `金额较大（${yuan(amountFen)}），请核对：${what}\n确认无误请在 2 分钟内回复「确认」。`;
}

export function groupBound(store: Store): string {
  return `本群已绑定门店 ${store.name}（${store.code}），店员可以开始使用门店指令。发送「帮助」查看指令。`;
}

function who(member: Member, level: Level | null): string {
  return `${member.name ?? '会员'} ${maskPhone(member.phone)}（${level?.name ?? '会员'}）`;
}

/** The figures of a consumption, shared by the receipt and the member's notice. */
export function consumeFigures(e: LedgerEntry): string[] {
  const d = e.details;
  const lines = [`原价 ${yuan(num(d.originalFen ?? d.paidFen))}`];
  if (num(d.levelDiscountFen)) lines.push(`会员折扣 -${yuan(num(d.levelDiscountFen))}`);
  if (num(d.couponDiscountFen)) lines.push(`优惠券 -${yuan(num(d.couponDiscountFen))}`);
  if (num(d.pointsUsed)) lines.push(`积分抵扣 -${yuan(num(d.pointsValueFen))}（${num(d.pointsUsed)} 积分）`);
  lines.push(`实付 ${yuan(num(d.paidFen))}（${d.paidOutside ? '现金/其他' : '储值扣款'}）`);
  const why = { birthday: '生日', doublePoints: '多倍积分日' }[String(d.pointsReason) as 'birthday'];
  const earned = d.pointsEarned === undefined ? e.pointsDelta : num(d.pointsEarned);
  const points = why
    ? `积分 +${earned}（${why} ${num(d.basePoints)}×${num(d.pointsMultiplier)}）`
    : `积分 +${earned}`;
  return [lines.join('，'), num(d.pointsUsed) ? `${points}，抵扣 -${num(d.pointsUsed)}` : points];
}

export function cardAfter(e: LedgerEntry): string {
  return `余额 ${yuan(e.balanceAfterFen)}，积分 ${e.pointsAfter}`;
}

function upgradeLine(upgradedTo: Level | null): string[] {
  return upgradedTo ? [`🎉 已升级为${upgradedTo.name}（${discountText(upgradedTo.discountPercent)}）`] : [];
}

export function consumeReceipt({ entry, member, level, upgradedTo }: CheckoutResult): string {
  return [
    `✅ 消费成功\u3000流水号 ${entry.no}`,
    `会员：${who(member, level)}`,
    ...consumeFigures(entry),
    cardAfter(entry),
    ...upgradeLine(upgradedTo),
  ].join('\n');
}

export function rechargeFigures(e: LedgerEntry): string {
  const bonus = num(e.details.bonusFen);
  return `充值 ${yuan(num(e.details.paidFen))}${bonus ? `，赠送 ${yuan(bonus)}` : ''}，到账 ${yuan(e.balanceDeltaFen)}`;
}

export function rechargeReceipt({ entry, member, level, upgradedTo }: CheckoutResult): string {
  return [
    `✅ 充值成功\u3000流水号 ${entry.no}`,
    `会员：${who(member, level)}`,
    rechargeFigures(entry),
    cardAfter(entry),
    ...upgradeLine(upgradedTo),
  ].join('\n');
}

export function pointsReceipt({ entry, member, level, upgradedTo }: CheckoutResult): string {
  return [
    `✅ 积分已调整\u3000流水号 ${entry.no}`,
    `会员：${who(member, level)}`,
    `积分 ${signedPoints(entry.pointsDelta)}`,
    cardAfter(entry),
    ...upgradeLine(upgradedTo),
  ].join('\n');
}

export function tagsReply(member: Member, tags: string[]): string {
  return `🏷 ${member.name ?? '会员'} ${maskPhone(member.phone)} 的标签：${tags.length ? tags.join('、') : '（无）'}`;
}

/** The uses a count-card entry left on its card. */
export function usesLeft(e: LedgerEntry): number {
  return e.countCardsAfter?.[String(e.details.countCardId)] ?? 0;
}

/** The figures of a count-card sale, shared by the receipt and the member's notice. */
export function countCardSaleFigures(e: LedgerEntry): string[] {
  const d = e.details;
  return [
    `${String(d.countCardName)}（${String(d.service)} ${num(d.countCardUses)} 次），实付 ${yuan(num(d.paidFen))}（${d.paidOutside ? '现金/其他' : '储值扣款'}）`,
    `积分 +${num(d.pointsEarned)}；次卡号 ${String(d.countCardId)}`,
  ];
}

export function countCardSaleReceipt({ entry, member, level, upgradedTo }: CheckoutResult): string {
  return [
    `✅ 次卡已售出\u3000流水号 ${entry.no}`,
    `会员：${who(member, level)}`,
    ...countCardSaleFigures(entry),
    cardAfter(entry),
    ...upgradeLine(upgradedTo),
  ].join('\n');
}

export function countCardUseFigures(e: LedgerEntry): string {
  return `${String(e.details.service)} 核销 1 次（${String(e.details.countCardName)}），剩余 ${usesLeft(e)} 次`;
}

export function countCardUseReceipt({ entry, member, level }: CheckoutResult): string {
  return [
    `✅ 核次成功\u3000流水号 ${entry.no}`,
    `会员：${who(member, level)}`,
    countCardUseFigures(entry),
  ].join('\n');
}

/** What a reversal gave back and took back, with signs. */
export function reversalFigures(e: LedgerEntry): string {
  const parts: string[] = [];
  if (e.balanceDeltaFen) parts.push(`余额 ${signedYuan(e.balanceDeltaFen)}`);
  if (e.pointsDelta) parts.push(`积分 ${signedPoints(e.pointsDelta)}`);
  const uses = num(e.details.countCardUses);
  if (uses) parts.push(`${String(e.details.countCardName ?? '次卡')} ${signedPoints(uses)} 次`);
  return parts.length ? `本次冲正：${parts.join('，')}` : '本次冲正：余额和积分不变';
}

export function reversalReceipt({ entry, member, level, restoredCouponSn }: ReverseResult): string {
  return [
    `↩️ 已冲正流水 ${entry.reversesNo}\u3000新流水号 ${entry.no}`,
    `会员：${who(member, level)}`,
    reversalFigures(entry),
    ...(restoredCouponSn ? [`优惠券 ${restoredCouponSn} 已退回`] : []),
    `卡内现有：${cardAfter(entry)}`,
  ].join('\n');
}

/** 退款 of an online recharge: taken off the card (bonus included) and on its way back through WeChat Pay. */
export function refundReceipt(order: RechargeOrder, result: CheckoutResult): string {
  const state =
    order.status === 'refunded'
      ? '微信支付已退回'
      : order.status === 'refund_failed'
        ? '微信支付未能退款，已退回卡内'
        : '微信支付退款处理中，到账后通知会员';
  return [
    `↩️ 已退款：线上充值 ${yuan(order.amountFen)}${order.bonusFen ? `（赠送 ${yuan(order.bonusFen)} 一并扣回）` : ''}`,
    `会员：${who(result.member, result.level)}\u3000流水号 ${result.entry.no}`,
    state,
    `卡内现有：${cardAfter(result.entry)}`,
  ].join('\n');
}

export function redeemReceipt(result: RedeemResult): string {
  const { coupon } = result;
  if (result.kind === 'pickup') {
    return [
      `✅ 已确认领取：${coupon.giftName ?? coupon.name}（会员在线上兑换的礼品）`,
      `会员：${who(result.member, result.level)}`,
      `兑换流水号 ${result.entry.no}，如需撤销请店长「冲正 ${result.entry.no}」`,
    ].join('\n');
  }
  return [
    `✅ 已核销：${coupon.name}（${couponValue(coupon)}）`,
    result.kind === 'used' ? `会员：${who(result.member, result.level)}` : '未绑定会员的券',
    ...(result.kind === 'used' ? [`流水号 ${result.entry.no}`] : []),
  ].join('\n');
}

export function lookupReply({ member, level, usableCoupons }: MemberAtCounter): string {
  return [
    `${who(member, level)}，${discountText(level?.discountPercent ?? 100)}`,
    `卡号 ${member.cardNumber}${member.status === 'frozen' ? '（已冻结）' : ''}`,
    ...(member.status === 'frozen' && member.frozen ? [frozenBecause(member.frozen)] : []),
    `余额 ${yuan(member.balanceFen)}，积分 ${member.points}，累计实付 ${yuan(member.totalSpendFen)}`,
    `可用券 ${usableCoupons} 张`,
  ].join('\n');
}

/** 查 <尾号> with none or several matches: who they are, and how to name one. */
export function phoneTailReply(
  tail: string,
  found: { kind: 'none' } | { kind: 'several'; members: Member[]; more: boolean },
): string {
  if (found.kind === 'none') return `没有手机尾号为 ${tail} 的会员，请核对，或用完整手机号/卡号查询。`;
  return [
    `手机尾号 ${tail} 有 ${found.members.length}${found.more ? '+' : ''} 位会员，请让会员确认是哪一位：`,
    ...found.members.map((m) => `· ${m.name ?? '会员'} ${maskPhone(m.phone)} 卡号 ${m.cardNumber}`),
    ...(found.more ? ['（还有更多，请问会员姓名或完整手机号）'] : []),
    '再发「查 <完整手机号或卡号>」查看。',
  ].join('\n');
}

export function frozenBecause(f: { reason?: string; by?: string; at?: Date | string }): string {
  const at = f.at ? dayjs(f.at).tz(BUSINESS_TZ).format('YYYY-MM-DD HH:mm') : '';
  return `由${f.by ?? '门店'}于 ${at} 冻结，原因：${f.reason ?? '未说明'}`;
}

export function frozenReceipt(member: Member): string {
  return [
    `🔒 已冻结 ${member.name ?? '会员'} ${maskPhone(member.phone)}（卡号 ${member.cardNumber}）`,
    ...(member.frozen ? [frozenBecause(member.frozen)] : []),
    '冻结期间不能消费、充值和调整积分；解冻请发「解冻 <手机号>」。',
  ].join('\n');
}

export function openCardCodeSent(phone: string): string {
  return `验证码已发送到 ${maskPhone(phone)}（5 分钟内有效）。请会员告诉您验证码，然后发送：开卡 ${phone} <验证码> [姓名]`;
}

export const OPEN_CARD_CODE_EXPIRED = '验证码已失效或不是为这次开卡发送的，请重新发送「开卡 <手机号>」。';

export function openCardReceipt(member: Member, level: Level | null): string {
  return [
    `🎉 已开卡：${member.name ?? '会员'} ${maskPhone(member.phone)}`,
    `卡号 ${member.cardNumber}，等级 ${level?.name ?? '会员'}`,
    '会员关注公众号后发送「绑定」，用这个手机号验证即可在手机上查积分和余额。',
  ].join('\n');
}

export function lostReceipt(member: Member): string {
  return [
    `🔒 已挂失 ${member.name ?? '会员'} ${maskPhone(member.phone)}（卡号 ${member.cardNumber}），这张卡现在不能使用。`,
    '补办新卡请发「补卡 <手机号>」，余额、积分和券都会转到新卡号上。',
  ].join('\n');
}

export function replacedReceipt({ member, oldCardNumber }: Replacement): string {
  return [
    `🪪 已补卡：${member.name ?? '会员'} ${maskPhone(member.phone)}`,
    `新卡号 ${member.cardNumber}（旧卡 ${oldCardNumber} 已作废）`,
    `余额 ${yuan(member.balanceFen)}，积分 ${member.points}，状态：${member.status === 'active' ? '正常' : '冻结'}`,
  ].join('\n');
}

export function unfrozenReceipt(member: Member): string {
  return `🔓 已解冻 ${member.name ?? '会员'} ${maskPhone(member.phone)}（卡号 ${member.cardNumber}），可以正常使用了。`;
}

const SOURCE_NAMES: Record<OperationSource, string> = {
  staff: '店员',
  admin: '管理后台（API）',
  member: '会员自助',
  system: '系统',
};

export function reportReply(store: Store, r: StoreReport, staffNames: Map<string, string>): string {
  const lines = [
    `📊 ${store.name} ${r.period} ${r.kind === 'day' ? '日报' : '月报'}`,
    `消费 ${r.consumeCount} 笔，合计 ${yuan(r.consumeFen)}（储值扣款 ${yuan(r.paidFromBalanceFen)}）`,
    `充值 ${r.rechargeCount} 笔，实收 ${yuan(r.rechargePaidFen)}，赠送 ${yuan(r.rechargeBonusFen)}`,
  ];
  if (r.reversalCount) {
    const parts = [];
    if (r.reversedConsumeFen) parts.push(`退回消费 ${yuan(r.reversedConsumeFen)}`);
    if (r.reversedRechargePaidFen || r.reversedRechargeBonusFen)
      parts.push(`撤销充值 ${yuan(r.reversedRechargePaidFen)}（含赠送 ${yuan(r.reversedRechargeBonusFen)}）`);
    lines.push(`冲正 ${r.reversalCount} 笔${parts.length ? `：${parts.join('，')}` : ''}`);
    lines.push(
      `净消费 ${yuan(r.consumeFen - r.reversedConsumeFen)}，净实收充值 ${yuan(r.rechargePaidFen - r.reversedRechargePaidFen)}`,
    );
  } else {
    lines.push('冲正 0 笔');
  }
  if (r.countCardSaleCount)
    lines.push(
      `售次卡 ${r.countCardSaleCount} 笔，${yuan(r.countCardSaleFen)}（储值扣款 ${yuan(r.countCardPaidFromBalanceFen)}）`,
    );
  if (r.mallExchangeCount) lines.push(`积分兑换 ${r.mallExchangeCount} 笔，用积分 ${r.mallPoints}`);
  lines.push(
    `积分发放 ${r.pointsIssued}，扣减 ${r.pointsTaken}${r.pointsExpired ? `（其中过期 ${r.pointsExpired}）` : ''}`,
  );
  lines.push(`新会员 ${r.newMembers} 人`);
  if (r.importedMembers)
    lines.push(
      `期初导入 ${r.importedMembers} 人，余额 ${yuan(r.openingBalanceFen)}，积分 ${r.openingPoints}`,
    );
  for (const s of r.byStaff) {
    const name = s.staffId ? (staffNames.get(s.staffId) ?? SOURCE_NAMES.staff) : SOURCE_NAMES[s.source];
    lines.push(`· ${name}：消费 ${s.consumeCount} 笔 ${yuan(s.consumeFen)}，充值 ${yuan(s.rechargeFen)}`);
  }
  return lines.join('\n');
}

export function when(e: LedgerEntry): string {
  return dayjs(e.at).tz(BUSINESS_TZ).format('MM-DD HH:mm');
}
