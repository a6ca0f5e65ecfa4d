// How a person reads money and time: ¥ with two decimals from integer fen, Beijing time always.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);
const ZONE = 'Asia/Shanghai';

export function yuan(fen: number | null | undefined): string {
  const value = Number(fen ?? 0);
  const sign = value < 0 ? '-' : '';
  return `${sign}¥${(Math.abs(value) / 100).toFixed(2)}`;
}

/** A signed amount for history rows: +¥5.00 / -¥8.80. */
export function signedYuan(fen: number): string {
  return `${fen < 0 ? '-' : '+'}¥${(Math.abs(fen) / 100).toFixed(2)}`;
}

export function beijingTime(at: string | Date | null | undefined): string {
  return at ? dayjs(at).tz(ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

export function beijingDate(at: string | Date | null | undefined): string {
  return at ? dayjs(at).tz(ZONE).format('YYYY-MM-DD') : '—';
}

/** This month in Beijing, as the report API wants it (YYYY-MM). */
export function thisMonth(): string {
  return dayjs().tz(ZONE).format('YYYY-MM');
}

/** Yuan text a person typed ("88.5") to whole fen, or null when it is not an amount. */
export function fenOf(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
