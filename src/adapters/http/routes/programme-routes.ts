// The programme: levels and rules, read and replaced whole (validated and audited), and the job that
// moves members up after a change.
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import {
  currentProgramme,
  replaceLevel,
  replaceLevels,
  replaceRules,
  type Programme,
} from '../../../domain/programme/programme-service.js';
import { ROUNDINGS, UPGRADE_BASES } from '../../../domain/models/programme.js';
import { benefitsOf } from '../../../domain/programme/programme-rules.js';
import { DomainError } from '../../../domain/errors.js';
import { actorOf } from '../actor.js';
import { levelView } from '../views.js';
import { route } from '../route-table.js';

const fen = z.number().int().min(0).max(100_000_000);

const level = z
  .object({
    code: z.string().regex(/^[a-z0-9_-]{1,20}$/, 'lower-case letters, digits, _ or -'),
    name: z.string().min(1).max(20),
    discountPercent: z.number().int().min(1).max(100),
    threshold: z.number().int().min(0).max(1_000_000_000),
    rank: z.number().int().min(1).max(100),
    extraBenefits: z.array(z.string().min(1).max(30)).max(10).default([]),
    // What GET /api/programme shows beside each level: accepted back as it was given, never stored.
    id: z.string().max(24).optional().describe('read-only; ignored'),
    benefits: z.array(z.unknown()).max(50).optional().describe('read-only; ignored'),
  })
  .strict()
  .transform(({ id: _id, benefits: _shown, ...stored }) => stored);

const rules = z
  .object({
    fenPerPoint: z.number().int().min(1).max(1_000_000),
    rounding: z.enum(ROUNDINGS),
    upgradeBasis: z.enum(UPGRADE_BASES),
    rechargeTiers: z.array(z.object({ minFen: fen.min(1), bonusFen: fen }).strict()).max(20),
    birthday: z
      .object({
        multiplier: z.number().int().min(1).max(10),
        scope: z.enum(['day', 'month']),
        levelCodes: z.array(z.string()).max(20),
      })
      .strict(),
    doublePoints: z
      .object({
        multiplier: z.number().int().min(1).max(10),
        dates: z.array(z.string()).max(366),
        weekdays: z.array(z.number().int().min(0).max(6)).max(7),
      })
      .strict(),
    checkinPoints: z.number().int().min(0).max(10_000),
    pointsPayment: z
      .object({
        pointsPerYuan: z.number().int().min(1).max(100_000),
        maxSharePercent: z.number().int().min(0).max(100),
      })
      .strict()
      .optional()
      .describe('积分抵扣 at the counter; kept as it is when left out'),
    referral: z
      .object({
        inviterPoints: z.number().int().min(0).max(100_000),
        inviteePoints: z.number().int().min(0).max(100_000),
        withinDays: z.number().int().min(1).max(365),
      })
      .strict()
      .optional()
      .describe('老带新 rewards; kept as they are when left out'),
    pointsExpiry: z
      .object({ months: z.number().int().min(0).max(120) })
      .strict()
      .optional()
      .describe('points expire this many months after they are earned, oldest first; 0 keeps them'),
  })
  .strict();

function programmeView({ rules, levels, version }: Programme) {
  return {
    version,
    rules,
    // The id is what a member's levelId names, so a list of members can show their level's name.
    levels: levels.map((l) => ({ id: String(l._id), ...levelView(l), benefits: benefitsOf(l, rules) })),
  };
}

export const programmeRoutes = [
  route({
    method: 'get',
    path: '/api/programme',
    summary: 'The programme: levels (with the benefits the rules give them) and rules',
    tag: 'programme',
    roles: ['cashier', 'manager', 'agent'],
    async handler() {
      return { body: programmeView(await currentProgramme()) };
    },
  }),
  route({
    method: 'put',
    path: '/api/programme/rules',
    summary:
      'Replace the rules (points, rounding, upgrade basis, recharge tiers, birthday, double days, check-in)',
    tag: 'programme',
    roles: ['owner'],
    body: rules,
    async handler({ body, principal }) {
      // Parts a caller leaves out (added after its client was written) stay as they are.
      const { rules: current } = await currentProgramme();
      const { pointsPayment, referral, pointsExpiry, ...given } = body;
      const next = {
        ...given,
        pointsPayment: pointsPayment ?? current.pointsPayment,
        referral: referral ?? current.referral,
        pointsExpiry: pointsExpiry ?? current.pointsExpiry,
      };
      return { body: programmeView(await replaceRules(next, actorOf(principal))) };
    },
  }),
  route({
    method: 'put',
    path: '/api/programme/levels',
    summary: 'Replace the whole level list (levels keep their members by code; a held level cannot go)',
    tag: 'programme',
    roles: ['owner'],
    // The shape GET /api/programme gives its levels in (its version and rules may come along unchanged).
    body: z.object({
      levels: z.array(level).min(1).max(20),
      version: z.unknown().optional().describe('read-only; ignored'),
      rules: z.unknown().optional().describe('read-only here; change rules with PUT /api/programme/rules'),
    }),
    async handler({ body, principal }) {
      if (body.rules !== undefined) {
        const current = JSON.parse(JSON.stringify((await currentProgramme()).rules)) as unknown;
        if (!isDeepStrictEqual(body.rules, current)) {
          throw new DomainError(
            'VALIDATION_FAILED',
            'rules differ: change them with PUT /api/programme/rules',
          );
        }
      }
      return { body: programmeView(await replaceLevels(body.levels, actorOf(principal))) };
    },
  }),
  route({
    method: 'put',
    path: '/api/programme/levels/:code',
    summary: 'Replace (or add) one level; the next operation uses it',
    tag: 'programme',
    roles: ['owner'],
    body: level,
    async handler({ params, body, principal }) {
      return { body: programmeView(await replaceLevel(params.code!, body, actorOf(principal))) };
    },
  }),
  route({
    method: 'post',
    path: '/api/programme/recompute-levels',
    summary: 'Start a job that moves every member up to the level they have reached (members are told)',
    tag: 'programme',
    roles: ['owner'],
    idempotent: true,
    async handler({ requestKey, services }) {
      const { jobId } = await services.levelJobs.start({ requestKey });
      return { status: 202, body: { jobId } };
    },
  }),
  route({
    method: 'get',
    path: '/api/programme/recompute-levels/:jobId',
    summary: 'Progress and result of a level recomputation',
    tag: 'programme',
    roles: ['owner'],
    async handler({ params, services }) {
      const status = await services.levelJobs.status(params.jobId!);
      if (!status) throw new DomainError('NOT_FOUND', 'no such job');
      return { body: status };
    },
  }),
];
