// Who asks for a checkout operation, and what they may do: the same rule whichever door they use.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import type { StaffRole } from '../models/staff.js';
import { holdsRole, storeInScope } from './roles.js';

export interface Operator {
  roles: readonly StaffRole[];
  /** The stores a cashier or manager works for; admins act for every store. */
  storeIds: readonly Types.ObjectId[];
}

/** The built-in operator of the system itself (fixtures, jobs). */
export const SYSTEM_OPERATOR: Operator = { roles: ['admin'], storeIds: [] };

export function requireRole(operator: Operator, role: StaffRole): void {
  if (holdsRole(operator.roles, role)) return;
  throw new DomainError('FORBIDDEN', `needs role ${role}`, { role });
}

/** True when the operator may act on something recorded at this store (null: no store). */
export function worksAt(operator: Operator, storeId: Types.ObjectId | null | undefined): boolean {
  return storeInScope(operator, storeId);
}
