// Everything members read from the bot, in one place so the wording can be reviewed together.
import { formatYuan } from '../../domain/money.js';
import { maskPhone } from '../../domain/phone.js';
import type { Member } from '../../domain/models/member.js';
import type { Level } from '../../domain/models/level.js';
import type { LedgerEntry, LedgerKind } from '../../domain/models/ledger-entry.js';
import type { Coupon, CouponTemplate } from '../../domain/models/coupon.js';
import type { Store } from '../../domain/models/store.js';
import dayjs from 'dayjs';
import { BUSINESS_TZ } from '../../domain/clock.js';
import { KIND_NAMES } from './kind-names.js';
import type { ProgrammeRules } from '../../domain/models/programme.js';
import { benefitsText, discountText, toNextText } from './programme-replies.js';

export { discountText };

const when = (d: Date, format: string) => dayjs(d).tz(BUSINESS_TZ).format(format);
const yuan = (fen: number) => `¥${formatYuan(fen)}`;

export const MENU = [
  '会员服务，回复关键词即可：',
  '【查积分】积分和等级\u3000【查余额】储值余额',
  '【会员卡】卡号和权益\u3000【消费记录】最近消费',
  '【我的券】可用优惠券\u3000【签到】每日领积分',
  '【领卡】注册会员\u3000【绑定】绑定已有会员卡',
  '【解除绑定】\u3000【设置密码】卡号绑定用',
  '【门店】地址和电话\u3000【积分商城】积分换礼品',
  '【领券】领取优惠券\u3000【我的次卡】剩余次数',
  '【邀请码】邀请好友得积分\u3000【会员码】到店出示，免报手机号',
  '【投诉 内容】提意见或投诉\u3000【我的投诉】查看进度',
  '收到券码？直接发券码即可领取或兑换。',
].join('\n');

export const UNKNOWN = `没看懂这句话呢。\n${MENU}`;

export const WELCOME = {
  newcomer: `欢迎关注！🎉\n还不是会员？回复「领卡」免费注册，消费就能积分、享会员折扣。\n已有会员卡？回复「绑定」，用登记的手机号验证即可。\n\n${MENU}`,
  back: (m: Member) =>
    `欢迎回来，${m.name ?? '会员'}！您的会员卡（卡号 ${m.cardNumber}）已绑定，回复「菜单」查看全部功能。`,
};

export const NOT_BOUND =
  '您还没有绑定会员卡。回复「领卡」免费注册；已有会员卡请回复「绑定」，用手机号验证后即可绑定。';

/** A member code to show at the till: digits only, so it can be typed or scanned as it stands. */
export const memberCodeReply = (code: string, seconds: number) =>
  `您的会员码：\n${code}\n请在 ${seconds} 秒内出示给收银员，只能用一次；过期请再发「会员码」。`;

export const CANCELLED = '已取消。需要时再回复关键词即可。';

/** Said after answering a question asked in the middle of a dialog, which stays open. */
export const DIALOG_STILL_OPEN = '（刚才办理的事还没完成，可以接着回复；发送「取消」退出。）';

export function pointsReply(
  member: Member,
  level: Level | null,
  next: Level | null,
  rules: ProgrammeRules,
): string {
  const lines = [`当前积分：${member.points}`, `会员等级：${level?.name ?? '会员'}`];
  if (next) lines.push(toNextText(next, member, rules));
  else lines.push('您已是最高等级会员，感谢支持！');
  return lines.join('\n');
}

export function balanceReply(member: Member): string {
  return `储值余额：${yuan(member.balanceFen)}\n卡号：${member.cardNumber}`;
}

export function cardReply(member: Member, level: Level | null, rules: ProgrammeRules): string {
  return [
    `会员卡号：${member.cardNumber}`,
    `持卡人：${member.name ?? '会员'}（${maskPhone(member.phone)}）`,
    `等级：${level?.name ?? '会员'}，折扣：${discountText(level?.discountPercent ?? 100)}`,
    ...(level ? [`权益：${benefitsText(level, rules)}`] : []),
    `余额：${yuan(member.balanceFen)}\u3000积分：${member.points}`,
    ...(member.status === 'frozen' ? ['⚠️ 此卡已冻结，请联系门店'] : []),
  ].join('\n');
}

const num = (v: unknown) => Number(v ?? 0);
const signed = (fen: number) => `${fen < 0 ? '-' : '+'}${yuan(Math.abs(fen))}`;

