// The points mall over HTTP: managers stock it; an exchange for a member goes through the same domain
// use case as 兑换 in chat.
import { Types } from 'mongoose';
import { z } from 'zod';
import { createMallItem, exchangePoints, openMallItems } from '../../../domain/mall/mall-service.js';
import { requireMember } from '../../../domain/members/member-service.js';
import { businessMoment, objectId, route } from '../route-table.js';
import { couponView, entryView, mallItemView as itemView } from '../views.js';
import { checkoutRequest } from './ledger-routes.js';

export const mallRoutes = [
  route({
    method: 'post',
    path: '/api/mall/items',
    summary: 'Put an item in the points mall: one coupon of a template (a gift or a coupon) for points',
    tag: 'mall',
    roles: ['owner'],
    body: z.object({
      code: z.string().regex(/^\d{1,6}$/, 'the number members type, 1 to 6 digits'),
      name: z.string().min(1).max(50),
      templateId: objectId,
      pointsPrice: z.number().int().min(1).max(100_000_000),
      stock: z.number().int().min(1).max(100_000),
      perMemberLimit: z.number().int().min(1).max(1000).optional(),
      startsAt: businessMoment('start').optional(),
      endsAt: businessMoment('end').optional(),
    }),
    async handler({ body }) {
      const item = await createMallItem({ ...body, templateId: new Types.ObjectId(body.templateId) });
      return { status: 201, body: itemView(item) };
    },
  }),
  route({
    method: 'get',
    path: '/api/mall/items',
    summary: 'Items open for exchange now, cheapest first',
    tag: 'mall',
    roles: [],
    async handler() {
      return { body: { items: (await openMallItems()).map(itemView) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/mall-exchange',
    summary: "Exchange the member's points for a mall item (once per Idempotency-Key)",
    tag: 'mall',
    roles: ['cashier', 'manager'],
    idempotent: true,
    body: z.object({ code: z.string().regex(/^\d{1,6}$/) }),
    async handler({ params, body, principal, requestKey, services }) {
      const member = await requireMember(params.id!);
      const done = await exchangePoints(services.checkout, {
        ...checkoutRequest(principal, requestKey, {}),
        memberId: member._id,
        code: body.code,
      });
      return {
        ...(done.replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}),
        body: { entry: entryView(done.entry), coupon: couponView(done.coupon), item: itemView(done.item) },
      };
    },
  }),
];
