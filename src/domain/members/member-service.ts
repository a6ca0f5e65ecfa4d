// Members: creation with a unique card number, lookup by id, phone or card number, search, freezing.
import { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { generateCardNumber, isCardNumber } from '../card-number.js';
import { isPhone, normalizePhone } from '../phone.js';
import { toHalfWidth } from '../money.js';
import { MemberModel, type Member, type MemberStatus } from '../models/member.js';
import { LevelModel, type Level } from '../models/level.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';

export interface NewMember {
  phone: string;
  name?: string;
  gender?: 'male' | 'female';
  birthday?: string;
  address?: string;
  tags?: string[];
  registeredStoreId?: Types.ObjectId | null;
  registeredChannel?: string;
}

export async function entryLevel(): Promise<Level | null> {
  return LevelModel.findOne().sort({ rank: 1 }).lean<Level>();
}

export async function createMember(input: NewMember, actor: Actor): Promise<Member> {
  const phone = normalizePhone(input.phone);
  if (await MemberModel.exists({ phone })) {
    throw new DomainError('PHONE_TAKEN', 'this phone number already has a card');
  }
  const level = await entryLevel();
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const created = await MemberModel.create({
        ...input,
        phone,
        cardNumber: generateCardNumber(),
        levelId: level?._id ?? null,
      });
      await AuditLogModel.create({ action: 'member.create', actor, memberId: created._id, at: new Date() });
      return created.toObject<Member>();
    } catch (err) {
      const e = err as { code?: number; keyPattern?: Record<string, unknown> };
      if (e.code !== 11000) throw err;
      if (e.keyPattern?.phone || String(err).includes('phone')) {
        throw new DomainError('PHONE_TAKEN', 'this phone number already has a card');
      }
      // A card-number collision: draw another.
    }
  }
  throw new DomainError('CONCURRENT_UPDATE', 'could not allocate a card number; try again');
}

/** Finds a member by ObjectId, 11-digit phone or 10-digit card number; null when none matches. */
export async function findMember(ref: string): Promise<Member | null> {
  const text = toHalfWidth(ref).replace(/\s/g, '');
  if (Types.ObjectId.isValid(text) && text.length === 24) {
    return MemberModel.findById(text).lean<Member>();
  }
  if (isPhone(text)) return MemberModel.findOne({ phone: text }).lean<Member>();
  if (isCardNumber(text)) return MemberModel.findOne({ cardNumber: text }).lean<Member>();
  return null;
}

export async function requireMember(ref: string): Promise<Member> {
  const member = await findMember(ref);
  if (!member) throw new DomainError('MEMBER_NOT_FOUND', `no member with ${ref.length > 6 ? 'that number' : ref}`);
  return member;
}

export async function searchMembers(query: string, limit = 20): Promise<Member[]> {
  const text = toHalfWidth(query).trim();
  const exact = await findMember(text);
  if (exact) return [exact];
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const filter = /^\d{3,}$/.test(text)
    ? { $or: [{ phone: { $regex: `^${escaped}` } }, { cardNumber: { $regex: `^${escaped}` } }] }
    : { name: { $regex: escaped } };
  return MemberModel.find(filter).sort({ _id: 1 }).limit(Math.min(limit, 100)).lean<Member[]>();
}

export async function setMemberStatus(memberId: Types.ObjectId, status: MemberStatus, actor: Actor) {
  const updated = await MemberModel.findByIdAndUpdate(memberId, { $set: { status } }, { new: true }).lean<Member>();
  if (!updated) throw new DomainError('MEMBER_NOT_FOUND', 'no such member');
  await AuditLogModel.create({ action: `member.${status}`, actor, memberId, at: new Date() });
  return updated;
}
