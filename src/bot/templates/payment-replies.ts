// What a member reads about online recharge (线上充值).
import { formatYuan } from '../../domain/money.js';
import type { RechargeTier } from '../../domain/models/programme.js';

const yuan = (fen: number) => `¥${formatYuan(fen)}`;
const plain = (fen: number) => formatYuan(fen).replace(/\.00$/, '');

export const RECHARGE_ONLINE = {
  offer: (tiers: RechargeTier[], minFen: number, maxFen: number) =>
    [
      '线上充值，到账自动计入余额：',
      ...tiers.map((t) => `· 充 ${yuan(t.minFen)} 送 ${yuan(t.bonusFen)}`),
      `回复「充值 金额」，如「充值 ${plain(tiers[0]?.minFen ?? minFen)}」（${yuan(minFen)}–${yuan(maxFen)}）。`,
    ].join('\n'),
  badAmount: (minFen: number, maxFen: number) =>
    `金额请写 ${plain(minFen)} 到 ${plain(maxFen)} 之间的数字，如「充值 ${plain(minFen * 10)}」。`,
  pay: (amountFen: number, bonusFen: number, link: string) =>
    `充值 ${yuan(amountFen)}${bonusFen ? `，赠送 ${yuan(bonusFen)}` : ''}。请点击完成支付：\n${link}\n支付成功后余额自动到账，并会通知您。`,
  paid: '这笔充值已经支付过了，余额已到账。',
  closed: '这笔订单已关闭，请重新发送「充值 金额」。',
};
