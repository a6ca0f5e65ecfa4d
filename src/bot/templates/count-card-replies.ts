// A member's count cards in words.
import dayjs from 'dayjs';
import { BUSINESS_TZ } from '../../domain/clock.js';
import type { HeldCard } from '../../domain/count-cards/count-card-service.js';

export function myCountCardsReply(held: HeldCard[], at: Date): string {
  if (!held.length) return '您还没有次卡。到店可购买次卡套餐，每次服务核销一次。';
  const lines = held.map(({ card, remaining }) => {
    const expired = card.expiresAt && card.expiresAt <= at;
    const until = card.expiresAt
      ? `，${dayjs(card.expiresAt).tz(BUSINESS_TZ).format('YYYY-MM-DD')} ${expired ? '已过期' : '前有效'}`
      : '';
    return `· ${card.name}（${card.service}）剩余 ${remaining}/${card.uses} 次${until}`;
  });
  return ['您的次卡：', ...lines, '到店消费时告诉店员「核次」即可使用。'].join('\n');
}
