// Bearer-token authentication for /api: ADMIN_TOKEN bootstraps an admin; staff hold issued tokens.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { DomainError } from '../../domain/errors.js';
import type { Staff, StaffRole } from '../../domain/models/staff.js';
import { holderOfToken } from '../../domain/staff/staff-service.js';
import { identityOf } from '../../domain/members/identity-service.js';
import { holdsRole, isChainWide } from '../../domain/staff/roles.js';

export interface Principal {
  /** Stable name for idempotency scopes and the audit log. */
  subject: string;
  kind: 'admin' | 'staff' | 'integration';
  /** For an integration credential: the channel whose users it speaks for. */
  channel?: string;
  name: string;
  roles: StaffRole[];
  staffId?: Types.ObjectId;
  storeIds: Types.ObjectId[];
}

export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export async function authenticate(header: string | undefined, adminToken?: string): Promise<Principal> {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) throw new DomainError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
  if (adminToken && sameSecret(token, adminToken)) {
    return { subject: 'admin-token', kind: 'admin', name: 'admin', roles: ['admin'], storeIds: [] };
  }
  const holder = await holderOfToken(token);
  if (!holder) throw new DomainError('UNAUTHENTICATED', 'unknown or revoked token');
  if ('integration' in holder) {
    const { channel, label } = holder.integration;
    // No roles: an integration reaches only the chat door, for its own channel's users.
    return {
      subject: `integration:${label}`,
      kind: 'integration',
      channel,
      name: label,
      roles: [],
      storeIds: [],
    };
  }
  return staffPrincipal(holder.staff);
}

/** A staff member as the API sees them, whether they came with a token or a console session. */
export function staffPrincipal(staff: Staff): Principal {
  return {
    subject: `staff:${String(staff._id)}`,
    kind: 'staff',
    name: staff.name,
    roles: staff.roles,
    staffId: staff._id,
    storeIds: staff.storeIds,
  };
}

/**
 * Whether the caller may speak (or read notices) as this chat user: the admin token and an integration
 * credential made for the channel may speak for its users; a staff token only as the staff member's own
 * chat account on it.
 */
export async function requireSpeaksAs(principal: Principal, channel: string, userId: string): Promise<void> {
  if (principal.kind === 'admin') return;
  if (principal.kind === 'integration' && principal.channel === channel) return;
  if (principal.kind === 'staff') {
    const identity = await identityOf(channel, userId);
    if (identity?.staffId && principal.staffId?.equals(identity.staffId)) return;
  }
  throw new DomainError('FORBIDDEN', `this credential cannot speak as ${channel} user ${userId}`, {
    role: 'self',
  });
}

/** Admins may do everything; others need one of the roles (an empty list: any staff credential). */
export function requireRole(
  principal: Principal,
  roles: readonly StaffRole[],
  doors: Principal['kind'][] = [],
): void {
  if (principal.kind === 'admin') return;
  if (principal.kind === 'integration' && !doors.includes('integration')) {
    throw new DomainError('FORBIDDEN', 'an integration credential reaches only the chat door');
  }
  if (roles.length === 0) return;
  if (!holdsRole(principal.roles, ...roles)) {
    throw new DomainError('FORBIDDEN', `needs role ${roles.join(' or ')}`);
  }
}

/** The store an operation is done for: the one asked for, if the principal works there. */
export function storeFor(principal: Principal, requested?: Types.ObjectId | null): Types.ObjectId | null {
  if (isChainWide(principal.roles)) return requested ?? null;
  if (!requested) return principal.storeIds[0] ?? null;
  if (!principal.storeIds.some((s) => s.equals(requested))) {
    throw new DomainError('NOT_STAFF_OF_STORE', 'you do not work for that store');
  }
  return requested;
}
