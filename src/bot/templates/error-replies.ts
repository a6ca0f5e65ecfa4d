// One Chinese sentence per domain error code: what was wrong, and how to do it right.
import type { ErrorCode } from '../../domain/errors.js';

export const ERROR_REPLIES: Partial<Record<ErrorCode, string>> = {
  INVALID_AMOUNT: '金额格式不对，请写成 88 或 88.50 这样的数字（最多两位小数）。',
  AMOUNT_TOO_LARGE: '金额超过单笔上限，请分笔处理或联系店长。',
  INVALID_PHONE: '手机号格式不对，请输入 11 位手机号，如 13800138000。',
  MEMBER_NOT_FOUND: '没有找到这位会员，请核对手机号或卡号。',
  PHONE_TAKEN: '这个手机号已经办过会员卡了，回复「绑定」即可用手机号绑定。',
  CARD_FROZEN: '这张会员卡已冻结，暂时不能使用，请联系门店。',
  INSUFFICIENT_BALANCE: '卡内余额不足。',
  INSUFFICIENT_POINTS: '积分不足。',
  RATE_LIMITED: '尝试太频繁了，请稍后再试。',
  INVALID_SN: '券码有误（校验位对不上），请核对后重新输入，注意不要漏字或颠倒。',
  COUPON_NOT_FOUND: '没有找到这张券，请核对券码。',
  COUPON_USED: '这张券已经使用过了。',
  COUPON_EXPIRED: '这张券已过期。',
  COUPON_VOID: '这张券已作废。',
  COUPON_NOT_YOURS: '这张券属于其他会员，不能使用。',
  COUPON_ALREADY_YOURS: '这张券已经在您的券包里了，发送「我的券」查看。',
  COUPON_NOT_APPLICABLE: '这张券现在不能在这里使用。',
  ALREADY_CHECKED_IN: '今天已经签到过了，明天再来吧～',
  CONCURRENT_UPDATE: '系统繁忙，请稍后重试。',
  FORBIDDEN: '这个操作需要店长权限。',
  ENTRY_NOT_FOUND: '没有找到这个流水号，请核对（在收据上，8 位字母数字）。',
  ALREADY_REVERSED: '这笔流水已经冲正过了，不能重复冲正。',
  NOT_REVERSIBLE: '冲正流水本身不能再冲正。',
  ENTRY_OTHER_STORE: '这笔流水不是本店的，只能由原门店冲正。',
  STORE_NOT_FOUND: '没有这个门店编码，请核对。',
  IDEMPOTENCY_KEY_REUSED: '这条消息已用于另一项操作，请重新发送。',
  TICKET_NOT_FOUND: '没有找到这个工单编号，请核对。',
  TICKET_TAKEN: '这个工单已有同事在处理，如需接手请让对方「转单」。',
  TICKET_CLOSED: '这个工单已经结单了。',
  TICKET_LIMIT: '您已有 3 个处理中的投诉，我们会尽快回复；如需补充请发「补充 <编号> <内容>」。',
  NOT_ASSIGNEE: '这个工单不是由你负责的，请先「接单」或请负责人「转单」。',
};

export const GENERIC_ERROR = '抱歉，系统暂时出了点问题，请稍后再试。';
