// Bearer-token authentication for /api: ADMIN_TOKEN bootstraps an admin; staff hold issued tokens.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { DomainError } from '../../domain/errors.js';
import type { StaffRole } from '../../domain/models/staff.js';
import { staffForToken } from '../../domain/staff/staff-service.js';

export interface Principal {
  /** Stable name for idempotency scopes and the audit log. */
  subject: string;
  name: string;
  roles: StaffRole[];
  staffId?: Types.ObjectId;
  storeIds: Types.ObjectId[];
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export async function authenticate(header: string | undefined, adminToken?: string): Promise<Principal> {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) throw new DomainError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
  if (adminToken && sameSecret(token, adminToken)) {
    return { subject: 'admin-token', name: 'admin', roles: ['admin'], storeIds: [] };
  }
  const staff = await staffForToken(token);
  if (!staff) throw new DomainError('UNAUTHENTICATED', 'unknown or revoked token');
  return {
    subject: `staff:${String(staff._id)}`,
    name: staff.name,
    roles: staff.roles,
    staffId: staff._id,
    storeIds: staff.storeIds,
  };
}

/** Admins may do everything; others need one of the roles. */
export function requireRole(principal: Principal, roles: readonly StaffRole[]): void {
  if (roles.length === 0 || principal.roles.includes('admin')) return;
  if (!roles.some((r) => principal.roles.includes(r))) {
    throw new DomainError('FORBIDDEN', `needs role ${roles.join(' or ')}`);
  }
}

/** The store an operation is done for: the one asked for, if the principal works there. */
export function storeFor(principal: Principal, requested?: Types.ObjectId | null): Types.ObjectId | null {
  if (principal.roles.includes('admin')) return requested ?? null;
  if (!requested) return principal.storeIds[0] ?? null;
  if (!principal.storeIds.some((s) => s.equals(requested))) {
    throw new DomainError('NOT_STAFF_OF_STORE', 'you do not work for that store');
  }
  return requested;
}