/** What an entry did, in words and money: shared by 消费记录 and the agents' ticket view. */
export function entrySummary(e: LedgerEntry): string {
  const d = e.details;
  const parts = [KIND_NAMES[e.kind]];
  if (e.kind === 'consume') {
    parts.push(`${yuan(num(d.paidFen))}${d.paidOutside ? '（现金/其他）' : ''}`);
    if (num(d.couponDiscountFen)) parts.push(`用券 -${yuan(num(d.couponDiscountFen))}`);
    if (num(d.pointsUsed)) parts.push(`积分抵扣 -${yuan(num(d.pointsValueFen))}`);
  } else if (e.kind === 'recharge') {
    parts.push(signed(num(d.paidFen)));
    if (num(d.bonusFen)) parts.push(`赠送 ${yuan(num(d.bonusFen))}`);
  } else if (e.kind === 'coupon_use' || e.kind === 'gift_redeem') {
    const worth =
      d.couponType === 'cash'
        ? `（抵扣${yuan(num(d.valueFen))}）`
        : d.couponType === 'discount'
          ? `（${discountText(num(d.discountPercent))}）`
          : '';
    parts.push(`${String(d.giftName ?? '')}${worth}`);
  } else if (e.kind === 'count_card_sale' || e.kind === 'count_card_use') {
    parts.push(
      `${String(d.countCardName ?? '')} ${num(d.countCardUses) > 0 ? '+' : ''}${num(d.countCardUses)} 次`,
    );
    if (e.balanceDeltaFen) parts.push(signed(e.balanceDeltaFen));
  } else if (e.kind === 'reversal') {
    parts.push(`撤销${KIND_NAMES[d.originalKind as LedgerKind] ?? ''} ${String(e.reversesNo ?? '')}`);
    if (e.balanceDeltaFen) parts.push(`余额 ${signed(e.balanceDeltaFen)}`);
  } else if (e.balanceDeltaFen) {
    parts.push(signed(e.balanceDeltaFen));
  }
  if (e.pointsDelta !== 0) parts.push(`积分${e.pointsDelta > 0 ? '+' : ''}${e.pointsDelta}`);
  return parts.join(' ');
}

function entryLine(e: LedgerEntry): string {
  return `${when(e.at, 'MM-DD HH:mm')} ${entrySummary(e)} 余额${yuan(e.balanceAfterFen)}（${e.no}）`;
}

export function historyReply(entries: LedgerEntry[], asked: number): string {
  if (entries.length === 0) return '还没有消费记录。';
  const more =
    entries.length >= asked && asked < 20 ? `\n发送「消费记录 ${Math.min(20, asked * 2)}」查看更多。` : '';
  return `最近 ${entries.length} 条记录：\n${entries.map(entryLine).join('\n')}${more}`;
}

/** Where a coupon can be used, by store name. */
export function couponStoresText(c: Coupon, stores: Store[]): string {
  if (!c.storeIds.length) return '全部门店可用';
  const names = stores.filter((s) => c.storeIds.some((id) => id.equals(s._id))).map((s) => s.name);
  return `限${names.join('、')}使用`;
}

export function walletReply(coupons: Coupon[], toPickUp: Coupon[], stores: Store[]): string {
  const parts: string[] = [];
  if (coupons.length === 0) parts.push('您的券包里暂时没有可用的券。');
  else {
    const lines = coupons.map(
      (c) =>
        `· ${c.name}（${couponValue(c)}）券码 ${c._id}，${when(c.expiresAt, 'YYYY-MM-DD')} 前有效，${couponStoresText(c, stores)}`,
    );
    parts.push(`您有 ${coupons.length} 张可用的券：\n${lines.join('\n')}`);
  }
  if (toPickUp.length) {
    const lines = toPickUp.map(
      (c) => `· ${c.giftName ?? c.name} 券码 ${c._id}，${couponStoresText(c, stores)}`,
    );
    parts.push(`待领取的礼品（到店出示券码领取）：\n${lines.join('\n')}`);
  }
  return parts.join('\n\n');
}

export function couponValue(
  c: Pick<Coupon, 'type' | 'valueFen' | 'discountPercent' | 'minSpendFen' | 'giftName' | 'name'>,
): string {
  const min = c.minSpendFen > 0 ? `，满${yuan(c.minSpendFen)}可用` : '';
  if (c.type === 'cash') return `抵扣${yuan(c.valueFen)}${min}`;
  if (c.type === 'discount') return `${discountText(c.discountPercent)}${min}`;
  return `礼品：${c.giftName ?? c.name}`;
}

/** The coupons a member may claim now, by number. */
export function claimableReply(templates: CouponTemplate[]): string {
  if (!templates.length) return '现在没有可以领的券，活动开始时会通知您。';
  const lines = templates.map((t) => `· 编号 ${t.claimCode}  ${t.name}（${couponValue(t)}）`);
  return ['可以领取的券：', ...lines, `发送「领券 编号」领取，如：领券 ${templates[0]!.claimCode}`].join(
    '\n',
  );
}

/** The last day a coupon can be used, in the programme's time zone. */
export function couponExpiry(c: Coupon): string {
  return when(c.expiresAt, 'YYYY-MM-DD');
}

export function couponClaimedReply(c: Coupon): string {
  return `领取成功：${c.name}（${couponValue(c)}），${when(c.expiresAt, 'YYYY-MM-DD')} 前有效。发送「我的券」随时查看。`;
}

export function giftRedeemedReply(giftName: string, sn: string, entryNo: string, stores: Store[]): string {
  const where = stores.length
    ? `请到 ${stores.map((s) => `${s.name}（${s.address ?? ''}）`).join('、')} 领取`
    : '请到门店领取';
  return `兑换成功！礼品：${giftName}。${where}，向店员出示券码 ${sn}，店员核销后即可领走（兑换流水号 ${entryNo}）。`;
}

