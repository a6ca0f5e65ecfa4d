// 老带新 in words: a member's invite code, and what naming one gave.
import type { ReferralOutcome } from '../../domain/referrals/referral-service.js';
import type { ReferralRule } from '../../domain/models/programme.js';

export const INVITE = {
  myCode: (code: string, rule: ReferralRule) =>
    [
      `您的邀请码：${code}`,
      `好友注册时发送「领卡 ${code}」，或注册后 ${rule.withinDays} 天内发送「邀请码 ${code}」，`,
      `您得 ${rule.inviterPoints} 积分，好友得 ${rule.inviteePoints} 积分（每位新会员一次）。`,
    ].join('\n'),
  rewarded: ({ inviteeEntry, replayed }: ReferralOutcome) =>
    replayed
      ? '您已经填写过这个邀请码了，奖励已发放。'
      : inviteeEntry
        ? `✅ 邀请码已填写，您获得 ${inviteeEntry.pointsDelta} 积分，当前积分 ${inviteeEntry.pointsAfter}。邀请您的好友也获得了奖励，谢谢！`
        : '✅ 邀请码已填写，邀请您的好友获得了奖励，谢谢！',
  noted: (code: string) => `已记下邀请码 ${code}。`,
};
