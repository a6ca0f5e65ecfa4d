// The words a person reads for the API's codes. Error sentences come from the service itself
// (`error.text`, the same table the chat answers from), ledger kinds from the chat's own table; these are
// the few other names the console shows.
export { KIND_NAMES } from '../../src/bot/templates/kind-names';

export const MEMBER_STATUS: Record<string, string> = { active: '正常', frozen: '冻结' };

export const TICKET_STATUS: Record<string, string> = {
  open: '待接单',
  assigned: '处理中',
  replied: '已回复',
  closed: '已结单',
};

export const ROLE_NAMES: Record<string, string> = {
  cashier: '收银员',
  manager: '店长',
  agent: '客服',
  owner: '总部',
  admin: '管理员',
};

export const CHANNEL_NAMES: Record<string, string> = {
  wechat: '微信公众号',
  wechaty: '微信群',
  telegram: '电报',
  http: '接口',
  console: '管理后台',
};

/** A name for a code, or a neutral word when the console does not know it yet (never the code itself). */
export function nameOf(table: Record<string, string>, code: string | null | undefined): string {
  return (code && table[code]) || '其他';
}

const FALLBACK: Record<string, string> = {
  UNAUTHENTICATED: '登录已过期，请重新登录。',
  FORBIDDEN: '您的账号没有这个权限。',
  RATE_LIMITED: '尝试太频繁了，请稍后再试。',
  VALIDATION_FAILED: '输入的内容不对，请按提示的格式重新输入。',
  NOT_FOUND: '没有找到。',
};

/** The sentence for a failed call: the service's own Chinese text, else a short one by code. */
export function errorText(code: string, text?: unknown): string {
  if (typeof text === 'string' && text) return text;
  return FALLBACK[code] ?? '操作没有成功，请稍后重试。';
}
