// The programme in words: levels, benefits and rules, always rendered from the stored rules so that no
// sentence promises what the programme does not give.
import { formatYuan } from '../../domain/money.js';
import type { Programme } from '../../domain/programme/programme-service.js';
import type { ProgrammeRules, LevelRule } from '../../domain/models/programme.js';
import {
  benefitsOf,
  neededForNext,
  type Benefit,
  type Standing,
} from '../../domain/programme/programme-rules.js';

const yuan = (fen: number) => `¥${formatYuan(fen)}`;
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function discountText(percent: number): string {
  if (percent >= 100) return '无折扣';
  const zhe = percent % 10 === 0 ? String(percent / 10) : (percent / 10).toFixed(1);
  return `${zhe}折`;
}

function timesText(multiplier: number): string {
  return multiplier === 2 ? '双倍' : `${multiplier} 倍`;
}

export function pointsRateText(fenPerPoint: number): string {
  return fenPerPoint >= 100 && fenPerPoint % 100 === 0
    ? `每消费 ${fenPerPoint / 100} 元积 1 分`
    : `每消费 ${yuan(fenPerPoint)} 积 1 分`;
}

export function benefitText(b: Benefit): string {
  switch (b.kind) {
    case 'points':
      return pointsRateText(b.fenPerPoint);
    case 'discount':
      return `消费${discountText(b.percent)}`;
    case 'birthday':
      return `${b.scope === 'day' ? '生日当天' : '生日当月'}消费${timesText(b.multiplier)}积分`;
    case 'doublePoints': {
      const days = [...b.weekdays.map((d) => WEEKDAYS[d]), ...b.dates].join('、');
      return `${days}消费${timesText(b.multiplier)}积分`;
    }
    case 'text':
      return b.text;
  }
}

export function benefitsText(level: LevelRule, rules: ProgrammeRules): string {
  return benefitsOf(level, rules).map(benefitText).join('、');
}

/** What reaching a level takes, in the basis the programme uses. */
export function thresholdText(threshold: number, rules: ProgrammeRules): string {
  return rules.upgradeBasis === 'spend' ? `累计实付满 ${yuan(threshold)}` : `积分达到 ${threshold}`;
}

/** How far the member is from the next level; the amount is what they pay after discounts. */
export function toNextText(next: LevelRule, standing: Standing, rules: ProgrammeRules): string {
  const needed = neededForNext(next, standing, rules);
  return rules.upgradeBasis === 'spend'
    ? `再累计实付 ${yuan(needed)}（折后金额）可升级为${next.name}`
    : `再获得 ${needed} 积分可升级为${next.name}`;
}

export function levelsReply({ levels, rules }: Programme): string {
  return [
    '会员等级：',
    ...levels.map(
      (l) =>
        `· ${l.name}（${l.code}）${l.threshold ? thresholdText(l.threshold, rules) : '入会即享'}：${benefitsText(l, rules)}`,
    ),
  ].join('\n');
}

export function rulesReply(programme: Programme): string {
  const { rules, version } = programme;
  const tiers = rules.rechargeTiers.length
    ? rules.rechargeTiers.map((t) => `充 ${yuan(t.minFen)} 送 ${yuan(t.bonusFen)}`).join('；')
    : '无';
  const rounding = { floor: '不足 1 分的部分舍去', round: '四舍五入', ceil: '不足 1 分按 1 分' }[
    rules.rounding
  ];
  const birthday = birthdayPerkText(programme) ?? '无';
  const double =
    rules.doublePoints.multiplier > 1 &&
    (rules.doublePoints.dates.length || rules.doublePoints.weekdays.length)
      ? benefitText({ kind: 'doublePoints', ...rules.doublePoints })
      : '无';
  return [
    `积分规则（${version ? `第 ${version} 版` : '默认'}）：`,
    `积分：${pointsRateText(rules.fenPerPoint)}，${rounding}`,
    `升级：按${rules.upgradeBasis === 'spend' ? '累计实付金额' : '积分'}`,
    `充值赠送：${tiers}`,
    `生日：${birthday}`,
    `多倍积分日：${double}`,
    `签到：${rules.checkinPoints ? `每天 ${rules.checkinPoints} 积分` : '未开启'}`,
    `积分抵扣：${pointsPaymentText(rules.pointsPayment)}`,
    `老带新：${referralText(rules.referral)}`,
    `积分有效期：${rules.pointsExpiry.months ? `获得后 ${rules.pointsExpiry.months} 个月，先得先过期` : '长期有效'}`,
  ].join('\n');
}

export function pointsPaymentText({
  pointsPerYuan,
  maxSharePercent,
}: ProgrammeRules['pointsPayment']): string {
  if (maxSharePercent <= 0) return '未开启';
  return `${pointsPerYuan} 积分抵 1 元，最多抵扣每单的 ${maxSharePercent}%`;
}

export function referralText({
  inviterPoints,
  inviteePoints,
  withinDays,
}: ProgrammeRules['referral']): string {
  if (!inviterPoints && !inviteePoints) return '未开启';
  return `邀请人得 ${inviterPoints} 积分，新会员得 ${inviteePoints} 积分（注册后 ${withinDays} 天内填写邀请码）`;
}

/** The birthday benefit as a promise at registration, or null when the programme gives none. */
export function birthdayPerkText({ rules, levels }: Programme): string | null {
  const { multiplier, scope, levelCodes } = rules.birthday;
  if (multiplier <= 1) return null;
  const who = levelCodes.length
    ? `（${levels
        .filter((l) => levelCodes.includes(l.code))
        .map((l) => l.name)
        .join('、')}）`
    : '';
  return `${scope === 'day' ? '生日当天' : '生日当月'}消费${timesText(multiplier)}积分${who}`;
}

export const RECOMPUTE = {
  started: (jobId: string) => `已开始按当前等级规则更新全部会员等级（任务 ${jobId}），完成后会在本群通知。`,
  done: (checked: number, upgraded: number, told: number) =>
    `✅ 等级更新完成：检查 ${checked} 位会员，${upgraded} 位升级` +
    (upgraded === 0
      ? '。'
      : told === upgraded
        ? '（已通知本人）。'
        : `，已通知 ${told} 位（其余 ${upgraded - told} 位没有可联系的聊天账号）。`),
};
