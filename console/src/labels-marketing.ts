// Chinese names for the programme's and marketing's codes (rounding, upgrade basis, coupon types,
// campaign and job states); read through nameOf so an unknown code reads 其他.
export const ROUNDING_NAMES: Record<string, string> = {
  floor: '不足 1 分舍去',
  round: '四舍五入',
  ceil: '不足 1 分按 1 分',
};

export const UPGRADE_BASIS_NAMES: Record<string, string> = {
  spend: '累计实付金额',
  points: '积分',
};

export const BIRTHDAY_SCOPE_NAMES: Record<string, string> = { day: '生日当天', month: '生日当月' };

export const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** The level job's states (bull's), as the owner reads its progress. */
export const JOB_STATE_NAMES: Record<string, string> = {
  waiting: '排队中',
  delayed: '排队中',
  active: '进行中',
  completed: '已完成',
  failed: '失败',
};

export const COUPON_TYPE_NAMES: Record<string, string> = {
  cash: '代金券',
  discount: '折扣券',
  gift: '礼品券',
};

export const COUPON_ATTRIBUTE_NAMES: Record<string, string> = {
  ordinary: '普通券',
  marketing: '营销券',
  care: '关怀券',
};

export const CAMPAIGN_STATE_NAMES: Record<string, string> = {
  scheduled: '待发送',
  running: '发送中',
  done: '已完成',
};
