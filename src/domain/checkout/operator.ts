// Who asks for a checkout operation, and what they may do: the same rule whichever door they use.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import type { StaffRole } from '../models/staff.js';

export interface Operator {
  roles: readonly StaffRole[];
  /** The stores a cashier or manager works for; admins act for every store. */
  storeIds: readonly Types.ObjectId[];
}

/** The built-in operator of the system itself (fixtures, jobs). */
export const SYSTEM_OPERATOR: Operator = { roles: ['admin'], storeIds: [] };

export function isAdmin(operator: Operator): boolean {
  return operator.roles.includes('admin');
}

export function requireRole(operator: Operator, role: StaffRole): void {
  if (isAdmin(operator) || operator.roles.includes(role)) return;
  throw new DomainError('FORBIDDEN', `needs role ${role}`, { role });
}

/** True when the operator may act on something recorded at this store (null: no store). */
export function worksAt(operator: Operator, storeId: Types.ObjectId | null | undefined): boolean {
  if (isAdmin(operator)) return true;
  return !!storeId && operator.storeIds.some((s) => s.equals(storeId));
}
