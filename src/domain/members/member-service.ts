// Members: creation with a unique card number, lookup by id, phone or card number, search, freezing.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { generateCardNumber, isCardNumber } from '../card-number.js';
import { isPhone, normalizePhone } from '../phone.js';
import { toHalfWidth } from '../money.js';
import { MemberModel, type Member } from '../models/member.js';
import { WechatCardModel } from '../models/wechat-card.js';
import { MemberKeyModel, cardKey, phoneKey } from '../models/member-key.js';
import { entryLevel } from '../programme/programme-service.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import { insertOnce } from '../insert-once.js';
import { enterDirectory } from '../directory/member-directory.js';
import { phoneTailOf } from './phone-tail.js';
import { cardNumberOfCode, looksLikeMemberCode, refuseUsedMemberCode, useMemberCode } from './member-code.js';
import { enterListings, levelListing, storeListing } from '../listings/listings.js';
import { changingTally } from '../tallies/member-tally.js';

export interface NewMember {
  phone: string;
  name?: string;
  gender?: 'male' | 'female';
  birthday?: string;
  address?: string;
  registeredStoreId?: Types.ObjectId | null;
  registeredChannel?: string;
}

/**
 * Creates a member. The phone and the card number are claimed first, each by inserting its own key
 * document, so that two registrations of one phone cannot both succeed on any engine.
 */
export async function createMember(input: NewMember, actor: Actor): Promise<Member> {
  const phone = normalizePhone(input.phone);
  const memberId = new Types.ObjectId();
  await claimKey(
    phoneKey(phone),
    memberId,
    () => new DomainError('PHONE_TAKEN', 'this phone number already has a card'),
  );
  let cardNumber = '';
  for (let attempt = 0; !cardNumber; attempt++) {
    const candidate = generateCardNumber();
    try {
      await claimKey(
        cardKey(candidate),
        memberId,
        () => new DomainError('CONCURRENT_UPDATE', 'card number taken'),
      );
      cardNumber = candidate;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
  const level = await entryLevel();
  const created = await changingTally(memberId, () =>
    MemberModel.create({
      ...input,
      _id: memberId,
      phone,
      phoneTail: phoneTailOf(phone),
      cardNumber,
      levelId: level?._id ?? null,
    }),
  );
  await AuditLogModel.create({ action: 'member.create', actor, memberId, at: new Date() });
  await enterDirectory(memberId);
  await enterListings(memberId, [
    ...(level ? [levelListing(level._id)] : []),
    ...(input.registeredStoreId ? [storeListing(input.registeredStoreId)] : []),
  ]);
  return created.toObject<Member>();
}

/** Inserts a key document; a key left by a registration that never finished is taken over. */
async function claimKey(key: string, memberId: Types.ObjectId, taken: () => DomainError): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await insertOnce(MemberKeyModel, { _id: key, memberId })) return;
    const holder = await MemberKeyModel.findById(key).lean();
    if (holder && (await MemberModel.exists({ _id: holder.memberId }))) throw taken();
    await MemberKeyModel.deleteOne({ _id: key });
  }
  throw taken();
}

/** Finds a member by ObjectId, 11-digit phone or 10-digit card number; null when none matches. */
export async function findMember(ref: string): Promise<Member | null> {
  const text = toHalfWidth(ref).replace(/[\s-]/g, '');
  let id: string | Types.ObjectId | undefined;
  if (/^[0-9a-f]{24}$/i.test(text)) id = text;
  else if (isPhone(text) || isCardNumber(text)) {
    const key = await MemberKeyModel.findById(isPhone(text) ? phoneKey(text) : cardKey(text)).lean();
    if (key?.retiredAt) {
      throw new DomainError('CARD_REPLACED', 'this card was replaced', { replacedAt: key.retiredAt });
    }
    id = key?.memberId;
  }
  const member = id ? await MemberModel.findById(id).lean<Member>() : null;
  // A number claimed for a replacement that another replacement overtook (or one still being applied)
  // is not the card: only the member's current number opens it.
  if (member && isCardNumber(text) && !isPhone(text) && member.cardNumber !== text) {
    throw new DomainError('CARD_REPLACED', 'this card number is not in use', {});
  }
  return member;
}

/**
 * The member a reference names: a phone, card number or id, or a member code (会员码), which is checked
 * and, for an operation (`useKey`, its idempotency key), taken: a code serves one operation.
 */
export async function requireMember(ref: string, useKey?: string): Promise<Member> {
  const code = toHalfWidth(ref).replace(/\s/g, '');
  if (looksLikeMemberCode(code)) return memberOfCode(code, useKey);
  if (WALLET_CARD_CODE.test(code)) return memberOfWalletCard(code);
  const member = await findMember(ref);
  if (!member) throw new DomainError('MEMBER_NOT_FOUND', 'no member with that phone, card number or id');
  return member;
}

/** The code of a card in WeChat's 卡包, scanned at the till: 12 digits, standing for its member. */
const WALLET_CARD_CODE = /^\d{12}$/;

async function memberOfWalletCard(code: string): Promise<Member> {
  const card = await WechatCardModel.findById(code).lean();
  const member =
    card?.status === 'active' && card.memberId
      ? await MemberModel.findById(card.memberId).lean<Member>()
      : null;
  if (!member) throw new DomainError('MEMBER_NOT_FOUND', 'no active wallet card with this code');
  return member;
}

async function memberOfCode(code: string, useKey: string | undefined): Promise<Member> {
  const member = await findMember(await cardNumberOfCode(code));
  if (!member) throw new DomainError('MEMBER_NOT_FOUND', 'the card of this member code is gone');
  if (useKey) await useMemberCode(code, useKey, String(member._id));
  else await refuseUsedMemberCode(code);
  return member;
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export async function hashCardPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${(await scryptAsync(password, salt, 32)).toString('hex')}`;
}

export function cardPasswordMatches(member: Member, password: string): Promise<boolean> {
  return passwordMatchesHash(member.cardPasswordHash ?? '', password);
}

export async function passwordMatchesHash(stored: string, password: string): Promise<boolean> {
  const [salt, hash] = stored.split(':');
  if (!salt || !hash) return false;
  const given = await scryptAsync(password.trim(), Buffer.from(salt, 'hex'), 32);
  return timingSafeEqual(given, Buffer.from(hash, 'hex'));
}
