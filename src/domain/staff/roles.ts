// Who may do what in a chain: 总部 (owner) runs the programme for every store and may do whatever a store
// manager or cashier may; a 店长 (manager) acts within their stores; a cashier serves at the counter; a
// 客服 (agent) works the complaints desk; admin is the system's own credential and may do everything.
import type { Types } from 'mongoose';
import type { StaffRole } from '../models/staff.js';
import { DomainError } from '../errors.js';

/** The roles each role also holds. */
const HOLDS: Record<StaffRole, readonly StaffRole[]> = {
  admin: ['admin', 'owner', 'manager', 'cashier', 'agent'],
  owner: ['owner', 'manager', 'cashier'],
  manager: ['manager'],
  cashier: ['cashier'],
  agent: ['agent'],
};

/** True when someone with `roles` holds one of `wanted`. */
export function holdsRole(roles: readonly StaffRole[], ...wanted: StaffRole[]): boolean {
  return roles.some((r) => wanted.some((w) => HOLDS[r]?.includes(w)));
}

/** 总部 and admins act for every store; everyone else for the stores they are listed at. */
export function isChainWide(roles: readonly StaffRole[]): boolean {
  return holdsRole(roles, 'owner');
}

/** The stores whose records someone may see and change: null for every store (and 总部/线上). */
export function storesInScope(who: {
  roles: readonly StaffRole[];
  storeIds: readonly Types.ObjectId[];
}): readonly Types.ObjectId[] | null {
  return isChainWide(who.roles) ? null : who.storeIds;
}

/** True when `storeId` is in scope (null: the record belongs to no store, so only the chain-wide). */
export function storeInScope(
  who: { roles: readonly StaffRole[]; storeIds: readonly Types.ObjectId[] },
  storeId: Types.ObjectId | null | undefined,
): boolean {
  const scope = storesInScope(who);
  return scope === null || (!!storeId && scope.some((s) => s.equals(storeId)));
}

/**
 * Refuses something that reaches stores beyond someone's scope: a coupon valid at every store (no stores
 * listed) or at another store is 总部's to make or hand out, not a store manager's.
 */
export function requireStoresWithin(
  who: { roles: readonly StaffRole[]; storeIds: readonly Types.ObjectId[] },
  storeIds: readonly Types.ObjectId[],
  what: string,
): void {
  const scope = storesInScope(who);
  if (scope === null) return;
  if (storeIds.length && storeIds.every((id) => scope.some((s) => s.equals(id)))) return;
  throw new DomainError('NOT_STAFF_OF_STORE', `${what} reaches stores you do not work for`, {
    storeIds: storeIds.map(String),
  });
}
