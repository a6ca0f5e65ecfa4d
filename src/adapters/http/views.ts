// JSON shapes of domain objects in API answers: ids as strings, internal keys left out.
import type { LedgerEntry } from '../../domain/models/ledger-entry.js';
import type { Member } from '../../domain/models/member.js';
import type { Store } from '../../domain/models/store.js';
import type { Staff } from '../../domain/models/staff.js';

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
    tags: m.tags ?? [],
    createdAt: m.createdAt ? new Date(m.createdAt).toISOString() : null,
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
  return { id: id(s._id), name: s.name, roles: s.roles, storeIds: s.storeIds.map(id), active: s.active };
}
