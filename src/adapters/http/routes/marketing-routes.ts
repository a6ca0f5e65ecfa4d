// Tags, segments, campaigns and the daily coupon sweep over HTTP, for managers.
import { z } from 'zod';
import { requireMember } from '../../../domain/members/member-service.js';
import { allTags, changeTags, recomputeAutoTags, tagsOf } from '../../../domain/tags/tag-service.js';
import {
  createSegment,
  filterIsWithin,
  filterWithinStores,
  listSegments,
  requireSegment,
  segmentSize,
} from '../../../domain/marketing/segments.js';
import { requireStoresWithin, storesInScope } from '../../../domain/staff/roles.js';
import { requireTemplate } from '../../../domain/coupons/coupon-service.js';
import { DomainError } from '../../../domain/errors.js';
import type { Principal } from '../auth.js';
import { campaignsFor, createCampaign, requireCampaign } from '../../../domain/marketing/campaigns.js';
import { sweepCoupons } from '../../../domain/coupons/coupon-expiry.js';
import { expirePoints } from '../../../domain/points/points-expiry.js';
import type { Campaign, Segment, SegmentFilter } from '../../../domain/models/segment.js';
import { actorOf } from '../actor.js';
import { businessMoment, dayText, objectId, route } from '../route-table.js';

const tag = z.string().min(1).max(20);

const filter = z
  .object({
    levels: z.array(z.string().max(20)).max(20).optional().describe('level codes; any of them'),
    tags: z.array(tag).max(10).optional().describe('every one of them, manual or automatic'),
    storeIds: z.array(objectId).max(50).optional().describe('registered at one of these stores'),
    registeredFrom: businessMoment('start').optional(),
    registeredTo: businessMoment('end').optional(),
  })
  .strict();

/** A saved segment a store manager may use: one that reaches only their stores' members. */
async function segmentInScope(id: string, principal: Principal): Promise<Segment> {
  const segment = await requireSegment(id);
  if (!filterIsWithin(segment.filter, storesInScope(principal))) {
    throw new DomainError('NOT_STAFF_OF_STORE', 'this segment reaches members of stores you do not work for');
  }
  return segment;
}

function segmentView(s: Segment, size: number) {
  return { id: String(s._id), name: s.name, filter: s.filter, size };
}

function campaignView(c: Campaign) {
  return {
    id: c._id,
    name: c.name,
    segmentId: String(c.segmentId),
    templateId: c.templateId ? String(c.templateId) : null,
    sendOn: c.sendOn ?? null,
    state: c.state,
    progress: c.progress,
    counts: c.counts,
    finishedAt: c.finishedAt ? new Date(c.finishedAt).toISOString() : null,
  };
}

