// Coupons: templates, issuing SNs, claiming an SN into a wallet, redeeming gifts, listing a wallet.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { endOfBusinessDay, now } from '../clock.js';
import {
  CouponEventModel,
  CouponModel,
  CouponTemplateModel,
  ClaimCodeModel,
  type Coupon,
  type CouponTemplate,
} from '../models/coupon.js';
import { isCouponUseReserved, releaseCouponUse, reserveCouponUse, settleCouponUse } from './coupon-use.js';
import { isDomainError } from '../errors.js';
import type { CommitResult } from '../ledger/commit.js';
import { generateSn, hasValidCheckChar, looksLikeSn, normalizeSn } from './coupon-sn.js';
import { insertOnce } from '../insert-once.js';
import { couponUsableAt, refuseUnusable } from './coupon-rules.js';
import { storeName } from '../stores/store-service.js';
import { claimIssueSlots, releaseIssueSlots } from './coupon-limits.js';
import { CouponIssueModel } from '../models/coupon-issue.js';
import { putInWallet } from './coupon-wallet.js';
import type { NoticeService } from '../notifications/notice-service.js';

export type NewTemplate = Omit<CouponTemplate, '_id' | 'createdAt' | 'storeIds' | 'audienceLevels'> & {
  storeIds?: Types.ObjectId[];
  audienceLevels?: string[];
};

export async function createTemplate(input: NewTemplate): Promise<CouponTemplate> {
  if (input.validTo && input.validDays) {
    throw new DomainError('VALIDATION_FAILED', 'give either validTo or validDays, not both');
  }
  if (input.validFrom && input.validTo && input.validTo <= input.validFrom) {
    throw new DomainError('VALIDATION_FAILED', 'validTo must come after validFrom');
  }
  if (input.type === 'cash' && !input.valueFen) {
    throw new DomainError('VALIDATION_FAILED', 'a cash coupon needs valueFen');
  }
  if (input.type === 'discount' && input.discountPercent >= 100) {
    throw new DomainError('VALIDATION_FAILED', 'a discount coupon needs discountPercent below 100');
  }
  if (input.type === 'gift' && !input.giftName) {
    throw new DomainError('VALIDATION_FAILED', 'a gift coupon needs giftName');
  }
  if (input.claimFrom && input.claimTo && input.claimTo <= input.claimFrom) {
    throw new DomainError('VALIDATION_FAILED', 'claimTo must come after claimFrom');
  }
  if (!input.claimCode) return (await CouponTemplateModel.create(input)).toObject<CouponTemplate>();
  // A claimable coupon is one per member unless said otherwise; its number is taken before it exists.
  const template = new CouponTemplateModel({ perMemberLimit: 1, ...input });
  if (!(await insertOnce(ClaimCodeModel, { _id: input.claimCode, templateId: template._id }))) {
    throw new DomainError('CLAIM_CODE_TAKEN', `claim code ${input.claimCode} is taken`);
  }
  return (await template.save()).toObject<CouponTemplate>();
}

/**
 * Templates usable at a store in scope (null: every template), newest first, each with how many coupons
 * of it are out: what a console lists, claimable ones (with a claim code) among them.
 */
export async function listTemplates(
  scope: readonly Types.ObjectId[] | null,
): Promise<Array<CouponTemplate & { issued: number }>> {
  // A chain has tens of templates, not thousands: read them all and keep those usable in scope.
  const templates = (await CouponTemplateModel.find().sort({ _id: -1 }).lean<CouponTemplate[]>()).filter(
    (t) => scope === null || !t.storeIds.length || t.storeIds.some((id) => scope.some((s) => s.equals(id))),
  );
  const counts = await CouponModel.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { templateId: { $in: templates.map((t) => t._id) } } },
    { $group: { _id: '$templateId', n: { $sum: 1 } } },
  ]);
  const issued = new Map(counts.map((c) => [String(c._id), c.n]));
  return templates.map((t) => ({ ...t, issued: issued.get(String(t._id)) ?? 0 }));
}

export async function requireTemplate(templateId: Types.ObjectId | string): Promise<CouponTemplate> {
  const template = /^[0-9a-f]{24}$/i.test(String(templateId))
    ? await CouponTemplateModel.findById(templateId).lean<CouponTemplate>()
    : null;
  if (!template) throw new DomainError('TEMPLATE_NOT_FOUND', 'no such coupon template');
  return template;
}

/**
 * Issues coupons as issueCoupons does, and tells the member they have them (once per issue: a repeated
 * request returns the same coupons and finds the notice already stored).
 */
export async function issueCouponsAndTell(
  notices: NoticeService,
  templateId: Types.ObjectId | string,
  count: number,
  memberId?: Types.ObjectId | null,
  requestKey?: string,
): Promise<Coupon[]> {
  const coupons = await issueCoupons(templateId, count, memberId, requestKey);
  if (memberId && coupons.length)
    await notices.notifyMemberOf(memberId, `coupons:${coupons[0]!._id}`, { kind: 'couponsIssued', coupons });
  return coupons;
}

