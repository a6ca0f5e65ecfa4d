// JSON shapes of domain objects in API answers: ids as strings, internal keys left out.
import type { LedgerEntry } from '../../domain/models/ledger-entry.js';
import type { Member } from '../../domain/models/member.js';
import type { Store } from '../../domain/models/store.js';
import type { Staff } from '../../domain/models/staff.js';
import type { MallItem } from '../../domain/models/mall.js';
import type { Coupon, CouponTemplate } from '../../domain/models/coupon.js';
import type { Level } from '../../domain/models/level.js';
import type { CheckoutResult } from '../../domain/checkout/checkout.js';
import type { CountCardPlan } from '../../domain/models/count-card.js';
import type { HeldCard } from '../../domain/count-cards/count-card-service.js';

const id = (v: unknown) => (v == null ? null : String(v));

export function entryView(e: LedgerEntry) {
  return {
    no: e.no,
    kind: e.kind,
    memberId: id(e.memberId),
    seq: e.seq,
    balanceDeltaFen: e.balanceDeltaFen,
    pointsDelta: e.pointsDelta,
    spendDeltaFen: e.spendDeltaFen,
    balanceAfterFen: e.balanceAfterFen,
    pointsAfter: e.pointsAfter,
    ...(e.countCardsAfter ? { countCardsAfter: e.countCardsAfter } : {}),
    details: e.details ?? {},
    reversesNo: e.reversesNo ?? null,
    storeId: id(e.storeId),
    staffId: id(e.staffId),
    channel: e.channel,
    note: e.note ?? null,
    at: new Date(e.at).toISOString(),
    day: e.day,
  };
}

export function memberView(m: Member) {
  return {
    id: id(m._id),
    cardNumber: m.cardNumber,
    phone: m.phone,
    name: m.name ?? null,
    gender: m.gender ?? null,
    birthday: m.birthday ?? null,
    levelId: id(m.levelId),
    balanceFen: m.balanceFen,
    points: m.points,
    totalSpendFen: m.totalSpendFen,
    status: m.status,
    registeredStoreId: id(m.registeredStoreId),
    frozen:
      m.status === 'frozen' && m.frozen ? { ...m.frozen, at: new Date(m.frozen.at).toISOString() } : null,
    createdAt: m.createdAt ? new Date(m.createdAt).toISOString() : null,
  };
}

export function levelView(l: Level) {
  return {
    code: l.code,
    name: l.name,
    discountPercent: l.discountPercent,
    threshold: l.threshold,
    rank: l.rank,
    extraBenefits: l.extraBenefits ?? [],
  };
}

/** A checkout's answer: the entry, the card after it, and the level it reached. */
export function checkoutView(r: CheckoutResult & { restoredCouponSn?: string | null }) {
  return {
    entry: entryView(r.entry),
    member: memberView(r.member),
    level: r.level ? levelView(r.level) : null,
    upgradedTo: r.upgradedTo ? levelView(r.upgradedTo) : null,
    ...(r.restoredCouponSn !== undefined ? { restoredCouponSn: r.restoredCouponSn } : {}),
  };
}

export function storeView(s: Store) {
  return {
    id: id(s._id),
    code: s.code,
    name: s.name,
    phone: s.phone ?? null,
    address: s.address ?? null,
    groupChats: s.groupChats ?? [],
  };
}

export function staffView(s: Staff) {
  return {
    id: id(s._id),
    name: s.name,
    roles: s.roles,
    storeIds: s.storeIds.map(id),
    phone: s.phone ?? null,
    active: s.active,
  };
}

export function templateView(t: CouponTemplate) {
  return {
    id: id(t._id),
    name: t.name,
    attribute: t.attribute,
    type: t.type,
    valueFen: t.valueFen,
    discountPercent: t.discountPercent,
    giftName: t.giftName ?? null,
    minSpendFen: t.minSpendFen,
    validFrom: t.validFrom ?? null,
    validTo: t.validTo ?? null,
    validDays: t.validDays ?? null,
    storeIds: t.storeIds.map(id),
    totalQuota: t.totalQuota ?? null,
    perMemberLimit: t.perMemberLimit ?? null,
    claimCode: t.claimCode ?? null,
    audienceLevels: t.audienceLevels ?? [],
    audienceTags: t.audienceTags ?? [],
    claimFrom: t.claimFrom ?? null,
    claimTo: t.claimTo ?? null,
  };
}

export function couponView(c: Coupon) {
  return {
    sn: c._id,
    templateId: id(c.templateId),
    name: c.name,
    type: c.type,
    valueFen: c.valueFen,
    discountPercent: c.discountPercent,
    giftName: c.giftName ?? null,
    minSpendFen: c.minSpendFen,
    memberId: id(c.memberId),
    status: c.status,
    expiresAt: c.expiresAt,
    usedEntryNo: c.usedEntryNo ?? null,
  };
}

export function mallItemView(i: MallItem & { stockLeft?: number }) {
  return {
    code: i._id,
    name: i.name,
    templateId: String(i.templateId),
    pointsPrice: i.pointsPrice,
    stock: i.stock,
    ...(i.stockLeft !== undefined ? { stockLeft: i.stockLeft } : {}),
    perMemberLimit: i.perMemberLimit ?? null,
    startsAt: i.startsAt ?? null,
    endsAt: i.endsAt ?? null,
  };
}

export function countCardPlanView(p: CountCardPlan) {
  return {
    code: p._id,
    name: p.name,
    service: p.service,
    uses: p.uses,
    priceFen: p.priceFen,
    validDays: p.validDays ?? null,
  };
}

export function heldCardView({ card, remaining }: HeldCard) {
  return {
    id: card._id,
    planCode: card.planCode,
    name: card.name,
    service: card.service,
    uses: card.uses,
    remaining,
    soldAt: new Date(card.soldAt).toISOString(),
    expiresAt: card.expiresAt ? new Date(card.expiresAt).toISOString() : null,
  };
}
