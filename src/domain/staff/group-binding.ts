// 绑定门店: 总部 (or an admin) binds the group chat they are in to a store.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import type { Store } from '../models/store.js';
import { hasRole, staffById } from './staff-service.js';
import { bindGroupToStore, requireStore } from '../stores/store-service.js';

export async function bindGroupByAdmin(
  staffId: Types.ObjectId | null | undefined,
  storeCode: string,
  channel: string,
  chatId: string,
): Promise<Store> {
  const staff = await staffById(staffId);
  if (!staff?.active || !hasRole(staff, 'owner'))
    throw new DomainError('FORBIDDEN', '总部 or admins only', { role: 'owner' });
  const store = await requireStore(storeCode);
  await bindGroupToStore(store._id, channel, chatId);
  const actor: Actor = { kind: 'staff', id: String(staff._id), name: staff.name, channel, chatId };
  await AuditLogModel.create({ action: 'store.bindGroup', actor, storeId: store._id, at: now() });
  return store;
}
