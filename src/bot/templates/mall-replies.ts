// The points mall in words: what can be exchanged, and what an exchange gave.
import type { MallItem } from '../../domain/models/mall.js';
import type { Exchange } from '../../domain/mall/mall-service.js';
import { couponExpiry, couponValue } from './member-replies.js';

export const EXCHANGE_USAGE = '请发送「兑换 编号」，如：兑换 1。发送「积分商城」查看编号。';

export function mallReply(items: Array<MallItem & { stockLeft: number }>, points: number | null): string {
  if (!items.length) return '积分商城暂时没有可兑换的礼品，敬请期待。';
  const lines = items.map((item) => {
    const short = points === null ? 0 : item.pointsPrice - points;
    const state =
      item.stockLeft === 0
        ? '（已兑完）'
        : points === null
          ? ''
          : short <= 0
            ? '  ✅ 可兑换'
            : `（还差 ${short} 积分）`;
    return `· 编号 ${item._id}  ${item.name} — ${item.pointsPrice} 积分${state}`;
  });
  const head = points === null ? '🎁 积分商城' : `🎁 积分商城（您有 ${points} 积分）`;
  return [head, ...lines, '发送「兑换 编号」兑换，如：兑换 ' + items[0]!._id].join('\n');
}

export function exchangedReply({ item, entry, coupon }: Exchange): string {
  const paid = `兑换成功：${item.name}，扣 ${-entry.pointsDelta} 积分，剩余 ${entry.pointsAfter} 积分。`;
  const until = `${couponExpiry(coupon)} 前有效`;
  if (coupon.type === 'gift') return `${paid}\n领取码 ${coupon._id}：到店出示即可领取（${until}）。`;
  return `${paid}\n${coupon.name}（${couponValue(coupon)}）券码 ${coupon._id} 已放入券包，${until}。`;
}
