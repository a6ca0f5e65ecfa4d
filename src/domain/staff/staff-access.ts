// Who may run store commands where: registered staff of the store, in the group chat bound to it. The one
// rule for group chats on every channel (the channels only report what they saw).
import { DomainError } from '../errors.js';
import type { ChannelIdentity } from '../models/channel-identity.js';
import type { Staff, StaffRole } from '../models/staff.js';
import type { Store } from '../models/store.js';
import { storeOfGroup } from '../stores/store-service.js';
import { hasRole, staffById } from './staff-service.js';
import { storeInScope } from './roles.js';

export interface StaffAtStore {
  staff: Staff;
  store: Store;
}

export type StaffAccess =
  | StaffAtStore
  /** A sender who is staff somewhere is told; a stranger in a group we do not serve is not answered. */
  | { refusal: 'GROUP_NOT_BOUND'; senderIsStaff: boolean }
  | { refusal: 'NOT_STAFF_HERE'; store: Store };

export async function staffAccess(
  identity: ChannelIdentity | null,
  channel: string,
  chatId: string,
): Promise<StaffAccess> {
  const store = await storeOfGroup(channel, chatId);
  const staff = await staffById(identity?.staffId);
  if (!store) return { refusal: 'GROUP_NOT_BOUND', senderIsStaff: staff?.active === true };
  const worksHere = staff?.active && storeInScope(staff, store._id);
  if (!staff || !worksHere) return { refusal: 'NOT_STAFF_HERE', store };
  return { staff, store };
}

export function requireStaffRole(staff: Staff, roles: StaffRole[]): void {
  if (hasRole(staff, ...roles)) return;
  throw new DomainError('FORBIDDEN', `needs role ${roles.join(' or ')}`);
}
