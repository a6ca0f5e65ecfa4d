// The minutes tally slots are stamped with and folds close, in Beijing time (YYYY-MM-DDTHH:mm, which sorts
// as it runs). China keeps UTC+8 all year, so a minute's text converts to and from an instant directly.
import { now } from '../clock.js';

/** A minute is folded this long after it ends, so a slot stamped by a clock a little behind still lands first. */
export const FOLD_GRACE_MS = 5 * 60_000;
const MINUTE_MS = 60_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export function minuteOf(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}

const startOf = (minute: string) => Date.parse(`${minute}:00+08:00`);
export const dayOfMinute = (minute: string) => minute.slice(0, 10);

/** The last minute whose slots are all written: ended more than the grace ago. */
export const lastClosedMinute = () => minuteOf(new Date(now().getTime() - FOLD_GRACE_MS - MINUTE_MS));

/** Minutes after `after` up to `through`, both of one day. */
export function minutesBetween(after: string, through: string): string[] {
  const minutes: string[] = [];
  for (let t = startOf(after) + MINUTE_MS; t <= startOf(through); t += MINUTE_MS)
    minutes.push(minuteOf(new Date(t)));
  return minutes;
}

/** The day's last minute and the minute before the day's first, to split a span at midnight. */
export const lastMinuteOf = (day: string) => `${day}T23:59`;
export const minuteBefore = (day: string) => minuteOf(new Date(startOf(`${day}T00:00`) - MINUTE_MS));