/**
 * Issues `count` coupons of a template, to a member's wallet or unowned (for printing or sharing), within
 * the template's total quota and per-member limit. With a request key, a repeat of the request returns
 * the coupons it issued the first time and issues none.
 */
export async function issueCoupons(
  templateId: Types.ObjectId | string,
  count: number,
  memberId?: Types.ObjectId | null,
  requestKey?: string,
): Promise<Coupon[]> {
  const template = await requireTemplate(templateId);
  const coupons: Coupon[] = [];
  for (let i = 0; i < count; i++) {
    const reserved = await reserveCoupon(template, memberId ?? null, requestKey && `${requestKey}:${i}`);
    coupons.push(reserved.issued ?? (await insertReservedCoupon(template, memberId ?? null, reserved.sn)));
  }
  // A repeat puts them in again: a crash after the coupon and before the wallet is mended so, and
  // the wallet reads each SN once.
  if (memberId && coupons.length) await putInWallet(memberId, coupons);
  return coupons;
}

export interface ReservedCoupon {
  sn: string;
  /** The quota and member slots it holds (none on a repeat, whose first reservation holds them). */
  slots: string[];
  /**
   * The request's own records this call made (its reservation and the note that its slots are held):
   * only a reservation made by this call may be given back by it; a repeat's belongs to the first.
   */
  requestSlots: string[];
  /** The coupon, when a repeat of the request finds it already issued. */
  issued?: Coupon;
}

/**
 * Takes what one coupon of the template needs (its quota slot and the member's slot) without issuing it:
 * the caller issues it with insertReservedCoupon once the rest of its operation holds, or gives the
 * slots back with releaseReservedCoupon. With a request key the reservation is made once; a repeat is
 * handed the first one's SN (and its coupon, if issued).
 */
export async function reserveCoupon(
  template: CouponTemplate,
  memberId: Types.ObjectId | null,
  requestKey?: string,
): Promise<ReservedCoupon> {
  const sn = generateSn();
  if (!requestKey) return { sn, slots: await claimIssueSlots(template, memberId, sn), requestSlots: [] };
  // The request's coupon is decided first, so two deliveries of one request reserve it once; a second
  // record says its slots are held, so a repeat never issues a coupon whose quota is not yet taken.
  const slot = `req:${requestKey}`;
  const held = `${slot}:held`;
  const fresh = await insertOnce(CouponIssueModel, {
    _id: slot,
    templateId: template._id,
    kind: 'request',
    sn,
    at: now(),
  });
  if (!fresh) {
    const first = await CouponIssueModel.findById(slot).lean();
    const issued = first && (await CouponModel.findById(first.sn).lean<Coupon>());
    if (first && issued) return { sn: first.sn, slots: [], requestSlots: [], issued };
    if (first && (await CouponIssueModel.exists({ _id: held })))
      return { sn: first.sn, slots: [], requestSlots: [] };
    // Not held yet: still under way, or abandoned by a crash (then started again once it is stale).
    if (first && now().getTime() - first.at.getTime() > ABANDONED_RESERVATION_MS) {
      await CouponIssueModel.deleteOne({ _id: slot, sn: first.sn });
      return reserveCoupon(template, memberId, requestKey);
    }
    throw new DomainError('CONCURRENT_UPDATE', 'this request is still being handled');
  }
  try {
    const slots = await claimIssueSlots(template, memberId, sn);
    await insertOnce(CouponIssueModel, {
      _id: held,
      templateId: template._id,
      kind: 'request',
      sn,
      at: now(),
    });
    return { sn, slots, requestSlots: [held, slot] };
  } catch (err) {
    await CouponIssueModel.deleteOne({ _id: slot });
    throw err;
  }
}

/** A request's reservation this old without its slots held belongs to a handler that died. */
const ABANDONED_RESERVATION_MS = 30_000;

/**
 * Gives back what reserveCoupon took, for an operation refused after it (nothing was issued). A repeat's
 * reservation holds nothing of its own (it belongs to the first delivery), so it gives back nothing.
 */
export async function releaseReservedCoupon(
  template: CouponTemplate,
  reserved: ReservedCoupon,
): Promise<void> {
  if (reserved.slots.length) await releaseIssueSlots(template, reserved.slots);
  for (const _id of reserved.requestSlots) await CouponIssueModel.deleteOne({ _id });
}

/** Issues the coupon a reservation holds into the member's wallet (again on a repeat: read once). */
export async function issueReservedCoupon(
  template: CouponTemplate,
  memberId: Types.ObjectId,
  reserved: ReservedCoupon,
): Promise<Coupon> {
  const coupon = reserved.issued ?? (await insertReservedCoupon(template, memberId, reserved.sn));
  await putInWallet(memberId, [coupon]);
  return coupon;
}

