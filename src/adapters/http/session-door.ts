// The console's door for people: sign in with phone + SMS code, phone + password, or (on a fresh install)
// the admin token; an HttpOnly, SameSite=Strict session cookie; and on every write the CSRF token in a header.
import type Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import {
  closeSession,
  csrfTokenOf,
  liveSession,
  openSession,
  SESSION_TTL_MS,
} from '../../domain/staff/console-session.js';
import { StaffSignIn } from '../../domain/staff/staff-sign-in.js';
import { staffById } from '../../domain/staff/staff-service.js';
import { sameSecret, staffPrincipal, type Principal } from './auth.js';
import { refusingBadBodies } from './body-errors.js';
import type { HttpServices } from './services.js';

export const SESSION_COOKIE = 'hy_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const ADMIN_PRINCIPAL: Principal = {
  subject: 'admin-token',
  kind: 'admin',
  name: '管理员',
  roles: ['admin'],
  storeIds: [],
};

function sessionCookie(ctx: Koa.Context): string {
  return ctx.cookies.get(SESSION_COOKIE) ?? '';
}

/**
 * Who a console request speaks for, from its session cookie, and when the session ends; a write must carry
 * the session's CSRF token. An admin session ends when the admin token is no longer configured.
 */
async function readSession(
  ctx: Koa.Context,
  adminToken: string | undefined,
): Promise<{ principal: Principal; token: string; expiresAt: Date }> {
  const token = sessionCookie(ctx);
  const session = token ? await liveSession(token) : null;
  if (!session || (!session.staffId && !adminToken)) {
    throw new DomainError('UNAUTHENTICATED', 'sign in, or send Authorization: Bearer <token>');
  }
  if (!SAFE_METHODS.has(ctx.method) && !sameSecret(ctx.get('x-csrf-token'), csrfTokenOf(token))) {
    throw new DomainError('SESSION_CHECK_FAILED', 'send the session CSRF token in X-CSRF-Token');
  }
  const { expiresAt } = session;
  if (!session.staffId) return { principal: ADMIN_PRINCIPAL, token, expiresAt };
  const staff = await staffById(session.staffId);
  if (!staff?.active) throw new DomainError('UNAUTHENTICATED', 'this staff member can no longer sign in');
  return { principal: staffPrincipal(staff), token, expiresAt };
}

/** Who a console request speaks for (see readSession). */
export async function sessionPrincipal(ctx: Koa.Context, adminToken: string | undefined): Promise<Principal> {
  return (await readSession(ctx, adminToken)).principal;
}

function sessionView(principal: Principal, token: string, expiresAt: Date) {
  return {
    kind: principal.kind,
    name: principal.name,
    roles: principal.roles,
    storeIds: principal.storeIds.map(String),
    csrfToken: csrfTokenOf(token),
    expiresAt,
  };
}

const signInBody = z.union([
  z.object({ phone: z.string().min(1).max(20), code: z.string().regex(/^\d{6}$/) }).strict(),
  z.object({ phone: z.string().min(1).max(20), password: z.string().min(1).max(200) }).strict(),
  z.object({ token: z.string().min(1).max(200) }).strict(),
]);

export function sessionRouter(services: HttpServices): Router {
  const signIn = new StaffSignIn(services.verification, services.throttles);
  const secure = services.config.PUBLIC_URL?.startsWith('https:') ?? false;
  const json = refusingBadBodies(bodyParser({ enableTypes: ['json'], jsonLimit: '4kb' }));
  const router = new Router({ prefix: '/api/session' });

  const setCookie = (ctx: Koa.Context, value: string, maxAgeSeconds: number) =>
    ctx.append(
      'Set-Cookie',
      `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
    );

  router.post('/code', json, async (ctx) => {
    const { phone } = z
      .object({ phone: z.string().min(1).max(20) })
      .strict()
      .parse(ctx.request.body ?? {});
    await signIn.sendCode(phone);
    ctx.status = 202;
    ctx.body = { sent: true };
  });

  router.post('/', json, async (ctx) => {
    const body = signInBody.parse(ctx.request.body ?? {});
    let principal = ADMIN_PRINCIPAL;
    if ('token' in body) {
      // Guessing the admin token is limited per address like any other secret.
      if (!(await services.throttles.secretCheck.allow(`console-token:${ctx.ip}`))) {
        throw new DomainError('RATE_LIMITED', 'too many sign-in attempts; wait a while');
      }
      const admin = services.config.ADMIN_TOKEN;
      if (!admin || !sameSecret(body.token, admin))
        throw new DomainError('SIGN_IN_FAILED', 'not the admin token');
    } else {
      const staff =
        'code' in body
          ? await signIn.withCode(body.phone, body.code)
          : await signIn.withPassword(body.phone, body.password);
      principal = staffPrincipal(staff);
    }
    const opened = await openSession(principal.staffId ?? null);
    setCookie(ctx, opened.token, SESSION_TTL_MS / 1000);
    ctx.body = sessionView(principal, opened.token, opened.expiresAt);
  });

  router.get('/', async (ctx) => {
    const { principal, token, expiresAt } = await readSession(ctx, services.config.ADMIN_TOKEN);
    ctx.body = sessionView(principal, token, expiresAt);
  });

  router.delete('/', async (ctx) => {
    const { token } = await readSession(ctx, services.config.ADMIN_TOKEN);
    await closeSession(token);
    setCookie(ctx, '', 0);
    ctx.status = 204;
  });

  router.put('/password', json, async (ctx) => {
    const principal = await sessionPrincipal(ctx, services.config.ADMIN_TOKEN);
    const { password } = z
      .object({ password: z.string().min(1).max(200) })
      .strict()
      .parse(ctx.request.body ?? {});
    if (!principal.staffId) throw new DomainError('SIGN_IN_FAILED', 'the admin token has no password');
    await signIn.setPassword(principal.staffId, password);
    ctx.status = 204;
  });
  return router;
}
