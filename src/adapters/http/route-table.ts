// Admin API routes are declared once, as data: the router and the OpenAPI document are both built from it.
import type { Context } from 'koa';
import { z } from 'zod';
import { endOfBusinessDay, startOfBusinessDay } from '../../domain/clock.js';
import type { StaffRole } from '../../domain/models/staff.js';
import type { Principal } from './auth.js';
import type { HttpServices } from './services.js';

export interface RouteInput<B, Q> {
  ctx: Context;
  principal: Principal;
  params: Record<string, string>;
  body: B;
  query: Q;
  /** The Idempotency-Key header scoped to the caller ("http:<subject>:<key>"); set on idempotent routes. */
  requestKey: string;
  services: HttpServices;
}

export interface RouteAnswer {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<B = unknown, Q = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed (admins always are); an empty list means any staff credential. */
  roles: readonly StaffRole[];
  /**
   * 'stores': a store manager's call reaches only their stores' records (the handler narrows it, or
   * refuses another store's with NOT_STAFF_OF_STORE); 总部 and admins reach every store's.
   */
  scope?: 'stores';
  /** Integration credentials may call it too (the chat door and its inbox). */
  integrations?: boolean;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /**
   * Requires an Idempotency-Key header; a repeat returns the first answer and applies nothing.
   * 'optional': idempotent when the header is sent.
   */
  idempotent?: boolean | 'optional';
  handler(input: RouteInput<B, Q>): Promise<RouteAnswer>;
}

/** Declares a route with its body and query types inferred from the schemas. */
export function route<B = undefined, Q = undefined>(spec: RouteSpec<B, Q>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hex id');

/** An amount given either as yuan text ("88.50") or as whole fen (8850). */
export const amountFields = {
  amount: z.union([z.string(), z.number()]).optional().describe('yuan, e.g. "88.50"'),
  amountFen: z.number().int().optional().describe('fen, e.g. 8850'),
};

/** The store an operation is done for; staff default to their first store, admins to none. */
export const storeField = { storeId: objectId.optional() };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as text, YYYY-MM-DD (a birthday, a business day). */
export const dayText = z.string().regex(DAY, 'YYYY-MM-DD');

/** A business month as text, YYYY-MM. */
export const monthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/**
 * A moment given as a full ISO timestamp, or as a day (YYYY-MM-DD) that stands for its first or last
 * moment in the programme's time zone.
 */
export function businessMoment(bound: 'start' | 'end') {
  return z
    .string()
    .refine((text) => DAY.test(text) || !Number.isNaN(Date.parse(text)), 'a day (YYYY-MM-DD) or an ISO time')
    .transform((text) =>
      DAY.test(text)
        ? bound === 'start'
          ? startOfBusinessDay(text)
          : endOfBusinessDay(text)
        : new Date(text),
    );
}