/** Issues the coupon a reservation holds; once per SN however often it is asked. */
async function insertReservedCoupon(
  template: CouponTemplate,
  memberId: Types.ObjectId | null,
  sn: string,
): Promise<Coupon> {
  const issuedAt = now();
  // N days of validity end with the business day the Nth day falls on, never part-way through it.
  const expiresAt =
    template.validTo ??
    endOfBusinessDay(new Date(issuedAt.getTime() + (template.validDays ?? 30) * 24 * 3600_000));
  const coupon: Coupon = {
    _id: sn,
    templateId: template._id,
    name: template.name,
    type: template.type,
    valueFen: template.valueFen,
    discountPercent: template.discountPercent,
    ...(template.giftName ? { giftName: template.giftName } : {}),
    minSpendFen: template.minSpendFen,
    storeIds: template.storeIds,
    memberId,
    status: 'active',
    validFrom: template.validFrom ?? issuedAt,
    expiresAt,
    issuedAt,
  };
  if (await insertOnce(CouponModel, coupon)) return coupon;
  return (await CouponModel.findById(sn).lean<Coupon>()) ?? coupon;
}

/**
 * Finds a coupon by what a person typed. A wrong check character is reported as a typo before any
 * lookup; the status reflects expiry and a use whose projection a crash left behind.
 */
export async function findCoupon(text: string): Promise<Coupon> {
  const sn = normalizeSn(text);
  if (!looksLikeSn(sn) || !hasValidCheckChar(sn)) {
    throw new DomainError('INVALID_SN', 'this SN has a typo (its check character does not match)');
  }
  const coupon = await CouponModel.findById(sn).lean<Coupon>();
  if (!coupon) throw new DomainError('COUPON_NOT_FOUND', 'no coupon with this SN');
  // The use event decides; the status may lag behind it after a crash.
  if (coupon.status === 'active' && (await isCouponUseReserved(sn))) return { ...coupon, status: 'used' };
  if (coupon.status === 'active' && coupon.expiresAt <= now()) return { ...coupon, status: 'expired' };
  return coupon;
}

/** Refuses a coupon that cannot be used now at this store, naming the stores where it can. */
export async function requireUsableAt(coupon: Coupon, storeId: Types.ObjectId | null): Promise<void> {
  try {
    couponUsableAt(coupon, storeId, now());
  } catch (err) {
    if (!isDomainError(err, 'COUPON_NOT_APPLICABLE')) throw err;
    const names = await Promise.all(coupon.storeIds.map((id) => storeName(id)));
    throw new DomainError('COUPON_NOT_APPLICABLE', err.message, {
      storeNames: names.filter((n): n is string => !!n),
    });
  }
}

/** A coupon already in another member's wallet cannot be used for this one. */
export function refuseIfOthers(coupon: Coupon, memberId: Types.ObjectId): void {
  if (coupon.memberId && !coupon.memberId.equals(memberId)) {
    throw new DomainError('COUPON_NOT_YOURS', 'this coupon belongs to someone else');
  }
}

/** Puts an unowned discount or cash coupon into the member's wallet; each SN is claimed once. */
export async function claimCoupon(coupon: Coupon, memberId: Types.ObjectId): Promise<Coupon> {
  if (coupon.memberId?.equals(memberId)) {
    throw new DomainError('COUPON_ALREADY_YOURS', 'this coupon is already in your wallet');
  }
  if (coupon.memberId) throw new DomainError('COUPON_NOT_YOURS', 'this coupon belongs to someone else');
  refuseUnusable(coupon, now());
  const template = await requireTemplate(coupon.templateId);
  // The quota was counted when the SN was issued; the member's limit is counted now.
  await claimIssueSlots({ ...template, totalQuota: null }, memberId, coupon._id);
  const claimed = await insertOnce(CouponEventModel, {
    _id: `${coupon._id}:claim`,
    sn: coupon._id,
    kind: 'claim',
    memberId,
    at: now(),
  });
  if (!claimed) {
    const claim = await CouponEventModel.findById(`${coupon._id}:claim`).lean();
    if (claim?.memberId?.equals(memberId)) {
      throw new DomainError('COUPON_ALREADY_YOURS', 'this coupon is already in your wallet');
    }
    throw new DomainError('COUPON_NOT_YOURS', 'this coupon belongs to someone else');
  }
  await CouponModel.updateOne({ _id: coupon._id }, { $set: { memberId } });
  await putInWallet(memberId, [coupon]);
  return { ...coupon, memberId };
}

/** Runs a ledger operation that uses a coupon: reserve, commit, then settle or release. */
export async function withCouponUse(
  sn: string,
  memberId: Types.ObjectId | null,
  ledgerKey: string,
  operation: () => Promise<CommitResult>,
): Promise<CommitResult> {
  await reserveCouponUse(sn, memberId, ledgerKey);
  let result: CommitResult;
  try {
    result = await operation();
  } catch (err) {
    if (isDomainError(err)) await releaseCouponUse(sn, ledgerKey);
    throw err;
  }
  // The use event already decides (findCoupon reads it); a status left behind catches up next time.
  await settleCouponUse(sn, result.entry).catch(() => undefined);
  return result;
}
