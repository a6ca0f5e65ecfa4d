// Money and points operations on a member (each needs an Idempotency-Key), history and the books audit.
import { Types } from 'mongoose';
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import { checkAmountFen, parseAmountFen } from '../../../domain/money.js';
import { requireMember } from '../../../domain/members/member-service.js';
import { auditLedger } from '../../../domain/ledger/ledger-audit.js';
import type { CommitResult } from '../../../domain/ledger/commit.js';
import { storeFor, type Principal } from '../auth.js';
import { actorOf } from '../actor.js';
import { entryView } from '../views.js';
import { amountFields, objectId, route, type RouteAnswer } from '../route-table.js';

const common = { storeId: objectId.optional(), note: z.string().max(200).optional() };

function amountOf(body: { amount?: string | number; amountFen?: number }, maxFen: number): number {
  if ((body.amount === undefined) === (body.amountFen === undefined)) {
    throw new DomainError('VALIDATION_FAILED', 'give exactly one of amount (yuan text) or amountFen');
  }
  return body.amountFen !== undefined
    ? checkAmountFen(body.amountFen, maxFen)
    : parseAmountFen(body.amount!, maxFen);
}

function contextOf(principal: Principal, requestKey: string, body: { storeId?: string; note?: string }) {
  return {
    requestKey,
    channel: 'http',
    actor: actorOf(principal),
    storeId: storeFor(principal, body.storeId ? new Types.ObjectId(body.storeId) : null),
    staffId: principal.staffId ?? null,
    ...(body.note ? { note: body.note } : {}),
  };
}

/** The same answer for the first request and every replay; only the header tells them apart. */
function answer(result: CommitResult): RouteAnswer {
  return {
    status: 200,
    body: { entry: entryView(result.entry) },
    headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : {},
  };
}

export const ledgerRoutes = [
  route({
    method: 'post',
    path: '/api/members/:id/recharge',
    summary: 'Add stored value (with the recharge bonus tier that applies)',
    tag: 'ledger',
    roles: ['cashier', 'manager'],
    idempotent: true,
    body: z.object({ ...amountFields, ...common }),
    async handler({ params, body, principal, requestKey, services }) {
      const member = await requireMember(params.id!);
      const amountFen = amountOf(body, services.config.MAX_AMOUNT_FEN);
      return answer(
        await services.ledger.recharge({
          ...contextOf(principal, requestKey, body),
          memberId: member._id,
          amountFen,
        }),
      );
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/consume',
    summary: 'Record a purchase: paid from stored value, or outside (paidOutside) for points and spend only',
    tag: 'ledger',
    roles: ['cashier', 'manager'],
    idempotent: true,
    body: z.object({ ...amountFields, paidOutside: z.boolean().optional(), ...common }),
    async handler({ params, body, principal, requestKey, services }) {
      const member = await requireMember(params.id!);
      const amountFen = amountOf(body, services.config.MAX_AMOUNT_FEN);
      return answer(
        await services.ledger.consume({
          ...contextOf(principal, requestKey, body),
          memberId: member._id,
          amountFen,
          paidOutside: body.paidOutside ?? false,
        }),
      );
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/points',
    summary: 'Adjust points by +N or -N (never below zero)',
    tag: 'ledger',
    roles: ['manager'],
    idempotent: true,
    body: z.object({ points: z.number().int(), reason: z.string().max(200).optional(), ...common }),
    async handler({ params, body, principal, requestKey, services }) {
      const member = await requireMember(params.id!);
      return answer(
        await services.ledger.adjustPoints({
          ...contextOf(principal, requestKey, body),
          memberId: member._id,
          points: body.points,
          ...(body.reason ? { reason: body.reason } : {}),
        }),
      );
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/reversal',
    summary: "Reverse one of the member's entries (冲正) with a new opposite entry; at most once",
    tag: 'ledger',
    roles: ['manager'],
    idempotent: true,
    body: z.object({ entryNo: z.string().min(4).max(20), reason: z.string().max(200).optional(), ...common }),
    async handler({ params, body, principal, requestKey, services }) {
      const member = await requireMember(params.id!);
      return answer(
        await services.ledger.reverse({
          ...contextOf(principal, requestKey, body),
          entryNo: body.entryNo,
          onlyMemberId: member._id,
          ...(body.reason ? { reason: body.reason } : {}),
        }),
      );
    },
  }),
  route({
    method: 'get',
    path: '/api/members/:id/history',
    summary: "The member's ledger entries, newest first (page with beforeSeq)",
    tag: 'ledger',
    roles: ['cashier', 'manager', 'agent'],
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      beforeSeq: z.coerce.number().int().min(1).optional(),
    }),
    async handler({ params, query, services }) {
      const member = await requireMember(params.id!);
      const entries = await services.ledger.history(member._id, query.limit, query.beforeSeq);
      return { body: { entries: entries.map(entryView) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/ledger/audit',
    summary: 'Check that every member’s ledger adds up to their balance and points',
    tag: 'ledger',
    roles: ['admin'],
    async handler() {
      const report = await auditLedger();
      return { body: { ok: report.problems.length === 0, ...report } };
    },
  }),
];
