// Staff commands typed in a store's group chat, parsed by one pure function. Every malformed command
// gets the right form back.
import { parseAmountFen, toHalfWidth } from '../../domain/money.js';
import { isDomainError } from '../../domain/errors.js';
import { normalizeSn } from '../../domain/coupons/coupon-sn.js';

export type StaffCommand =
  | {
      kind: 'consume';
      memberRef: string;
      amountFen: number;
      excludedFen: number;
      couponSn?: string;
      paidOutside: boolean;
      note?: string;
    }
  | { kind: 'recharge'; memberRef: string; amountFen: number; note?: string }
  | { kind: 'points'; memberRef: string; points: number; reason?: string }
  | { kind: 'redeem'; sn: string }
  | { kind: 'reverse'; entryNo: string; reason?: string }
  | { kind: 'lookup'; memberRef: string }
  | { kind: 'report'; day?: string }
  | { kind: 'confirm' }
  | { kind: 'bindStore'; storeCode: string }
  | { kind: 'help' };

export type Parsed = { ok: true; command: StaffCommand } | { ok: false; usage: string; problem: string };

export const USAGE = {
  consume:
    '消费 <手机号|卡号> <金额> [券 <券码>] [现金] [不打折 <金额>] [备注 …]，如：消费 13800138000 88.5 券 ABCD2345EFGH',
  recharge: '充值 <手机号|卡号> <金额>，如：充值 13800138000 500',
  points: '积分 <手机号|卡号> <+N|-N> [原因]，如：积分 13800138000 +100 活动补录',
  redeem: '核销 <券码>，如：核销 ABCD2345EFGH',
  reverse: '冲正 <流水号> [原因]，如：冲正 K7M2QX9P 输错金额',
  lookup: '查 <手机号|卡号>，如：查 13800138000',
  report: '日报 [日期]，如：日报 或 日报 2026-11-20',
  bindStore: '绑定门店 <门店编码>，如：绑定门店 S001',
} as const;

const WORDS: Array<[StaffCommand['kind'], string[]]> = [
  ['bindStore', ['绑定门店', 'bindstore']],
  ['consume', ['消费', 'xf', 'consume']],
  ['recharge', ['充值', 'cz', 'recharge']],
  ['points', ['积分', 'jf', 'points']],
  ['redeem', ['核销', 'hx', 'redeem']],
  ['reverse', ['冲正', '撤销', 'cx', 'reverse']],
  ['report', ['日报', 'rb', 'report']],
  ['lookup', ['查询', '查', 'cha', 'lookup']],
  ['confirm', ['确认', '确定', 'confirm']],
  ['help', ['帮助', '菜单', 'help']],
];

