// The shapes the member pages read from the API, and the names they show for ids: a member's level
// (GET /api/programme: its levels carry the id a member's levelId names) and stores (GET /api/stores).
import { api } from './api';

export interface FrozenInfo {
  reason: string;
  by: string;
  at: string;
}

export interface Member {
  id: string;
  cardNumber: string;
  phone: string;
  name: string | null;
  gender: 'male' | 'female' | null;
  birthday: string | null;
  levelId: string | null;
  balanceFen: number;
  points: number;
  totalSpendFen: number;
  status: 'active' | 'frozen';
  registeredStoreId: string | null;
  frozen: FrozenInfo | null;
  createdAt: string | null;
}

export interface Level {
  id: string;
  code: string;
  name: string;
  discountPercent: number;
  rank: number;
}

export interface Store {
  id: string;
  code: string;
  name: string;
}

export interface Programme {
  levels: Level[];
  rules: { rechargeTiers: Array<{ minFen: number; bonusFen: number }> };
}

export async function loadProgramme(): Promise<Programme> {
  const programme = await api<Programme>('GET', '/api/programme');
  programme.levels.sort((a, b) => a.rank - b.rank);
  return programme;
}

export async function loadStores(): Promise<Store[]> {
  return (await api<{ stores: Store[] }>('GET', '/api/stores')).stores;
}

/** The level's Chinese name for a member's levelId ('其他' when the programme no longer has it). */
export function levelName(levels: Level[], levelId: string | null): string {
  return levels.find((l) => l.id === levelId)?.name ?? '其他';
}

export function storeName(stores: Store[], storeId: string | null): string {
  if (!storeId) return '总部/线上';
  return stores.find((s) => s.id === storeId)?.name ?? '其他';
}

/** What a recharge of this amount earns on top (the highest tier reached; tiers do not add up). */
export function rechargeBonusFen(programme: Programme | null, amountFen: number): number {
  let bonus = 0;
  for (const tier of programme?.rules.rechargeTiers ?? [])
    if (amountFen >= tier.minFen && tier.bonusFen > bonus) bonus = tier.bonusFen;
  return bonus;
}

/** The name a person reads for a member with none on file. */
export function displayName(m: Pick<Member, 'name' | 'phone'>): string {
  return m.name || `尾号${m.phone.slice(-4)}的会员`;
}

/** A coupon in the member's wallet (GET /api/members/:id/coupons). */
export interface MemberCoupon {
  sn: string;
  name: string;
  type: 'cash' | 'discount' | 'gift';
  valueFen: number;
  discountPercent: number;
  giftName: string | null;
  minSpendFen: number;
  status: string;
  expiresAt: string;
}

/** A count card the member holds (GET /api/members/:id/count-cards). */
export interface HeldCard {
  id: string;
  name: string;
  service: string;
  uses: number;
  remaining: number;
  soldAt: string;
  expiresAt: string | null;
}

/** A ledger entry of the member's history (GET /api/members/:id/history). */
export interface HistoryEntry {
  no: string;
  kind: string;
  seq: number;
  balanceDeltaFen: number;
  pointsDelta: number;
  spendDeltaFen: number;
  balanceAfterFen: number;
  pointsAfter: number;
  storeId: string | null;
  note: string | null;
  /** On a reversal: the number of the entry it reverses. */
  reversesNo: string | null;
  at: string;
}

/** The money and status actions the member page confirms in a dialog. */
export type MemberAction =
  'recharge' | 'consume' | 'points' | 'freeze' | 'unfreeze' | 'lost' | 'replace' | 'reverse';
