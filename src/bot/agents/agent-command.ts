// Support agents' commands, parsed by one pure function.
import { toHalfWidth } from '../../domain/money.js';

export type AgentCommand =
  | { kind: 'list' }
  | { kind: 'show'; ticketNo: string }
  | { kind: 'take'; ticketNo: string }
  | { kind: 'reply'; ticketNo: string; text: string }
  | { kind: 'close'; ticketNo: string; note?: string }
  | { kind: 'transfer'; ticketNo: string; colleague: string };

export const AGENT_USAGE = {
  take: '接单 <编号>，如：接单 T7K2QX',
  reply: '回复 <编号> <内容>，如：回复 T7K2QX 您好，积分已补录',
  close: '结单 <编号> [说明]，如：结单 T7K2QX 已补录积分',
  transfer: '转单 <编号> <同事姓名>，如：转单 T7K2QX 客服小李',
  show: '工单 [编号]',
} as const;

export type ParsedAgent = { ok: true; command: AgentCommand } | { ok: false; usage: string };

const TICKET = /^t?[2-9a-hj-km-np-z]{5}$/i;

/** Null when the text is not an agent command. */
export function parseAgentCommand(text: string): ParsedAgent | null {
  const normalized = toHalfWidth(text)
    .replace(/\u3000/g, ' ')
    .trim();
  const [word, no, ...rest] = normalized.split(/\s+/);
  const ticketNo = no && TICKET.test(no) ? no.toUpperCase().replace(/^(?!T)/, 'T') : undefined;
  const tail = rest.join(' ').trim();
  switch (word) {
    case '工单':
      if (!no) return { ok: true, command: { kind: 'list' } };
      return ticketNo
        ? { ok: true, command: { kind: 'show', ticketNo } }
        : { ok: false, usage: AGENT_USAGE.show };
    case '接单':
      return ticketNo
        ? { ok: true, command: { kind: 'take', ticketNo } }
        : { ok: false, usage: AGENT_USAGE.take };
    case '回复':
      return ticketNo && tail
        ? { ok: true, command: { kind: 'reply', ticketNo, text: tail } }
        : { ok: false, usage: AGENT_USAGE.reply };
    case '结单':
      return ticketNo
        ? { ok: true, command: { kind: 'close', ticketNo, ...(tail ? { note: tail } : {}) } }
        : { ok: false, usage: AGENT_USAGE.close };
    case '转单':
      return ticketNo && tail
        ? { ok: true, command: { kind: 'transfer', ticketNo, colleague: tail } }
        : { ok: false, usage: AGENT_USAGE.transfer };
    default:
      return null;
  }
}
