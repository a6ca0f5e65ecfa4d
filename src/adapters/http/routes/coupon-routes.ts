// Coupon templates and issuing SNs; looking a coupon up by SN.
import { Types } from 'mongoose';
import { z } from 'zod';
import {
  createTemplate,
  findCoupon,
  issueCouponsAndTell,
  listTemplates,
  requireTemplate,
} from '../../../domain/coupons/coupon-service.js';
import { requireStoresWithin, storesInScope } from '../../../domain/staff/roles.js';
import { COUPON_ATTRIBUTES, COUPON_TYPES } from '../../../domain/models/coupon.js';
import { couponView, entryView, memberView, templateView } from '../views.js';
import { requireMember } from '../../../domain/members/member-service.js';
import { claimByCode } from '../../../domain/coupons/claimable-coupons.js';
import { businessMoment, objectId, route, storeField } from '../route-table.js';
import { checkoutAnswer, checkoutRequest } from './ledger-routes.js';
import { countSnLookup } from '../../../domain/checkout/redeem-at-counter.js';
import { walletOf } from '../../../domain/coupons/coupon-wallet.js';

export const couponRoutes = [
  route({
    method: 'post',
    path: '/api/coupon-templates',
    summary:
      'Create a coupon template (discount, cash or gift); a store manager’s is valid at their stores only',
    tag: 'coupons',
    roles: ['manager'],
    scope: 'stores',
    body: z.object({
      name: z.string().min(1).max(50),
      attribute: z.enum(COUPON_ATTRIBUTES).default('ordinary'),
      type: z.enum(COUPON_TYPES),
      valueFen: z.number().int().min(0).max(10_000_000).default(0),
      discountPercent: z.number().int().min(1).max(100).default(100),
      giftName: z.string().max(50).optional(),
      minSpendFen: z.number().int().min(0).default(0),
      // A day (YYYY-MM-DD) means the whole of that day in the programme's time zone.
      validFrom: businessMoment('start').optional(),
      validTo: businessMoment('end').optional(),
      validDays: z.number().int().min(1).max(3650).optional(),
      storeIds: z.array(objectId).default([]),
      totalQuota: z.number().int().min(1).max(10_000_000).optional(),
      perMemberLimit: z.number().int().min(1).max(1000).optional(),
      claimCode: z
        .string()
        .regex(/^\d{1,6}$/, 'the number members type, 1 to 6 digits')
        .optional(),
      audienceLevels: z.array(z.string().min(1).max(20)).max(20).default([]),
      audienceTags: z
        .array(z.string().min(1).max(20))
        .max(20)
        .default([])
        .describe('claimable by members with one of these tags'),
      claimFrom: businessMoment('start').optional(),
      claimTo: businessMoment('end').optional(),
    }),
    async handler({ body, principal }) {
      const storeIds = body.storeIds.map((s) => new Types.ObjectId(s));
      requireStoresWithin(principal, storeIds, 'a coupon valid at every store, or at another store,');
      const template = await createTemplate({ ...body, storeIds });
      return { status: 201, body: templateView(template) };
    },
  }),
  route({
    method: 'get',
    path: '/api/coupon-templates',
    summary:
      'The coupon templates usable at your stores (a store manager’s: theirs and the chain-wide ones), ' +
      'newest first, each with how many coupons are out; claimable ones have a claimCode',
    tag: 'coupons',
    roles: ['manager'],
    scope: 'stores',
    async handler({ principal }) {
      const templates = await listTemplates(storesInScope(principal));
      return { body: { templates: templates.map((t) => ({ ...templateView(t), issued: t.issued })) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/coupon-templates/:id/issue',
    summary:
      "Issue coupons: to a member's wallet, or unowned SNs to hand out; within the template's total quota " +
      'and per-member limit. With an Idempotency-Key, a repeat returns the same coupons.',
    tag: 'coupons',
    roles: ['manager'],
    scope: 'stores',
    idempotent: 'optional',
    body: z.object({ count: z.number().int().min(1).max(1000), member: z.string().optional() }),
    async handler({ params, body, principal, requestKey, services }) {
      const template = await requireTemplate(params.id!);
      requireStoresWithin(principal, template.storeIds, 'this coupon');
      const member = body.member ? await requireMember(body.member) : null;
      const coupons = await issueCouponsAndTell(
        services.notices,
        params.id!,
        body.count,
        member?._id ?? null,
        requestKey || undefined,
      );
      return { status: 201, body: { coupons: coupons.map(couponView) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/coupon-claims',
    summary: 'Claim a claimable coupon for the member by its number (as 领券 <编号> in chat)',
    tag: 'coupons',
    roles: ['cashier', 'manager'],
    idempotent: true,
    body: z.object({ code: z.string().regex(/^\d{1,6}$/) }),
    async handler({ params, body, requestKey }) {
      const member = await requireMember(params.id!);
      return { status: 201, body: couponView(await claimByCode(member, body.code, requestKey)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/coupons/:sn/redeem',
    summary: 'Redeem a coupon or gift at the counter (核销), recorded in the holder’s ledger',
    tag: 'coupons',
    roles: ['cashier', 'manager'],
    idempotent: true,
    body: z.object({ ...storeField }),
    async handler({ params, body, principal, requestKey, services }) {
      const result = await services.checkout.redeemAtCounter({
        ...checkoutRequest(principal, requestKey, body),
        sn: params.sn!,
      });
      // The coupon as it is now: used, and a gift handed over at this counter.
      const coupon = couponView({ ...result.coupon, status: 'used' });
      const pickedUp = result.coupon.type === 'gift';
      if (result.kind === 'used') {
        const answer = checkoutAnswer(result);
        return { ...answer, body: { ...(answer.body as object), coupon, pickedUp } };
      }
      return {
        body: {
          coupon,
          pickedUp,
          entry: result.kind === 'pickup' ? entryView(result.entry) : null,
          member: result.kind === 'pickup' ? memberView(result.member) : null,
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/coupons/:sn',
    summary: 'A coupon by SN (a typo is reported as INVALID_SN)',
    tag: 'coupons',
    roles: ['cashier', 'manager', 'agent'],
    async handler({ params, principal, services }) {
      await countSnLookup(services, checkoutRequest(principal, '', {}));
      return { body: couponView(await findCoupon(params.sn!)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/members/:id/coupons',
    summary:
      "The member's wallet (我的券): usable coupons, soonest to expire first, and gifts redeemed in chat " +
      'still to be picked up at a store',
    tag: 'coupons',
    roles: ['cashier', 'manager', 'agent'],
    async handler({ params }) {
      const wallet = await walletOf((await requireMember(params.id!))._id);
      return { body: { usable: wallet.usable.map(couponView), toPickUp: wallet.toPickUp.map(couponView) } };
    },
  }),
];
