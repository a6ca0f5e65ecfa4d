// Members: create, look up by id/phone/card, search, freeze and unfreeze.
import { Types } from 'mongoose';
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import {
  createMember,
  findMember,
  requireMember,
  searchMembers,
} from '../../../domain/members/member-service.js';
import { freezeMember, unfreezeMember, type StatusChange } from '../../../domain/members/member-status.js';
import { currentMember } from '../../../domain/ledger/commit.js';
import { actorOf } from '../actor.js';
import { storeFor, type Principal } from '../auth.js';
import { memberView } from '../views.js';
import { objectId, route } from '../route-table.js';

const newMember = z.object({
  phone: z.string(),
  name: z.string().max(50).optional(),
  gender: z.enum(['male', 'female']).optional(),
  birthday: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .optional(),
  address: z.string().max(200).optional(),
  tags: z.array(z.string().max(30)).max(20).optional(),
  storeId: objectId.optional(),
});

/** Who freezes or unfreezes, and the key of the member's notice (one per request when a key is sent). */
function statusChange(memberRef: string, principal: Principal, requestKey: string): StatusChange {
  return {
    memberRef,
    operator: principal,
    actor: actorOf(principal),
    storeId: principal.storeIds[0] ?? null,
    requestKey: requestKey || `http:${principal.subject}:${Date.now()}`,
  };
}

export const memberRoutes = [
  route({
    method: 'post',
    path: '/api/members',
    summary: 'Create a member (a card number is generated)',
    tag: 'members',
    roles: ['cashier', 'manager'],
    body: newMember,
    async handler({ body, principal }) {
      const { storeId, ...fields } = body;
      const member = await createMember(
        {
          ...fields,
          // Staff register members at their own stores only (admins at any).
          registeredStoreId: storeFor(principal, storeId ? new Types.ObjectId(storeId) : null),
          registeredChannel: 'http',
        },
        actorOf(principal),
      );
      return { status: 201, body: memberView(member) };
    },
  }),
  route({
    method: 'get',
    path: '/api/members',
    summary: 'Find members by phone, card number, or name/number prefix (q)',
    tag: 'members',
    roles: ['cashier', 'manager', 'agent'],
    query: z.object({
      phone: z.string().optional(),
      card: z.string().optional(),
      q: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
    async handler({ query }) {
      const exact = query.phone ?? query.card;
      if (exact !== undefined) {
        const found = await findMember(exact);
        const member = found && ((await currentMember(found._id)) ?? found);
        return { body: { members: member ? [memberView(member)] : [] } };
      }
      if (!query.q) throw new DomainError('VALIDATION_FAILED', 'give phone, card or q');
      return { body: { members: (await searchMembers(query.q, query.limit)).map(memberView) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/members/:id',
    summary: 'A member by id, phone or card number',
    tag: 'members',
    roles: ['cashier', 'manager', 'agent'],
    async handler({ params }) {
      const member = await requireMember(params.id!);
      return { body: memberView((await currentMember(member._id)) ?? member) };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/freeze',
    summary: 'Freeze a card with a reason (no changes until unfrozen; the member is told)',
    tag: 'members',
    roles: ['manager'],
    idempotent: 'optional',
    body: z.object({ reason: z.string().min(1).max(100) }),
    async handler({ params, body, principal, requestKey, services }) {
      const member = await freezeMember(services.notices, {
        ...statusChange(params.id!, principal, requestKey),
        reason: body.reason,
      });
      return { body: memberView(member) };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/unfreeze',
    summary: 'Unfreeze a card (the member is told)',
    tag: 'members',
    roles: ['manager'],
    idempotent: 'optional',
    async handler({ params, principal, requestKey, services }) {
      const member = await unfreezeMember(services.notices, statusChange(params.id!, principal, requestKey));
      return { body: memberView(member) };
    },
  }),
];
