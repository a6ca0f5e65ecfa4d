// Birthday care: on a member's birthday (Asia/Shanghai; 29 February on the 28th in other years) they get a
// greeting and, if one is set, a care coupon — once per member and year however often the job runs: the
// coupon is issued under a request key and the notice under a key of the same member and year.
import type { Types } from 'mongoose';
import { businessDay, now } from '../clock.js';
import { CareSettingModel, type CareSetting } from '../models/care-setting.js';
import { MemberModel, type Member } from '../models/member.js';
import type { Coupon } from '../models/coupon.js';
import { isBirthdayPurchase } from '../programme/programme-rules.js';
import { issueCoupons, requireTemplate } from '../coupons/coupon-service.js';
import type { NoticeService } from '../notifications/notice-service.js';

const BIRTHDAY = 'birthday';

export async function setBirthdayCoupon(templateId: Types.ObjectId | null): Promise<CareSetting> {
  if (templateId) await requireTemplate(templateId);
  const setting: CareSetting = { _id: BIRTHDAY, templateId, updatedAt: now() };
  await CareSettingModel.replaceOne({ _id: BIRTHDAY }, setting, { upsert: true });
  return setting;
}

export interface BirthdayRun {
  day: string;
  /** Members whose birthday it is. */
  birthdays: number;
  /** Greetings stored by this run (0 for a member greeted already this year). */
  greeted: number;
  /** Members with no chat account to greet (their coupon is in their wallet all the same). */
  unreachable: number;
}

export async function greetBirthdays(notices: NoticeService): Promise<BirthdayRun> {
  const at = now();
  const day = businessDay(at);
  const year = day.slice(0, 4);
  const setting = await CareSettingModel.findById(BIRTHDAY).lean<CareSetting>();
  // Once a day: a scan of the members who gave a birthday is acceptable here, never on a chat path.
  const members = (
    await MemberModel.find({ birthday: { $type: 'string' }, status: 'active' }).lean<Member[]>()
  ).filter((m) => isBirthdayPurchase(m.birthday, at, 'day'));
  let greeted = 0;
  let unreachable = 0;
  for (const member of members) {
    const key = `birthday:${String(member._id)}:${year}`;
    let coupon: Coupon | undefined;
    if (setting?.templateId) [coupon] = await issueCoupons(setting.templateId, 1, member._id, key);
    const outcome = await notices.notifyIfReachable(member._id, key, {
      kind: 'birthday',
      name: member.name ?? null,
      coupon: coupon ?? null,
    });
    if (outcome === 'unreachable') unreachable++;
    else if (outcome !== 'duplicate') greeted++;
  }
  return { day, birthdays: members.length, greeted, unreachable };
}
