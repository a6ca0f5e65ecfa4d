// The keywords members type, with their variants and English aliases: the one table to extend.
export const MEMBER_KEYWORDS = {
  help: ['帮助', '菜单', '功能', '?', 'help', 'menu', 'start', '/start', '/help'],
  points: ['查积分', '积分', '我的积分', '积分查询', '查询积分', 'points', '/points'],
  balance: ['查余额', '余额', '我的余额', '余额查询', '查询余额', 'balance', '/balance'],
  card: ['会员卡', '我的会员卡', '卡号', '会员信息', 'card', '/card'],
  history: ['消费记录', '记录', '流水', '账单', 'history', '/history'],
  coupons: ['我的券', '我的优惠券', '优惠券', '卡券', 'coupons', '/coupons'],
  register: ['领卡', '注册', '开卡', '办卡', 'register', 'signup', '/register'],
  bind: ['绑定', '绑卡', 'bind', '/bind'],
  unbind: ['解除绑定', '解绑', '取消绑定', 'unbind', '/unbind'],
  store: ['门店', '地址', '电话', '门店地址', '联系方式', 'store', 'stores', '/store'],
  checkin: ['签到', '每日签到', 'checkin', 'check in', '/checkin'],
  complain: ['投诉', '意见', '反馈', 'complain', '/complain'],
  supplement: ['补充'],
  myTickets: ['我的投诉', '投诉进度', '/tickets'],
} as const;

export type MemberIntent = keyof typeof MEMBER_KEYWORDS;

export const CANCEL_WORDS = ['取消', '退出', '算了', 'cancel', '/cancel'];
export const CONFIRM_WORDS = ['确认', '确定', '是', '是的', '好', 'yes', 'y', 'ok'];
export const SKIP_WORDS = ['跳过', '不填', '无', 'skip'];

export interface MatchedIntent<I extends string> {
  intent: I;
  /** What follows the keyword, e.g. "10" in "消费记录 10". */
  args: string;
}

/** Finds the keyword a normalised text starts with (longest variant first), with the rest as args. */
export function matchIntent<I extends string>(
  table: Record<I, readonly string[]>,
  text: string,
): MatchedIntent<I> | null {
  let best: MatchedIntent<I> | null = null;
  let bestLength = 0;
  for (const [intent, variants] of Object.entries(table) as Array<[I, readonly string[]]>) {
    for (const variant of variants) {
      if (variant.length <= bestLength) continue;
      if (text === variant) {
        best = { intent, args: '' };
        bestLength = variant.length;
      } else if (text.startsWith(variant)) {
        const rest = text.slice(variant.length);
        // "消费记录 10" and "消费记录10" take arguments; "积分商城" is not "积分" + "商城".
        if (rest.startsWith(' ') || /^\d/.test(rest)) {
          best = { intent, args: rest.trim() };
          bestLength = variant.length;
        }
      }
    }
  }
  return best;
}

export function isOneOf(text: string, words: readonly string[]): boolean {
  return words.includes(text);
}
