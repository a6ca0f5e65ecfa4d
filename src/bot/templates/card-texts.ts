// The words on a WeChat member card: its perks by level, and the one-line notes of what changed
// (record_bonus / record_balance, at most 14 characters each).
import { formatYuan } from '../../domain/money.js';
import type { CardDesign, CardFigures } from '../../domain/cards/card-platform.js';
import { KIND_NAMES } from './kind-names.js';

const NOTE_MAX = 14;
const clip = (text: string) => [...text].slice(0, NOTE_MAX).join('');

export function cardPerks(design: CardDesign): string {
  const levels = design.levels.map((l) =>
    l.discountPercent < 100 ? `${l.name}：${l.discountPercent / 10} 折` : `${l.name}：积分累计`,
  );
  return ['会员等级与折扣', ...levels, '到店出示会员码，消费自动积分。'].join('\n');
}

export const CARD_TITLE = '会员卡';
export const CARD_NOTICE = '结账时出示会员码';
export const CARD_DESCRIPTION = '积分和储值余额随每笔消费自动更新。';

/** The notes beside the figures, for the entry that made them; absent when that figure did not move. */
export function cardNotes(figures: CardFigures): { pointsNote?: string; balanceNote?: string } {
  const last = figures.last;
  if (!last) return {};
  const name = KIND_NAMES[last.kind];
  const money = last.balanceDeltaFen;
  return {
    ...(last.pointsDelta
      ? { pointsNote: clip(`${name} ${last.pointsDelta > 0 ? '+' : ''}${last.pointsDelta}`) }
      : {}),
    ...(money
      ? { balanceNote: clip(`${name} ${money > 0 ? '+' : '-'}¥${formatYuan(Math.abs(money))}`) }
      : {}),
  };
}

export const CARD_OFFER = (url: string) => `领取微信会员卡，放进卡包随时出示：\n${url}`;

export const CARD_CHAT = {
  activated: (cardNumber: string) =>
    `微信会员卡已激活（卡号 ${cardNumber}），积分和余额会随每笔消费自动更新。`,
  askPhone: '会员卡已放进卡包。回复您的手机号，收到验证码后即可激活；也可以在卡包里打开会员卡点「激活」。',
  activatedAfterRegistering: '微信会员卡也已激活。',
};