export const marketingRoutes = [
  route({
    method: 'get',
    path: '/api/members/:id/tags',
    summary: "The member's tags: a manager's and the automatic ones",
    tag: 'tags',
    roles: ['cashier', 'manager', 'agent'],
    async handler({ params }) {
      const t = await tagsOf((await requireMember(params.id!))._id);
      return { body: { tags: allTags(t), ...t } };
    },
  }),
  route({
    method: 'put',
    path: '/api/members/:id/tags',
    summary: "Add and remove a manager's tags on a member (audited)",
    tag: 'tags',
    roles: ['manager'],
    body: z
      .object({ add: z.array(tag).max(20).optional(), remove: z.array(tag).max(20).optional() })
      .strict(),
    async handler({ params, body, principal }) {
      const t = await changeTags(await requireMember(params.id!), body, actorOf(principal));
      return { body: { tags: allTags(t), ...t } };
    },
  }),
  route({
    method: 'post',
    path: '/api/tags/recompute',
    summary: 'Recompute every member’s automatic tags from the ledger now (the job does it nightly at 03:00)',
    tag: 'tags',
    roles: ['owner'],
    async handler() {
      return { body: await recomputeAutoTags() };
    },
  }),
  route({
    method: 'post',
    path: '/api/segments/preview',
    summary: 'How many active members a filter selects (a store manager’s: within their stores)',
    tag: 'segments',
    roles: ['manager'],
    scope: 'stores',
    body: filter,
    async handler({ body, principal }) {
      return {
        body: {
          size: await segmentSize(filterWithinStores(body as SegmentFilter, storesInScope(principal))),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/segments',
    summary: 'Save a segment (会员分群): a named filter on level, tags, store and registration dates',
    tag: 'segments',
    roles: ['manager'],
    scope: 'stores',
    body: z.object({ name: z.string().min(1).max(40), filter }).strict(),
    async handler({ body, principal }) {
      const within = filterWithinStores(body.filter as SegmentFilter, storesInScope(principal));
      const segment = await createSegment(body.name, within);
      return { status: 201, body: segmentView(segment, await segmentSize(segment.filter)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/segments',
    summary: 'The saved segments with their sizes now (a store manager’s: those within their stores)',
    tag: 'segments',
    roles: ['manager'],
    scope: 'stores',
    async handler({ principal }) {
      const scope = storesInScope(principal);
      const segments = (await listSegments()).filter((s) => filterIsWithin(s.filter, scope));
      return {
        body: {
          segments: await Promise.all(segments.map(async (s) => segmentView(s, await segmentSize(s.filter)))),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/segments/:id',
    summary: 'A segment with its size now',
    tag: 'segments',
    roles: ['manager'],
    scope: 'stores',
    async handler({ params, principal }) {
      const segment = await segmentInScope(params.id!, principal);
      return { body: segmentView(segment, await segmentSize(segment.filter)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/campaigns',
    summary:
      'A campaign: a segment, an optional coupon and a message, sent once per member through the notice queue, ' +
      'now or on sendOn (holiday care); a repeated request returns the same campaign',
    tag: 'campaigns',
    roles: ['manager'],
    scope: 'stores',
    idempotent: true,
    body: z
      .object({
        name: z.string().min(1).max(40),
        segmentId: objectId,
        templateId: objectId.optional(),
        message: z.string().min(1).max(500),
        sendOn: dayText.optional(),
      })
      .strict(),
    async handler({ body, principal, requestKey, services }) {
      await segmentInScope(body.segmentId, principal);
      if (body.templateId)
        requireStoresWithin(principal, (await requireTemplate(body.templateId)).storeIds, 'this coupon');
      const { campaign, created } = await createCampaign({
        ...body,
        key: requestKey.replace(/^http:/, 'c:'),
      });
      if (campaign.state === 'running') await services.campaigns.start(campaign._id);
      return {
        status: created ? 202 : 200,
        body: campaignView(campaign),
        ...(created ? {} : { headers: { 'Idempotent-Replayed': 'true' } }),
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/campaigns',
    summary:
      'The campaigns, newest first, with state, progress and counts (a store manager’s: those sent to ' +
      'segments within their stores)',
    tag: 'campaigns',
    roles: ['manager'],
    scope: 'stores',
    async handler({ principal }) {
      const scope = storesInScope(principal);
      const segments = (await listSegments()).filter((s) => filterIsWithin(s.filter, scope));
      const campaigns = await campaignsFor(segments.map((s) => s._id));
      return { body: { campaigns: campaigns.map(campaignView) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/campaigns/:id',
    summary: 'A campaign’s state, progress and result counts',
    tag: 'campaigns',
    roles: ['manager'],
    scope: 'stores',
    async handler({ params, principal }) {
      const campaign = await requireCampaign(params.id!);
      await segmentInScope(String(campaign.segmentId), principal);
      return { body: campaignView(campaign) };
    },
  }),
  route({
    method: 'post',
    path: '/api/coupons/sweep',
    summary:
      'Mark coupons past their end as expired and remind members of coupons ending within 3 days (daily at 09:00)',
    tag: 'coupons',
    roles: ['owner'],
    async handler({ services }) {
      return { body: await sweepCoupons(services.notices) };
    },
  }),
  route({
    method: 'post',
    path: '/api/points/expiry/run',
    summary:
      'Expire points older than the programme keeps them (oldest first) and announce the next 30 days’ (daily at 03:00)',
    tag: 'points',
    roles: ['owner'],
    async handler({ services }) {
      return { body: await expirePoints(services) };
    },
  }),
];
