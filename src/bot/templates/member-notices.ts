// What members are told of things done to their card, rendered from the domain's member events.
import type { MemberEvent } from '../../domain/notifications/member-event.js';
import type { LedgerEntry } from '../../domain/models/ledger-entry.js';
import { benefitText, discountText } from './programme-replies.js';
import { couponExpiry, couponValue } from './member-replies.js';
import {
  cardAfter,
  consumeFigures,
  countCardSaleFigures,
  countCardUseFigures,
  rechargeFigures,
  reversalFigures,
  signedPoints,
  when,
} from './staff-replies.js';

/** 张三 → 张*: the inviter learns who joined without the whole name reaching a notice. */
function maskName(name: string): string {
  return name.length <= 1 ? name : `${name[0]}${'*'.repeat(Math.min(name.length - 1, 2))}`;
}

function at(storeName: string | null): string {
  return storeName ? `在${storeName}` : '';
}

function entryNotice(e: LedgerEntry, storeName: string | null): string {
  switch (e.kind) {
    case 'consume':
      return [
        `【消费提醒】${when(e)} ${at(storeName)}消费`,
        ...consumeFigures(e),
        cardAfter(e),
        `流水号 ${e.no}`,
      ].join('\n');
    case 'recharge':
      return [
        `【充值提醒】${when(e)} ${at(storeName)}`,
        rechargeFigures(e),
        cardAfter(e),
        `流水号 ${e.no}`,
      ].join('\n');
    case 'count_card_sale':
      return [
        `【次卡购买】${when(e)} ${at(storeName)}`,
        ...countCardSaleFigures(e),
        cardAfter(e),
        `流水号 ${e.no}`,
      ].join('\n');
    case 'count_card_use':
      return `【次卡使用】${when(e)} ${at(storeName)}${countCardUseFigures(e)}。流水号 ${e.no}`;
    case 'reversal':
      return `【冲正提醒】流水 ${e.reversesNo} 已撤销。${reversalFigures(e)}。卡内现有：${cardAfter(e)}。流水号 ${e.no}`;
    case 'coupon_use':
    case 'gift_redeem':
      return `【用券提醒】${String(e.details.giftName ?? '优惠券')}（${String(e.details.sn ?? '')}）已${at(storeName)}核销。流水号 ${e.no}`;
    default: {
      const reason = e.details.reason ? `（${String(e.details.reason)}）` : '';
      return `【积分变动】积分 ${signedPoints(e.pointsDelta)}${reason}，当前积分 ${e.pointsAfter}。流水号 ${e.no}`;
    }
  }
}

export function renderMemberEvent(event: MemberEvent): string {
  switch (event.kind) {
    case 'entry':
      return entryNotice(event.entry, event.storeName);
    case 'upgrade':
      return `🎉【升级提醒】恭喜您升级为${event.level.name}！享${discountText(event.level.discountPercent)}，权益：${event.benefits.map(benefitText).join('、')}。`;
    case 'frozen':
      return `【会员卡冻结】您的会员卡已${at(event.storeName)}冻结，原因：${event.reason}。冻结期间不能消费和充值，如有疑问请联系门店。`;
    case 'unfrozen':
      return `【会员卡解冻】您的会员卡已${at(event.storeName)}解冻，可以正常使用了。`;
    case 'cardPasswordReset':
      return '【卡密码已重置】门店已为您清除会员卡密码。如需用卡号绑定，请在绑定后发送「设置密码」重新设置。';
    case 'couponsIssued': {
      const first = event.coupons[0]!;
      const count = event.coupons.length > 1 ? ` ${event.coupons.length} 张` : '一张';
      return `【领券提醒】您获得${count}${first.name}（${couponValue(first)}），${couponExpiry(first)} 前有效。发送「我的券」查看券码。`;
    }
    case 'birthday': {
      const gift = event.coupon
        ? `送您一张${event.coupon.name}（${couponValue(event.coupon)}），${couponExpiry(event.coupon)} 前有效，发送「我的券」查看。`
        : '感谢一路相伴。';
      return `🎂 ${event.name ?? '亲爱的会员'}，生日快乐！${gift}`;
    }
    case 'referralRewarded':
      return `🎁【邀请奖励】您邀请的${event.inviteeName ? `好友${maskName(event.inviteeName)}` : '好友'}已成为会员，奖励您 ${event.entry.pointsDelta} 积分，当前积分 ${event.entry.pointsAfter}。`;
    case 'campaign':
      return event.coupon
        ? `${event.message}\n🎫 送您一张${event.coupon.name}（${couponValue(event.coupon)}），${couponExpiry(event.coupon)} 前有效，发送「我的券」查看。`
        : event.message;
    case 'couponsEnding': {
      const list = event.coupons
        .map((c) => `${c.name}（${couponValue(c)}）${couponExpiry(c)} 到期`)
        .join('；');
      return `⏰【券即将到期】${list}。别忘了使用哦，发送「我的券」查看券码。`;
    }
    case 'pointsExpiring':
      return `⏰【积分即将过期】您有 ${event.points} 积分将于 ${event.by} 前过期（先得先过期）。发送「积分商城」看看能换什么吧。`;
    case 'cardReplaced':
      return `【补卡提醒】您的会员卡已${at(event.storeName)}补办，新卡号 ${event.cardNumber}，旧卡 ${event.oldCardNumber} 已作废。余额、积分和券都在新卡上。`;
    case 'giftPickedUp':
      return `【礼品领取】您兑换的${event.giftName}已${at(event.storeName)}领取，感谢支持！`;
  }
}
