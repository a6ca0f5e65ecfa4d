// Every morning at 09:00 Beijing time: birthday greetings, with the care coupon if one is set. Running it
// again the same day (a retry, a second instance) sends nothing twice.
import { BUSINESS_TZ } from '../domain/clock.js';
import { greetBirthdays } from '../domain/care/birthday-care.js';
import type { JobPlugin } from './job-plugin.js';

export const birthdayCareJob: JobPlugin = {
  name: 'birthday-care',
  schedules: () => [{ id: 'birthday-care', data: {}, schedule: { cron: '0 9 * * *', tz: BUSINESS_TZ } }],
  process: (_job, { notices }) => greetBirthdays(notices),
};
