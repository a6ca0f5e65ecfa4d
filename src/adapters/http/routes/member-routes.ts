// Members: create, look up by id/phone/card, search, freeze and unfreeze.
import { Types } from 'mongoose';
import { z } from 'zod';
import { createMember, findMember, requireMember } from '../../../domain/members/member-service.js';
import { freezeMember, unfreezeMember, type StatusChange } from '../../../domain/members/member-status.js';
import { replaceCard, reportLost } from '../../../domain/members/card-replacement.js';
import { confirmPhoneChange, editProfile, startPhoneChange } from '../../../domain/members/member-profile.js';
import { currentMember } from '../../../domain/ledger/member-projection.js';
import {
  applyReferral,
  inviteCodeOf,
  requireInviter,
  type ReferralOutcome,
} from '../../../domain/referrals/referral-service.js';
import { actorOf } from '../actor.js';
import { maskPhone } from '../../../domain/phone.js';
import { changeTags, checkTag } from '../../../domain/tags/tag-service.js';
import { storeFor, type Principal } from '../auth.js';
import { memberView } from '../views.js';
import { businessMoment, dayText, objectId, route } from '../route-table.js';
import { listMembers } from '../../../domain/members/member-list.js';

const newMember = z.object({
  phone: z.string(),
  name: z.string().max(50).optional(),
  gender: z.enum(['male', 'female']).optional(),
  birthday: dayText.optional(),
  address: z.string().max(200).optional(),
  tags: z.array(z.string().max(20)).max(20).optional().describe("a manager's tags"),
  storeId: objectId.optional(),
  inviteCode: z
    .string()
    .max(10)
    .optional()
    .describe('老带新: the invite code of the member who brought them'),
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

function referralView(r: ReferralOutcome) {
  return {
    inviterId: String(r.inviter._id),
    inviteePoints: r.inviteeEntry?.pointsDelta ?? 0,
    inviterPoints: r.inviterEntry?.pointsDelta ?? 0,
    replayed: r.replayed,
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
    async handler({ body, principal, services }) {
      const { storeId, inviteCode, tags, ...fields } = body;
      // A wrong code is refused before the member exists: bad input changes nothing.
      if (inviteCode) await requireInviter(inviteCode);
      tags?.forEach(checkTag);
      const member = await createMember(
        {
          ...fields,
          // Staff register members at their own stores only (admins at any).
          registeredStoreId: storeFor(principal, storeId ? new Types.ObjectId(storeId) : null),
          registeredChannel: 'http',
        },
        actorOf(principal),
      );
      if (tags?.length) await changeTags(member, { add: tags }, actorOf(principal));
      if (!inviteCode) return { status: 201, body: memberView(member) };
      const referral = await applyReferral(services, {
        invitee: member,
        code: inviteCode,
        channel: 'http',
        actor: actorOf(principal),
      });
      return {
        status: 201,
        body: {
          ...memberView(member),
          points: referral.inviteeEntry?.pointsAfter ?? member.points,
          referral: referralView(referral),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/referral',
    summary: '老带新: record who invited this new member (within the programme’s days) and reward both, once',
    tag: 'members',
    roles: ['cashier', 'manager'],
    body: z.object({ inviteCode: z.string().max(10) }).strict(),
    async handler({ params, body, principal, services }) {
      const invitee = await requireMember(params.id!);
      const referral = await applyReferral(services, {
        invitee,
        code: body.inviteCode,
        channel: 'http',
        actor: actorOf(principal),
      });
      return { body: referralView(referral) };
    },
  }),
  route({
    method: 'get',
    path: '/api/members/:id/invite-code',
    summary: 'The member’s invite code (老带新), the same every time',
    tag: 'members',
    roles: ['cashier', 'manager', 'agent'],
    async handler({ params }) {
      const member = await requireMember(params.id!);
      return { body: { inviteCode: await inviteCodeOf(member._id) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/members',
    summary:
      'Find a member by phone or card number, or list members in pages: filters on level, tag, store, ' +
      'status, registration dates and text (q: part of the name, start of the phone or card number; four ' +
      'digits: the phone’s last four, 手机尾号)',
    tag: 'members',
    roles: ['cashier', 'manager', 'agent'],
    query: z.object({
      phone: z.string().optional(),
      card: z.string().optional(),
      q: z.string().max(50).optional(),
      level: z.string().max(20).optional().describe('level code'),
      tag: z.string().max(20).optional(),
      storeId: objectId.optional().describe('registration store'),
      status: z.enum(['active', 'frozen']).optional(),
      registeredFrom: businessMoment('start').optional(),
      registeredTo: businessMoment('end').optional(),
      after: z
        .string()
        .regex(/^(\d{1,12}|[0-9a-f]{24})$/i, 'the `next` of the previous page')
        .optional()
        .describe('the `next` of the previous page'),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
    async handler({ query }) {
      const exact = query.phone ?? query.card;
      if (exact !== undefined) {
        const found = await findMember(exact);
        const member = found && ((await currentMember(found._id)) ?? found);
        return { body: { members: member ? [memberView(member)] : [], next: null } };
      }
      const page = await listMembers({
        limit: query.limit,
        ...(query.level ? { levels: [query.level] } : {}),
        ...(query.tag ? { tags: [query.tag] } : {}),
        ...(query.storeId ? { storeIds: [query.storeId] } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.registeredFrom ? { registeredFrom: query.registeredFrom } : {}),
        ...(query.registeredTo ? { registeredTo: query.registeredTo } : {}),
        ...(query.q ? { text: query.q } : {}),
        ...(query.after ? { after: query.after } : {}),
      });
      return { body: { members: page.members.map(memberView), next: page.next } };
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
  route({
    method: 'post',
    path: '/api/members/:id/report-lost',
    summary: '挂失: stop a lost card at once (frozen with the reason 挂失; the member is told)',
    tag: 'members',
    roles: ['manager'],
    idempotent: 'optional',
    async handler({ params, principal, requestKey, services }) {
      return {
        body: memberView(await reportLost(services.notices, statusChange(params.id!, principal, requestKey))),
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/replace-card',
    summary:
      '补卡: a new card number (the old one is refused from now on); balance, points, coupons and history carry on',
    tag: 'members',
    roles: ['manager'],
    idempotent: true,
    async handler({ params, principal, requestKey, services }) {
      const done = await replaceCard(services.notices, statusChange(params.id!, principal, requestKey));
      return { body: { ...memberView(done.member), oldCardNumber: done.oldCardNumber } };
    },
  }),
  route({
    method: 'put',
    path: '/api/members/:id',
    summary: "Edit a member's profile (name, gender, birthday, address); the phone changes by its own code",
    tag: 'members',
    roles: ['cashier', 'manager'],
    body: z
      .object({
        name: z.string().min(1).max(50).optional(),
        gender: z.enum(['male', 'female']).optional(),
        birthday: dayText.optional(),
        address: z.string().max(200).optional(),
      })
      .strict(),
    async handler({ params, body, principal }) {
      return { body: memberView(await editProfile(params.id!, body, actorOf(principal))) };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/phone-change',
    summary: 'Start moving the card to a new phone: a code goes to the new phone',
    tag: 'members',
    roles: ['cashier', 'manager'],
    body: z.object({ phone: z.string().max(20) }).strict(),
    async handler({ params, body, principal, services }) {
      const sent = await startPhoneChange(services.verification, params.id!, body.phone, actorOf(principal));
      return { status: 202, body: { codeSentTo: maskPhone(sent.phone) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/members/:id/phone-change/confirm',
    summary: 'Move the card to the new phone with the code it received',
    tag: 'members',
    roles: ['cashier', 'manager'],
    body: z.object({ phone: z.string().max(20), code: z.string().regex(/^\d{6}$/) }).strict(),
    async handler({ params, body, principal, services }) {
      const member = await confirmPhoneChange(
        services.verification,
        params.id!,
        body.phone,
        body.code,
        actorOf(principal),
      );
      return { body: memberView(member) };
    },
  }),
];
