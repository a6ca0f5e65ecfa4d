// Count cards over HTTP: managers set up plans; the counter sells them and takes uses through the same
// checkout use cases as 售次卡 and 核次 in the store's group.
import { z } from 'zod';
import { parseAmountFen } from '../../../domain/money.js';
import { requireMember } from '../../../domain/members/member-service.js';
import {
  cardsOf,
  countCardPlans,
  createCountCardPlan,
} from '../../../domain/count-cards/count-card-service.js';
import { currentMember } from '../../../domain/ledger/member-projection.js';
import { DomainError } from '../../../domain/errors.js';
import { route, storeField } from '../route-table.js';
import { checkoutView, countCardPlanView, heldCardView } from '../views.js';
import { checkoutAnswer, checkoutRequest } from './ledger-routes.js';

const common = { ...storeField, note: z.string().max(200).optional() };

export const countCardRoutes = [
  route({
    method: 'post',
    path: '/api/count-card-plans',
    summary: 'Create a count-card plan (计次卡/套餐): N uses of a service for a price',
    tag: 'count cards',
    roles: ['owner'],
    body: z
      .object({
        code: z.string().regex(/^\d{1,6}$/, 'the number staff type, 1 to 6 digits'),
        name: z.string().min(1).max(50),
        service: z.string().min(1).max(30),
        uses: z.number().int().min(1).max(1000),
        price: z.union([z.string(), z.number()]).describe('yuan, e.g. "880"'),
        validDays: z.number().int().min(1).max(3650).optional(),
      })
      .strict(),
    async handler({ body, services }) {
      const { price, ...rest } = body;
      const plan = await createCountCardPlan({
        ...rest,
        priceFen: parseAmountFen(price, services.config.MAX_AMOUNT_FEN),
      });
      return { status: 201, body: countCardPlanView(plan) };
    },
  }),
  route({
    method: 'get',
    path: '/api/count-card-plans',
    summary: 'The count-card plans on sale',
    tag: 'count cards',
    roles: [],
    async handler() {
      return { body: { plans: (await countCardPlans()).map(countCardPlanView) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/count-cards',
    summary: 'Sell a count card (售次卡), paid from stored value or outside (paidOutside)',
    tag: 'count cards',
    roles: ['cashier', 'manager'],
    idempotent: true,
    body: z
      .object({ planCode: z.string().regex(/^\d{1,6}$/), paidOutside: z.boolean().optional(), ...common })
      .strict(),
    async handler({ params, body, principal, requestKey, services }) {
      const sold = await services.checkout.sellCountCard({
        ...checkoutRequest(principal, requestKey, body),
        memberRef: params.id!,
        planCode: body.planCode,
        paidOutside: body.paidOutside ?? false,
      });
      const answer = checkoutAnswer(sold);
      return { ...answer, body: { ...checkoutView(sold), countCardId: sold.card._id } };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/count-card-uses',
    summary: 'Take one use of the member’s count card for a service (核次); never below zero',
    tag: 'count cards',
    roles: ['cashier', 'manager'],
    idempotent: true,
    body: z.object({ service: z.string().min(1).max(30), ...common }).strict(),
    async handler({ params, body, principal, requestKey, services }) {
      return checkoutAnswer(
        await services.checkout.useCountCard({
          ...checkoutRequest(principal, requestKey, body),
          memberRef: params.id!,
          service: body.service,
        }),
      );
    },
  }),
  route({
    method: 'get',
    path: '/api/members/:id/count-cards',
    summary: 'The member’s count cards with the uses left, soonest to expire first',
    tag: 'count cards',
    roles: ['cashier', 'manager', 'agent'],
    async handler({ params }) {
      const found = await requireMember(params.id!);
      const member = await currentMember(found._id);
      if (!member) throw new DomainError('MEMBER_NOT_FOUND', 'no such member');
      return { body: { cards: (await cardsOf(member)).map(heldCardView) } };
    },
  }),
];