export function checkinReply(points: number, total: number): string {
  return `签到成功，积分 +${points}，当前积分 ${total}。明天继续哦～`;
}

/** Every store in one reply (WeChat shows a single message per answer), nearest first when known. */
export function storesReply(stores: Array<Store & { distanceM?: number }>): string {
  const distance = (m?: number) =>
    m === undefined
      ? ''
      : m < 1000
        ? `（约 ${Math.round(m / 10) * 10} 米）`
        : `（约 ${(m / 1000).toFixed(1)} 公里）`;
  return [
    stores.length > 1 ? `我们有 ${stores.length} 家门店：` : '门店信息：',
    ...stores.map((s, i) =>
      [
        `${stores.length > 1 ? `${i + 1}. ` : ''}${s.name}${distance(s.distanceM)}`,
        s.address && `   地址：${s.address}`,
        s.phone && `   电话：${s.phone}`,
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    ...(stores.some((s) => s.distanceM !== undefined) ? [] : ['发送您的位置，可按距离由近到远排列。']),
  ].join('\n');
}

export const REGISTER = {
  askPhone: '欢迎办理会员卡！请输入您的 11 位手机号（回复「取消」可随时退出）。',
  codeSent: (phone: string) => `验证码已发送到 ${maskPhone(phone)}，5 分钟内有效，请回复 6 位验证码。`,
  badCode: (left: number) => `验证码不对，请再核对一下（还可以再试 ${left} 次）。`,
  codeExpired: '验证码已失效，请重新发送「领卡」或「绑定」获取新的验证码。',
  codeLocked: '验证码错误次数过多，该手机号已锁定 30 分钟，请稍后再试。',
  askCode: '请回复短信里的 6 位数字验证码。',
  askName: '验证成功！请告诉我们您的称呼（如：张三）。',
  badName: '称呼请用 1–20 个字。',
  askBirthday: (perk: string | null) =>
    `您的生日是？格式如 1990-05-20${perk ? `，${perk}` : ''}；不想填请回复「跳过」。`,
  badBirthday: '生日格式请写成 1990-05-20，或回复「跳过」。',
  askGender: '您的性别？回复「男」或「女」，或回复「跳过」。',
  badGender: '请回复「男」、「女」或「跳过」。',
  done: (m: Member, level: Level | null) =>
    `🎉 开卡成功！\n卡号：${m.cardNumber}\n等级：${level?.name ?? '会员'}\n发送「会员卡」查看权益，「菜单」查看全部功能。`,
  alreadyHasCard: (m: Member) =>
    `该手机号已有会员卡（卡号 ${m.cardNumber}），已为您绑定，无需重新办理。发送「会员卡」查看。`,
  alreadyBound: (m: Member) => `您已绑定会员卡（卡号 ${m.cardNumber}），无需重复办理。发送「会员卡」查看。`,
};

export const BIND = {
  askRef:
    '请输入会员卡登记的 11 位手机号，我们会发验证码确认。（设置过卡密码的会员也可以输入 10 位卡号。）回复「取消」退出。',
  badRef: '请输入 11 位手机号或 10 位会员卡号。',
  alreadyBound: (m: Member) => `您已绑定会员卡（卡号 ${m.cardNumber}）。如需更换，请先发送「解除绑定」。`,
  noCardForPhone: '手机号验证成功，但它还没有会员卡。我们为您新办一张吧：',
  askCardPassword: '请输入这张卡的密码。',
  cardHasNoPassword: '这张卡没有设置密码，请改用手机号绑定：回复卡上登记的手机号。',
  badCardPassword: '卡密码不对，请重新输入，或回复「取消」改用手机号绑定。',
  passwordLocked: '卡密码错误次数过多，请 30 分钟后再试，或用手机号绑定。',
  done: (m: Member) => `绑定成功！卡号 ${m.cardNumber}，余额 ${yuan(m.balanceFen)}，积分 ${m.points}。`,
};

export const PASSWORD = {
  notBound: '请先绑定会员卡（回复「绑定」），再设置卡密码。',
  askNew: '请设置 6 位数字的卡密码（以后可以用「卡号 + 密码」绑定）。回复「取消」退出。',
  bad: '卡密码要 6 位数字，且不能是 111111、123456 这类太简单的数字，请重新输入。',
  askAgain: '请再输入一次，确认卡密码。',
  mismatch: '两次输入的不一样，请重新输入 6 位数字的卡密码。',
  done: '✅ 卡密码已设置。以后可以用「绑定」→ 卡号 → 卡密码 的方式绑定这张卡。请不要把密码告诉他人。',
};

export const UNBIND = {
  notBound: '您还没有绑定会员卡，无需解除。',
  confirm: (m: Member) =>
    `确认解除与卡号 ${m.cardNumber} 的绑定吗？解除后卡内余额和积分都会保留。回复「确认」解除，回复「取消」保留。`,
  done: '已解除绑定。卡内余额和积分都保留着，随时回复「绑定」即可重新绑定。',
  kept: '好的，绑定保持不变。',
};
