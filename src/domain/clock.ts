// Business time: Asia/Shanghai days and months for grouping, and a clock tests can move.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const BUSINESS_TZ = 'Asia/Shanghai';

let offsetMs = 0;

/** The current time; tests shift it with `shiftClock` instead of waiting. */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function shiftClock(ms: number): void {
  offsetMs += ms;
}

export function resetClock(): void {
  offsetMs = 0;
}

/** YYYY-MM-DD in Asia/Shanghai. */
export function businessDay(at: Date): string {
  return dayjs(at).tz(BUSINESS_TZ).format('YYYY-MM-DD');
}

/** YYYY-MM in Asia/Shanghai. */
export function businessMonth(at: Date): string {
  return dayjs(at).tz(BUSINESS_TZ).format('YYYY-MM');
}
