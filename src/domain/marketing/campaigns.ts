// Campaigns: a segment, an optional coupon and a message, sent to each member once however often the run
// is repeated (the coupon under a request key of the campaign and member, the notice under the same key).
// Holiday care is a campaign with a date: the daily care job starts it that morning.
import { idFromKey } from '../key-id.js';
import { Types } from 'mongoose';
import { DomainError, isDomainError } from '../errors.js';
import { businessDay, now } from '../clock.js';
import { insertOnce } from '../insert-once.js';
import { CampaignModel, type Campaign, type CampaignCounts } from '../models/segment.js';
import type { Coupon } from '../models/coupon.js';
import { issueCoupons, requireTemplate } from '../coupons/coupon-service.js';
import type { NoticeService } from '../notifications/notice-service.js';
import { membersIn, requireSegment } from './segments.js';

export interface NewCampaign {
  /** The creating request's idempotency key. */
  key: string;
  name: string;
  segmentId: string;
  templateId?: string;
  message: string;
  sendOn?: string;
}

/** Creates a campaign once per key: a repeated request gets the campaign the first one made. */
export async function createCampaign(input: NewCampaign): Promise<{ campaign: Campaign; created: boolean }> {
  const segment = await requireSegment(input.segmentId);
  if (input.templateId) await requireTemplate(input.templateId);
  const campaign: Campaign = {
    _id: idFromKey('C', input.key),
    name: input.name,
    segmentId: segment._id,
    templateId: input.templateId ? new Types.ObjectId(input.templateId) : null,
    message: input.message,
    sendOn: input.sendOn ?? null,
    state: input.sendOn && input.sendOn > businessDay(now()) ? 'scheduled' : 'running',
    progress: 0,
    counts: { members: 0, notified: 0, unreachable: 0, couponsIssued: 0, couponRefused: 0 },
    createdAt: now(),
  };
  if (await insertOnce(CampaignModel, campaign)) return { campaign, created: true };
  return { campaign: await requireCampaign(campaign._id), created: false };
}

export async function requireCampaign(id: string): Promise<Campaign> {
  const campaign = await CampaignModel.findById(id).lean<Campaign>();
  if (!campaign) throw new DomainError('CAMPAIGN_NOT_FOUND', 'no such campaign');
  return campaign;
}

/** The campaigns sent to these segments, newest first (a console's list; the most recent 200). */
export async function campaignsFor(segmentIds: readonly Types.ObjectId[]): Promise<Campaign[]> {
  return CampaignModel.find({ segmentId: { $in: [...segmentIds] } })
    .sort({ createdAt: -1 })
    .limit(200)
    .lean<Campaign[]>();
}

/** Campaigns due to start today (holiday care). */
export async function campaignsDue(day = businessDay(now())): Promise<Campaign[]> {
  return CampaignModel.find({ state: 'scheduled', sendOn: { $lte: day } }).lean<Campaign[]>();
}

/** Sends the campaign to every member of its segment, reporting progress; safe to run again. */
export async function runCampaign(
  notices: NoticeService,
  id: string,
  onProgress?: (percent: number) => void,
): Promise<CampaignCounts> {
  const campaign = await requireCampaign(id);
  if (campaign.state === 'done') return campaign.counts;
  const segment = await requireSegment(String(campaign.segmentId));
  // One pass over the segment: the ids give the total for progress and the order to send in.
  const memberIds: Types.ObjectId[] = [];
  for await (const member of membersIn(segment.filter)) memberIds.push(member._id);
  const total = memberIds.length;
  const counts: CampaignCounts = {
    members: 0,
    notified: 0,
    unreachable: 0,
    couponsIssued: 0,
    couponRefused: 0,
  };
  const save = (progress: number, done = false) =>
    CampaignModel.updateOne(
      { _id: id },
      {
        $set: { progress, counts, state: done ? 'done' : 'running', ...(done ? { finishedAt: now() } : {}) },
      },
    );
  await save(0);
  for (const memberId of memberIds) {
    const key = `campaign:${id}:${String(memberId)}`;
    let coupon: Coupon | null = null;
    if (campaign.templateId) {
      try {
        [coupon = null] = await issueCoupons(campaign.templateId, 1, memberId, key);
        counts.couponsIssued++;
      } catch (err) {
        if (!isDomainError(err)) throw err;
        counts.couponRefused++;
      }
    }
    const told = await notices.notifyIfReachable(memberId, key, {
      kind: 'campaign',
      message: campaign.message,
      coupon,
    });
    if (told === 'unreachable') counts.unreachable = (counts.unreachable ?? 0) + 1;
    else counts.notified++;
    counts.members++;
    if (counts.members % 20 === 0) {
      const percent = Math.min(99, Math.round((counts.members / Math.max(total, 1)) * 100));
      onProgress?.(percent);
      await save(percent);
    }
  }
  await save(100, true);
  onProgress?.(100);
  return counts;
}
