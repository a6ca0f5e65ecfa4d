// Staff members, their roles and stores, their chat identities and their API tokens.
import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { StaffModel, type Staff, type StaffRole } from '../models/staff.js';
import { ApiTokenModel } from '../models/api-token.js';
import { ChannelIdentityModel, identityId } from '../models/channel-identity.js';
import { ReadCache } from '../read-cache.js';
import { StaffLoginModel } from '../models/staff-login.js';
import { insertOnce } from '../insert-once.js';
import { normalizePhone } from '../phone.js';
import { now } from '../clock.js';
import { holdsRole } from './roles.js';

export interface NewStaff {
  name: string;
  roles: StaffRole[];
  storeIds: Types.ObjectId[];
  /** A mobile phone to sign in to the console with; one staff member per phone. */
  phone?: string;
}

// Read on every staff and agent command; staff records change rarely.
const staffCache = new ReadCache<Staff | null>();

export async function createStaff(input: NewStaff): Promise<Staff> {
  const _id = new Types.ObjectId();
  const phone = input.phone ? normalizePhone(input.phone) : null;
  // The phone is claimed first, by inserting its _id: of two staff given one phone, one is refused whole.
  if (
    phone &&
    !(await insertOnce(StaffLoginModel, { _id: phone, staffId: _id, passwordHash: null, createdAt: now() }))
  ) {
    throw new DomainError('STAFF_PHONE_TAKEN', 'another staff member signs in with this phone');
  }
  try {
    const staff = (await StaffModel.create({ ...input, _id, phone })).toObject<Staff>();
    staffCache.clear();
    return staff;
  } catch (err) {
    if (phone) await StaffLoginModel.deleteOne({ _id: phone, staffId: _id });
    throw err;
  }
}

export async function requireStaff(id: string | Types.ObjectId): Promise<Staff> {
  const staff = /^[0-9a-f]{24}$/i.test(String(id)) ? await StaffModel.findById(id).lean<Staff>() : null;
  if (!staff) throw new DomainError('STAFF_NOT_FOUND', 'no such staff member');
  return staff;
}

export async function listStaff(): Promise<Staff[]> {
  return StaffModel.find().sort({ name: 1 }).lean<Staff[]>();
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a new API token; the plain token is returned once and only its hash is kept. */
export async function issueApiToken(staffId: Types.ObjectId, label?: string): Promise<string> {
  const token = `hy_${randomBytes(24).toString('base64url')}`;
  await ApiTokenModel.create({ _id: hashToken(token), staffId, label });
  return token;
}

export type TokenHolder = { staff: Staff } | { integration: { channel: string; label: string } };

/** Who a token speaks for: an active staff member, or an integration on its channel; null if nobody. */
export async function holderOfToken(token: string): Promise<TokenHolder | null> {
  const record = await ApiTokenModel.findById(hashToken(token)).lean();
  if (!record || record.revokedAt) return null;
  if (record.integrationChannel) {
    return { integration: { channel: record.integrationChannel, label: record.label ?? 'integration' } };
  }
  const staff = record.staffId ? await StaffModel.findById(record.staffId).lean<Staff>() : null;
  return staff?.active ? { staff } : null;
}

/** Issues a credential for an integration that speaks for its users on one channel (shown once). */
export async function issueIntegrationToken(channel: string, label: string): Promise<string> {
  const token = `hy_int_${randomBytes(24).toString('base64url')}`;
  await ApiTokenModel.create({ _id: hashToken(token), integrationChannel: channel, label });
  return token;
}

/** Links a chat account to a staff member, so their messages in store groups are recognised. */
export async function linkStaffIdentity(staffId: Types.ObjectId, channel: string, externalId: string) {
  await ChannelIdentityModel.updateOne(
    { _id: identityId(channel, externalId) },
    { $set: { staffId }, $setOnInsert: { channel, externalId } },
    { upsert: true },
  );
}

export function hasRole(staff: Pick<Staff, 'roles'>, ...roles: StaffRole[]): boolean {
  return holdsRole(staff.roles, 'admin', ...roles);
}

/** Staff names by id, for reports and ticket lists. */
export async function staffNames(
  ids: ReadonlyArray<Types.ObjectId | string | null>,
): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is Types.ObjectId | string => !!id);
  if (!wanted.length) return new Map();
  const staff = await StaffModel.find({ _id: { $in: wanted } }).lean<Staff[]>();
  return new Map(staff.map((s) => [String(s._id), s.name]));
}

/** A staff member by id, or null (no error): for checking who a chat account belongs to. */
export async function staffById(id: Types.ObjectId | null | undefined): Promise<Staff | null> {
  if (!id) return null;
  return staffCache.get(String(id), () => StaffModel.findById(id).lean<Staff>());
}

/** An active staff member by name (agents hand tickets to colleagues by name). */
export async function activeStaffByName(name: string): Promise<Staff | null> {
  return StaffModel.findOne({ name, active: true }).lean<Staff>();
}
