// Stores, staff, their tokens and chat identities: 总部's set-up work (only an admin makes or speaks for
// another admin, so 总部 cannot raise itself above its role).
import { Types } from 'mongoose';
import { z } from 'zod';
import {
  bindGroupToStore,
  createStore,
  listStores,
  requireStore,
} from '../../../domain/stores/store-service.js';
import {
  createStaff,
  issueApiToken,
  linkStaffIdentity,
  listStaff,
  requireStaff,
} from '../../../domain/staff/staff-service.js';
import { STAFF_ROLES } from '../../../domain/models/staff.js';
import type { StaffRole } from '../../../domain/models/staff.js';
import { DomainError } from '../../../domain/errors.js';
import { holdsRole } from '../../../domain/staff/roles.js';
import type { Principal } from '../auth.js';
import { objectId, route } from '../route-table.js';

function refuseAdminUnlessAdmin(principal: Principal, roles: readonly StaffRole[]): void {
  if (roles.includes('admin') && !holdsRole(principal.roles, 'admin')) {
    throw new DomainError('FORBIDDEN', 'only an admin may create, or speak for, an admin', { role: 'admin' });
  }
}
import { staffView, storeView } from '../views.js';

const channelRef = z.object({ channel: z.string().min(1).max(20), chatId: z.string().min(1).max(200) });

export const storeStaffRoutes = [
  route({
    method: 'get',
    path: '/api/stores',
    summary: 'All stores',
    tag: 'stores',
    roles: [],
    async handler() {
      return { body: { stores: (await listStores()).map(storeView) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/stores',
    summary: 'Create a store',
    tag: 'stores',
    roles: ['owner'],
    body: z.object({
      code: z.string().regex(/^[A-Za-z0-9_-]{2,20}$/),
      name: z.string().min(1).max(50),
      phone: z.string().max(30).optional(),
      address: z.string().max(200).optional(),
      location: z
        .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
        .strict()
        .optional(),
    }),
    async handler({ body }) {
      return { status: 201, body: storeView(await createStore(body)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/stores/:id/groups',
    summary: 'Bind a group chat to the store (its staff commands then act for this store)',
    tag: 'stores',
    roles: ['owner'],
    body: channelRef,
    async handler({ params, body }) {
      const store = await requireStore(params.id!);
      await bindGroupToStore(store._id, body.channel, body.chatId);
      return { body: storeView(await requireStore(store._id)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/staff',
    summary: 'All staff',
    tag: 'staff',
    roles: ['owner'],
    async handler() {
      return { body: { staff: (await listStaff()).map(staffView) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/staff',
    summary: 'Create a staff member with roles and stores',
    tag: 'staff',
    roles: ['owner'],
    body: z.object({
      name: z.string().min(1).max(50),
      roles: z.array(z.enum(STAFF_ROLES)).min(1),
      storeIds: z.array(objectId).default([]),
      phone: z.string().max(20).optional().describe('mobile phone to sign in to the console with'),
    }),
    async handler({ body, principal }) {
      refuseAdminUnlessAdmin(principal, body.roles);
      for (const id of body.storeIds) await requireStore(id);
      const staff = await createStaff({ ...body, storeIds: body.storeIds.map((s) => new Types.ObjectId(s)) });
      return { status: 201, body: staffView(staff) };
    },
  }),
  route({
    method: 'post',
    path: '/api/staff/:id/tokens',
    summary: 'Issue an API token for a staff member (shown once)',
    tag: 'staff',
    roles: ['owner'],
    body: z.object({ label: z.string().max(50).optional() }),
    async handler({ params, body, principal }) {
      const staff = await requireStaff(params.id!);
      refuseAdminUnlessAdmin(principal, staff.roles);
      return { status: 201, body: { token: await issueApiToken(staff._id, body.label) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/staff/:id/identities',
    summary: 'Link a chat account (channel + user id) to a staff member',
    tag: 'staff',
    roles: ['owner'],
    body: z.object({ channel: z.string().min(1).max(20), externalId: z.string().min(1).max(200) }),
    async handler({ params, body, principal }) {
      const staff = await requireStaff(params.id!);
      refuseAdminUnlessAdmin(principal, staff.roles);
      await linkStaffIdentity(staff._id, body.channel, body.externalId);
      return { body: staffView(staff) };
    },
  }),
];