/** Half-width, single-spaced, Chinese punctuation and ￥ separated from the numbers. */
export function tokenize(text: string): string[] {
  return toHalfWidth(text)
    .replace(/\u3000/g, ' ')
    .replace(/[，,。；;：:]/g, ' ')
    .replace(/[Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[＋]/g, '+')
    .replace(/[－—]/g, '-')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

const MEMBER_REF = /^(1[3-9]\d{9}|8\d{9})$/;

function refuse(kind: keyof typeof USAGE, problem: string): Parsed {
  return { ok: false, usage: USAGE[kind], problem };
}

function amount(text: string | undefined, maxFen: number): number | string {
  if (!text) return '缺少金额';
  try {
    return parseAmountFen(text, maxFen);
  } catch (err) {
    if (isDomainError(err, 'AMOUNT_TOO_LARGE')) return `金额 ${text} 超过单笔上限`;
    return `金额「${text}」不对，请写成 88 或 88.50`;
  }
}

/** Parses a staff command; null when the text is not one (so it can be chat between colleagues). */
export function parseStaffCommand(text: string, maxFen: number): Parsed | null {
  const tokens = tokenize(text);
  const first = tokens[0]?.toLowerCase();
  if (!first) return null;
  // The command word may be glued to its argument: "消费13800138000 88".
  let kind: StaffCommand['kind'] | undefined;
  for (const [k, words] of WORDS) {
    const word = words.find(
      (w) => first === w || (first.startsWith(w) && /^[\d+-]/.test(first.slice(w.length))),
    );
    if (word) {
      kind = k;
      if (first !== word) tokens.splice(0, 1, word, first.slice(word.length));
      break;
    }
  }
  if (!kind) return null;
  const args = tokens.slice(1);

  switch (kind) {
    case 'confirm':
      return { ok: true, command: { kind } };
    case 'help':
      return { ok: true, command: { kind } };
    case 'bindStore':
      return args[0] && /^[A-Za-z0-9_-]{2,20}$/.test(args[0])
        ? { ok: true, command: { kind, storeCode: args[0] } }
        : refuse(kind, '缺少门店编码');
    case 'lookup':
      return args[0] && MEMBER_REF.test(args[0])
        ? { ok: true, command: { kind, memberRef: args[0] } }
        : refuse(kind, '请写会员的 11 位手机号或 10 位卡号');
    case 'report': {
      const day = args[0]?.replace(/[/.]/g, '-');
      if (day === undefined) return { ok: true, command: { kind } };
      return /^\d{4}-\d{2}-\d{2}$/.test(day)
        ? { ok: true, command: { kind, day } }
        : refuse(kind, '日期请写成 2026-11-20');
    }
    case 'redeem': {
      const sn = args.length ? normalizeSn(args.join('')) : '';
      return sn ? { ok: true, command: { kind, sn } } : refuse(kind, '缺少券码');
    }
    case 'reverse': {
      const no = args[0]?.toUpperCase();
      if (!no || !/^[0-9A-Z]{6,12}$/.test(no)) return refuse(kind, '缺少流水号');
      const reason = args.slice(1).join(' ');
      return { ok: true, command: { kind, entryNo: no, ...(reason ? { reason } : {}) } };
    }
    case 'points': {
      if (!args[0] || !MEMBER_REF.test(args[0])) return refuse(kind, '请写会员的 11 位手机号或 10 位卡号');
      const n = args[1];
      if (!n || !/^[+-]\d{1,7}$/.test(n) || Number(n) === 0)
        return refuse(kind, '积分数要带 + 或 -，如 +100 或 -50');
      const reason = args.slice(2).join(' ');
      return {
        ok: true,
        command: { kind, memberRef: args[0], points: Number(n), ...(reason ? { reason } : {}) },
      };
    }
    case 'recharge': {
      if (!args[0] || !MEMBER_REF.test(args[0])) return refuse(kind, '请写会员的 11 位手机号或 10 位卡号');
      const fen = amount(args[1], maxFen);
      if (typeof fen === 'string') return refuse(kind, fen);
      if (args.length > 2 && args[2] !== '备注') return refuse(kind, `看不懂「${args.slice(2).join(' ')}」`);
      const note = args.slice(3).join(' ');
      return { ok: true, command: { kind, memberRef: args[0], amountFen: fen, ...(note ? { note } : {}) } };
    }
    case 'consume': {
      if (!args[0] || !MEMBER_REF.test(args[0])) return refuse(kind, '请写会员的 11 位手机号或 10 位卡号');
      const fen = amount(args[1], maxFen);
      if (typeof fen === 'string') return refuse(kind, fen);
      const command: Extract<StaffCommand, { kind: 'consume' }> = {
        kind,
        memberRef: args[0],
        amountFen: fen,
        excludedFen: 0,
        paidOutside: false,
      };
      for (let i = 2; i < args.length; i++) {
        const word = args[i]!;
        if (word === '券' || word === 'coupon') {
          if (!args[i + 1]) return refuse(kind, '「券」后面要写券码');
          command.couponSn = normalizeSn(args[++i]!);
        } else if (word === '现金' || word === 'cash') {
          command.paidOutside = true;
        } else if (word === '不打折') {
          const excluded = amount(args[++i], maxFen);
          if (typeof excluded === 'string') return refuse(kind, `不打折${excluded}`);
          command.excludedFen = excluded;
        } else if (word === '备注' || word === 'note') {
          const note = args.slice(i + 1).join(' ');
          if (note) command.note = note;
          break;
        } else {
          return refuse(kind, `看不懂「${word}」`);
        }
      }
      return { ok: true, command };
    }
  }
}
