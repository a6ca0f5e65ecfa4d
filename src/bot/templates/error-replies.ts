// One Chinese sentence per domain error code: what was wrong, and how to do it right. The table is a
// complete Record, so a new code does not compile until it has words here (as it needs a status in
// src/adapters/http/error-mapping.ts).
import dayjs from 'dayjs';
import { BUSINESS_TZ } from '../../domain/clock.js';
import type { DomainError, ErrorCode } from '../../domain/errors.js';
import { formatYuan } from '../../domain/money.js';
import { frozenBecause } from './staff-replies.js';

type Details = Record<string, unknown>;
const yuan = (v: unknown) => `¥${formatYuan(Number(v ?? 0))}`;
const day = (v: unknown) =>
  dayjs(v as string)
    .tz(BUSINESS_TZ)
    .format('YYYY-MM-DD');

export const ERROR_REPLIES: Record<ErrorCode, string | ((d: Details) => string)> = {
  VALIDATION_FAILED: '输入的内容不对，请按提示的格式重新输入。',
  SIGN_IN_FAILED: '手机号或密码不对，请重新输入，或改用短信验证码登录。',
  STAFF_PHONE_TAKEN: '这个手机号已登记给另一位员工。',
  WEAK_PASSWORD: '密码至少 8 位，且不能全是数字或全是字母。',
  SESSION_CHECK_FAILED: '页面已过期，请刷新后重试。',
  UPLOAD_TOO_LARGE: '文件太大了，请分成几个小文件再导入。',
  INVALID_AMOUNT: '金额格式不对，请写成 88 或 88.50 这样的数字（最多两位小数）。',
  AMOUNT_TOO_LARGE: (d) => `金额超过单笔上限 ${yuan(d.maxFen)}，请分笔处理或联系店长。`,
  INVALID_PHONE: '手机号格式不对，请输入 11 位手机号，如 13800138000。',
  MEMBER_NOT_FOUND: '没有找到这位会员，请核对手机号或卡号。',
  PHONE_TAKEN: '这个手机号已经办过会员卡了，回复「绑定」即可用手机号绑定。',
  CARD_FROZEN: (d) =>
    d.reason
      ? `这张会员卡已冻结（${frozenBecause(d)}），解冻前不能使用。`
      : '这张会员卡已冻结，暂时不能使用，请联系门店。',
  INSUFFICIENT_BALANCE: (d) =>
    d.operation === 'reversal'
      ? `这笔充值已经用掉了：卡内余额 ${yuan(d.balanceFen)}，冲正要扣回 ${yuan(d.neededFen)}，不能冲正。请先冲正之后的消费，或与会员协商退款。`
      : `卡内余额不足：余额 ${yuan(d.balanceFen)}，本单需 ${yuan(d.neededFen)}。可先「充值」，或在指令末尾加「现金」改用现金/其他方式支付。`,
  INSUFFICIENT_POINTS: (d) => `积分不足：现有 ${Number(d.points ?? 0)} 积分，需要 ${Number(d.needed ?? 0)}。`,
  ENTRY_NOT_FOUND: '没有找到这个流水号，请核对（在收据上，8 位字母数字）。',
  ALREADY_REVERSED: '这笔流水已经冲正过了，不能重复冲正。',
  NOT_REVERSIBLE: '冲正流水本身不能再冲正。',
  ENTRY_OTHER_STORE: '这笔流水不是您所在门店的，只能由原门店的店长冲正。',
  IDEMPOTENCY_KEY_REQUIRED: '请求缺少幂等键（Idempotency-Key）。',
  IDEMPOTENCY_KEY_REUSED: '这条消息已用于另一项操作，请重新发送。',
  CONCURRENT_UPDATE: '系统繁忙，请稍后重试。',
  STORE_NOT_FOUND: '没有这个门店编码，请核对。',
  STORE_CODE_TAKEN: '这个门店编码已经被使用了。',
  STAFF_NOT_FOUND: '没有找到这位店员。',
  NOT_STAFF_OF_STORE: '您不是这家门店的店员。',
  UNAUTHENTICATED: '请先登录。',
  FORBIDDEN: (d) =>
    (
      ({
        admin: '只有管理员可以做这个操作。',
        owner: '这个操作需要总部权限。',
        agent: '只有客服可以做这个操作。',
        cashier: '这个操作需要收银员或店长。',
      }) as Record<string, string>
    )[String(d.role)] ?? '这个操作需要店长权限。',
  NOT_FOUND: '没有找到。',
  RATE_LIMITED: '尝试太频繁了，请稍后再试。',
  INVALID_SN: '券码有误（校验位对不上），请核对后重新输入，注意不要漏字或颠倒。',
  COUPON_NOT_FOUND: '没有找到这张券，请核对券码。',
  COUPON_USED: (d) =>
    d.pickedUpAt
      ? `这份礼品已于 ${dayjs(d.pickedUpAt as string)
          .tz(BUSINESS_TZ)
          .format('YYYY-MM-DD HH:mm')} ${d.storeName ? `在${String(d.storeName)}` : ''}领取过了。`
      : '这张券已经使用过了。',
  COUPON_EXPIRED: (d) => (d.expiresAt ? `这张券已于 ${day(d.expiresAt)} 过期。` : '这张券已过期。'),
  COUPON_VOID: '这张券已作废。',
  COUPON_NOT_YOURS: '这张券属于其他会员，不能使用。',
  COUPON_ALREADY_YOURS: '这张券已经在您的券包里了，发送「我的券」查看。',
  COUPON_NOT_APPLICABLE: (d) =>
    Array.isArray(d.storeNames) && d.storeNames.length
      ? `这张券只能在${(d.storeNames as string[]).join('、')}使用。`
      : '这张券现在不能在这里使用。',
  COUPON_NOT_YET_VALID: (d) => `这张券还没到使用时间，${day(d.validFrom)} 起可用。`,
  COUPON_IS_GIFT: '礼品券请用「核销 <券码>」兑换，不能抵扣消费。',
  COUPON_BELOW_MIN_SPEND: (d) =>
    `这张券要满 ${yuan(d.minSpendFen)} 才能用，本单折后 ${yuan(d.measuredFen)}，还差 ${yuan(Number(d.minSpendFen) - Number(d.measuredFen))}。`,
  COUPON_QUOTA_REACHED: '这张券已经发完了。',
  COUPON_MEMBER_LIMIT: (d) => `每位会员最多领 ${Number(d.perMemberLimit ?? 1)} 张，已经领过了。`,
  EXCLUDED_OVER_AMOUNT: '「不打折」的金额不能大于总金额。',
  ALREADY_CHECKED_IN: '今天已经签到过了，明天再来吧～',
  CHECKIN_DISABLED: '本店暂未开通签到积分。',
  MALL_ITEM_NOT_FOUND: '积分商城里没有这个编号，发送「积分商城」查看可兑换的礼品。',
  MALL_ITEM_CLOSED: (d) =>
    d.startsAt && new Date(String(d.startsAt)) > new Date()
      ? `这件礼品 ${day(d.startsAt)} 起才能兑换。`
      : '这件礼品的兑换已经结束了。',
  MALL_SOLD_OUT: '这件礼品已经兑换完了，看看别的吧～',
  MALL_MEMBER_LIMIT: (d) => `这件礼品每人最多兑换 ${Number(d.perMemberLimit ?? 1)} 次，您已经换过了。`,
  MALL_ITEM_EXISTS: '这个商城编号已经有礼品了。',
  CLAIM_CODE_TAKEN: '这个领券编号已经被别的券用了。',
  CLAIM_CODE_NOT_FOUND: '没有这个领券编号，发送「领券」查看可以领的券。',
  CLAIM_CLOSED: (d) =>
    d.claimFrom && new Date(String(d.claimFrom)) > new Date()
      ? `这张券 ${day(d.claimFrom)} 起才能领。`
      : '这张券的领取活动已经结束了。',
  CLAIM_NOT_FOR_LEVEL: (d) =>
    `这张券只发给${Array.isArray(d.levelNames) ? (d.levelNames as string[]).join('、') : '指定等级的会员'}。`,
  POINTS_PAYMENT_OFF: '本店暂未开通积分抵扣，请用储值或现金支付。',
  POINTS_PAYMENT_STEP: (d) =>
    `积分抵扣要按 ${Number(d.step)} 的整数倍来写，如「积分抵扣 ${Number(d.step) * 10}」。`,
  POINTS_PAYMENT_OVER_LIMIT: (d) =>
    `积分最多抵扣本单的 ${Number(d.maxSharePercent)}%，这一单最多可用 ${Number(d.maxPoints)} 积分。`,
  COUNT_CARD_PLAN_NOT_FOUND: '没有这个次卡套餐编号，请核对（管理后台可查看套餐列表）。',
  COUNT_CARD_PLAN_EXISTS: '这个次卡套餐编号已经有了。',
  COUNT_CARD_NOT_FOUND: (d) =>
    Array.isArray(d.services) && d.services.length
      ? `这位会员没有这个项目的次卡，现有次卡项目：${(d.services as string[]).join('、')}。`
      : '这位会员没有可用的次卡，可先「售次卡」。',
  COUNT_CARD_USED_UP: (d) =>
    Number(d.needed) > 1
      ? `次卡只剩 ${Number(d.remaining)} 次，退不回 ${Number(d.needed)} 次：已用的次数请先逐笔冲正。`
      : '这张次卡的次数已经用完了。',
  COUNT_CARD_EXPIRED: (d) => (d.expiresAt ? `这张次卡已于 ${day(d.expiresAt)} 过期。` : '这张次卡已过期。'),
  REFERRAL_OFF: '本店暂未开通邀请有礼。',
  REFERRAL_CODE_NOT_FOUND: '没有找到这个邀请码，请核对（6 位字母数字，如 K7M2XQ）。',
  REFERRAL_SELF: '不能填写自己的邀请码哦。',
  REFERRAL_CIRCULAR: '对方是您邀请来的，不能再填对方的邀请码。',
  REFERRAL_ALREADY: '您已经填写过邀请码了，每位会员只能填写一次。',
  REFERRAL_TOO_LATE: (d) => `邀请码需在注册后 ${Number(d.withinDays)} 天内填写，已经过期了。`,
  INVALID_TAG: '标签请用 1–20 个汉字、字母或数字，如：打标签 13800138000 爱喝咖啡。',
  CLAIM_NOT_FOR_TAGS: (d) =>
    `这张券只发给${Array.isArray(d.tags) ? (d.tags as string[]).map((t) => `「${t}」`).join('、') : '指定'}会员。`,
  CARD_REPLACED: (d) =>
    d.replacedAt
      ? `这张卡已于 ${day(d.replacedAt)} 挂失补办，旧卡号不能再用了，请用手机号或新卡号。`
      : '这个卡号没有在用，请用手机号或会员现在的卡号。',
  VERIFICATION_FAILED: (d) =>
    d.result === 'wrong'
      ? `验证码不对（还可以再试 ${Number(d.attemptsLeft)} 次）。`
      : d.result === 'locked'
        ? '验证码错误次数过多，请 30 分钟后再试。'
        : '验证码已失效，请重新获取。',
  MEMBER_CODE_EXPIRED: '会员码已过期，请让会员刷新后再出示。',
  MEMBER_CODE_USED: '这个会员码已经用过了，请让会员刷新后再出示。',
  MEMBER_CODE_INVALID: '会员码不对，请核对或让会员刷新后再出示。',
  SMS_THROTTLED: '验证码发送太频繁，请 1 分钟后再试。',
  SMS_UNAVAILABLE: '短信暂时发不出去，请稍后再试。',
  ONLINE_RECHARGE_OFF: '暂未开通线上充值，请到门店收银台充值。',
  REFUND_SPENT: (d) => `余额已用掉 ${yuan(d.spentFen)}，只能退 ${yuan(d.refundableFen)}，不能整笔退款。`,
  PAID_ONLINE: '这笔是微信支付的线上充值，请用「退款 <流水号> <原因>」退回微信，不能冲正。',
  ORDER_NOT_REFUNDABLE: (d) =>
    d.status === 'refunded' || d.status === 'refunding'
      ? '这笔线上充值已经退款了。'
      : '这笔线上充值还没有到账，不能退款。',
  SEGMENT_NOT_FOUND: '没有找到这个会员分群。',
  CAMPAIGN_NOT_FOUND: '没有找到这个营销活动。',
  TEMPLATE_NOT_FOUND: '没有找到这个券模板。',
  LEVEL_NOT_FOUND: '没有这个会员等级。',
  LEVEL_IN_USE: '还有会员在这个等级上，不能删除。',
  TICKET_NOT_FOUND: '没有找到这个工单编号，请核对。',
  TICKET_TAKEN: '这个工单已有同事在处理，如需接手请让对方「转单」。',
  TICKET_CLOSED: '这个工单已经结单了。',
  TICKET_LIMIT: '您已有 3 个处理中的投诉，我们会尽快回复；如需补充请发「补充 <编号> <内容>」。',
  NOT_ASSIGNEE: '这个工单不是由你负责的，请先「接单」或请负责人「转单」。',
};

export function errorReply(err: DomainError): string {
  const reply = ERROR_REPLIES[err.code];
  return typeof reply === 'function' ? reply(err.details ?? {}) : reply;
}

export const GENERIC_ERROR = '抱歉，系统暂时出了点问题，请稍后再试。';
