// Money and points operations on a member (each needs an Idempotency-Key), history and the books audit.
// Every operation is the checkout's use case, the same one the store's group chat calls.
import { Types } from 'mongoose';
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import { checkAmountFen, parseAmountFen } from '../../../domain/money.js';
import { requireMember } from '../../../domain/members/member-service.js';
import { auditLedger } from '../../../domain/ledger/ledger-audit.js';
import type { CheckoutRequest, CheckoutResult } from '../../../domain/checkout/checkout.js';
import { storeFor, type Principal } from '../auth.js';
import { actorOf } from '../actor.js';
import { checkoutView, entryView } from '../views.js';
import { amountFields, route, storeField, type RouteAnswer } from '../route-table.js';

const common = { ...storeField, note: z.string().max(200).optional() };

/** One amount, given as yuan text or as whole fen: exactly one of the two. */
function amountOf(
  yuan: string | number | undefined,
  fen: number | undefined,
  maxFen: number,
  name = 'amount',
) {
  if ((yuan === undefined) === (fen === undefined)) {
    throw new DomainError('VALIDATION_FAILED', `give exactly one of ${name} (yuan text) or ${name}Fen`);
  }
  return fen !== undefined ? checkAmountFen(fen, maxFen) : parseAmountFen(yuan!, maxFen);
}

export function checkoutRequest(
  principal: Principal,
  requestKey: string,
  body: { storeId?: string | undefined; note?: string | undefined },
): CheckoutRequest {
  return {
    requestKey,
    channel: 'http',
    actor: actorOf(principal),
    storeId: storeFor(principal, body.storeId ? new Types.ObjectId(body.storeId) : null),
    staffId: principal.staffId ?? null,
    operator: principal,
    ...(body.note ? { note: body.note } : {}),
  };
}

/** The same answer for the first request and every replay; only the header tells them apart. */
export function checkoutAnswer(result: CheckoutResult & { restoredCouponSn?: string | null }): RouteAnswer {
  return {
    status: 200,
    body: checkoutView(result),
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
      return checkoutAnswer(
        await services.checkout.recharge({
          ...checkoutRequest(principal, requestKey, body),
          memberRef: params.id!,
          amountFen: amountOf(body.amount, body.amountFen, services.config.MAX_AMOUNT_FEN),
        }),
      );
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/consume',
    summary:
      'Record a purchase: the bill before discounts, priced by the member’s level and an optional coupon; ' +
      'paid from stored value, or outside (paidOutside) for points and spend only',
    tag: 'ledger',
    roles: ['cashier', 'manager'],
    idempotent: true,
    body: z.object({
      ...amountFields,
      excludedAmount: z.union([z.string(), z.number()]).optional().describe('part without discount, yuan'),
      excludedFen: z.number().int().optional().describe('part without discount, fen'),
      couponSn: z.string().min(4).max(30).optional(),
      paidOutside: z.boolean().optional(),
      pointsToUse: z
        .number()
        .int()
        .min(1)
        .max(1_000_000_000)
        .optional()
        .describe('积分抵扣: points paying part of the bill, within the programme’s share'),
      ...common,
    }),
    async handler({ params, body, principal, requestKey, services }) {
      const max = services.config.MAX_AMOUNT_FEN;
      const hasExcluded = body.excludedAmount !== undefined || body.excludedFen !== undefined;
      return checkoutAnswer(
        await services.checkout.consume({
          ...checkoutRequest(principal, requestKey, body),
          memberRef: params.id!,
          amountFen: amountOf(body.amount, body.amountFen, max),
          excludedFen: hasExcluded ? amountOf(body.excludedAmount, body.excludedFen, max, 'excluded') : 0,
          paidOutside: body.paidOutside ?? false,
          ...(body.couponSn ? { couponSn: body.couponSn } : {}),
          ...(body.pointsToUse ? { pointsToUse: body.pointsToUse } : {}),
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
      return checkoutAnswer(
        await services.checkout.adjustPoints({
          ...checkoutRequest(principal, requestKey, body),
          memberRef: params.id!,
          points: body.points,
          ...(body.reason ? { reason: body.reason } : {}),
        }),
      );
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/reversal',
    summary:
      "Reverse one of the member's entries (冲正) with a new opposite entry; at most once; own store only",
    tag: 'ledger',
    roles: ['manager'],
    idempotent: true,
    body: z.object({ entryNo: z.string().min(4).max(20), reason: z.string().max(200).optional(), ...common }),
    async handler({ params, body, principal, requestKey, services }) {
      const member = await requireMember(params.id!);
      return checkoutAnswer(
        await services.checkout.reverse({
          ...checkoutRequest(principal, requestKey, body),
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
    roles: ['owner'],
    async handler() {
      const report = await auditLedger();
      return { body: { ok: report.problems.length === 0, ...report } };
    },
  }),
];
