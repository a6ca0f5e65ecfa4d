// The keywords members type, with their variants and English aliases: the one table to extend.
export const MEMBER_KEYWORDS = {
  help: ['帮助', '菜单', '功能', '?', 'help', 'menu', 'start', '/start', '/help'],
  welcome: ['/subscribe'],
  points: ['查积分', '积分', '我的积分', '积分查询', '查询积分', '积分余额', '会员积分', 'points', '/points'],
  balance: [
    '查余额',
    '余额',
    '我的余额',
    '余额查询',
    '查询余额',
    '储值',
    '储值余额',
    '卡内余额',
    '卡里',
    '卡里的钱',
    '卡上',
    '卡上的钱',
    '钱',
    'balance',
    '/balance',
  ],
  card: [
    '会员卡',
    '我的会员卡',
    '卡号',
    '会员信息',
    '会员卡号',
    '会员等级',
    '等级',
    '会员权益',
    '权益',
    'card',
    '/card',
  ],
  history: [
    '消费记录',
    '记录',
    '流水',
    '账单',
    '消费明细',
    '明细',
    '交易记录',
    '消费',
    'history',
    '/history',
  ],
  coupons: ['我的券', '我的优惠券', '优惠券', '卡券', '券', '代金券', '券包', 'coupons', '/coupons'],
  register: ['领卡', '注册', '开卡', '办卡', 'register', 'signup', '/register'],
  bind: ['绑定', '绑卡', 'bind', '/bind'],
  unbind: ['解除绑定', '解绑', '取消绑定', 'unbind', '/unbind'],
  setPassword: ['设置密码', '设置卡密码', '修改密码', '修改卡密码', '卡密码', '改密码', '/password'],
  store: [
    '门店',
    '地址',
    '电话',
    '门店地址',
    '门店电话',
    '联系方式',
    '店在哪',
    '在哪里',
    '在哪',
    '怎么走',
    '营业时间',
    'store',
    'stores',
    '/store',
  ],
  mall: ['积分商城', '商城', '积分兑换', '兑换礼品', 'mall', '/mall'],
  exchange: ['兑换', 'exchange', '/exchange'],
  claim: ['领券', '领优惠券', '/claim'],
  invite: ['邀请码', '我的邀请码', '邀请好友', '/invite'],
  countCards: ['我的次卡', '次卡', '计次卡', '我的套餐', '/countcards'],
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

// Ways people ask around a keyword: "查一下积分", "积分还有多少", "我有多少积分？". Stripped only when the
// text as typed matches no keyword, and only to find a keyword exactly: "积分商城" never becomes "积分".
const ASKING_PREFIX =
  /^(请|麻烦)?(帮我|给我)?(你们|现在|目前|最近的|最近)?(我要|我想|想要|想|要|怎么|如何)?(查一下|查一查|查下|查查|查询|查|看一下|看一看|看下|看看|告诉我)?(我的|我)?(还)?(有多少|剩多少|还有多少|有哪些|是什么)?/;
const ASKING_SUFFIX =
  /(是多少|还有多少钱|还有多少|有多少|还剩多少|剩多少|多少钱|多少|查询|怎么查|在哪|在哪里|是什么|有哪些|还有|还剩)$/;
const TRAILING_PARTICLES = /[吗呢啊呀吧嘛哦]+$/;

/** The keyword a question is about, or the text unchanged when it is no common phrasing. */
export function foldPhrasing(text: string): string {
  let t = text.replace(/\s+/g, '').replace(/[?？!！。.~～]+$/, '');
  // Each step keeps what it would strip away entirely: "在哪里" is itself the question.
  for (const asking of [TRAILING_PARTICLES, ASKING_PREFIX, ASKING_SUFFIX, /的$/]) {
    t = t.replace(asking, '') || t;
  }
  return t;
}

/** Like matchIntent, and when nothing matches, tries the text with its asking words folded away. */
export function matchPhrasing<I extends string>(
  table: Record<I, readonly string[]>,
  text: string,
): MatchedIntent<I> | null {
  const direct = matchIntent(table, text);
  if (direct) return direct;
  const folded = foldPhrasing(text);
  if (!folded || folded === text) return null;
  const found = matchIntent(table, folded);
  return found && found.args === '' ? found : null;
}

export function isOneOf(text: string, words: readonly string[]): boolean {
  return words.includes(text);
}
