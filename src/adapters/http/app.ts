// The Koa application: health probes, the admin API from the route table, and the chat adapters' routes.
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { randomUUID } from 'node:crypto';
import { requestContext } from '../../infra/logger.js';
import { authenticate, requireRole, sameSecret, type Principal } from './auth.js';
import { errorMapping } from './error-mapping.js';
import { refusingBadBodies } from './body-errors.js';
import { openApiDocument } from './openapi.js';
import type { RouteSpec } from './route-table.js';
import type { HttpServices } from './services.js';
import { memberRoutes } from './routes/member-routes.js';
import { ledgerRoutes } from './routes/ledger-routes.js';
import { storeStaffRoutes } from './routes/store-staff-routes.js';
import { botRoutes } from './routes/bot-routes.js';
import { couponRoutes } from './routes/coupon-routes.js';
import { ticketRoutes } from './routes/ticket-routes.js';
import { programmeRoutes } from './routes/programme-routes.js';
import { mallRoutes } from './routes/mall-routes.js';
import { careRoutes } from './routes/care-routes.js';
import { countCardRoutes } from './routes/count-card-routes.js';
import { marketingRoutes } from './routes/marketing-routes.js';
import { paymentRoutes } from './routes/payment-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { consoleRouter } from './console-routes.js';
import { sessionPrincipal, sessionRouter } from './session-door.js';

export const API_ROUTES: readonly RouteSpec[] = [
  ...memberRoutes,
  ...ledgerRoutes,
  ...storeStaffRoutes,
  ...botRoutes,
  ...couponRoutes,
  ...ticketRoutes,
  ...programmeRoutes,
  ...mallRoutes,
  ...careRoutes,
  ...countCardRoutes,
  ...marketingRoutes,
  ...paymentRoutes,
  ...reportRoutes,
  ...exportRoutes,
  ...importRoutes,
];

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export interface HttpAppOptions {
  /** Extra routers mounted before the API (the WeChat and Telegram webhooks read raw bodies). */
  extraRouters?: Router[];
  extraRoutes?: readonly RouteSpec[];
}

export function createHttpApp(services: HttpServices, options: HttpAppOptions = {}): Koa {
  const app = new Koa({ proxy: false });
  // A request id on every answer and every log line written for it (one sent by a proxy is kept).
  app.use((ctx, next) => {
    const given = ctx.get('x-request-id');
    const requestId = /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', requestId);
    const context = { requestId, dbRoundTrips: 0 };
    return requestContext.run(context, async () => {
      await next();
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      services.metrics?.dbRoundTrips.observe({ route }, context.dbRoundTrips);
    });
  });
  app.use(errorMapping((where) => services.metrics?.errors.inc({ where })));

  const probes = new Router();
  probes.get('/healthz', (ctx) => {
    ctx.body = { ok: true };
  });
  probes.get('/readyz', async (ctx) => {
    const checks = Object.fromEntries(
      await Promise.all(
        Object.entries(services.readiness).map(async ([name, check]) => [name, await check()]),
      ),
    ) as Record<string, boolean>;
    const ok = Object.values(checks).every(Boolean);
    ctx.status = ok ? 200 : 503;
    ctx.body = { ok, checks };
  });
  // Prometheus scrapes with METRICS_TOKEN (or the admin token) as a bearer token.
  probes.get('/metrics', async (ctx) => {
    const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1] ?? '';
    const allowed = [services.config.METRICS_TOKEN, services.config.ADMIN_TOKEN].filter(
      (t): t is string => !!t,
    );
    if (!services.metrics || !allowed.some((t) => sameSecret(t, token))) {
      throw new DomainError('UNAUTHENTICATED', 'send Authorization: Bearer <METRICS_TOKEN>');
    }
    ctx.type = services.metrics.registry.contentType;
    ctx.body = await services.metrics.registry.metrics();
  });
  app.use(probes.routes());

  for (const router of options.extraRouters ?? []) app.use(router.routes()).use(router.allowedMethods());
  const pages = consoleRouter();
  app.use(pages.routes());
  const sessions = sessionRouter(services);
  app.use(sessions.routes()).use(sessions.allowedMethods());

  const routes = [...API_ROUTES, ...(options.extraRoutes ?? [])];
  const api = new Router();
  const document = openApiDocument(routes);
  api.get('/api/openapi.json', (ctx) => {
    ctx.body = document;
  });
  const json = refusingBadBodies(bodyParser({ enableTypes: ['json'], jsonLimit: '256kb' }));
  for (const spec of routes) {
    // Unknown body fields are refused, not dropped: a field the API accepts is one it enforces.
    const body = spec.body instanceof z.ZodObject ? spec.body.strict() : spec.body;
    // Who is asking is settled before the body is read: strangers learn nothing about the API's inputs.
    const guard: Koa.Middleware = async (ctx, next) => {
      // A bearer token for programs; the session cookie (with its CSRF token on writes) for people.
      ctx.state.principal = ctx.get('authorization')
        ? await authenticate(ctx.get('authorization'), services.config.ADMIN_TOKEN)
        : await sessionPrincipal(ctx, services.config.ADMIN_TOKEN);
      requireRole(ctx.state.principal as Principal, spec.roles, spec.integrations ? ['integration'] : []);
      await next();
    };
    api[spec.method](spec.path, guard, json, async (ctx) => {
      const principal = ctx.state.principal as Principal;
      let requestKey = '';
      const key = ctx.get('idempotency-key');
      if (spec.idempotent === true || (spec.idempotent === 'optional' && key)) {
        if (!IDEMPOTENCY_KEY.test(key)) {
          throw new DomainError(
            'IDEMPOTENCY_KEY_REQUIRED',
            'send an Idempotency-Key header (1–200 visible characters)',
          );
        }
        requestKey = `http:${principal.subject}:${key}`;
      }
      const answer = await spec.handler({
        ctx,
        principal,
        params: ctx.params as Record<string, string>,
        body: body ? body.parse(ctx.request.body ?? {}) : undefined,
        query: spec.query ? spec.query.parse(ctx.query) : undefined,
        requestKey,
        services,
      });
      ctx.status = answer.status ?? 200;
      for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.set(name, value);
      ctx.body = answer.body;
    });
  }
  app.use(api.routes()).use(api.allowedMethods());
  return app;
}
