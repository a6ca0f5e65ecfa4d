// What the marketing tabs look names up in (stores, levels, coupon templates, segments), read once per
// visit of the page and shared by its tabs; `fresh()` after a tab creates something the others list.
import { api } from './api';
import { session } from './session';

export interface StoreRef {
  id: string;
  name: string;
}
export interface LevelRef {
  code: string;
  name: string;
}
export interface TemplateRow {
  id: string;
  name: string;
  attribute: string;
  type: 'cash' | 'discount' | 'gift';
  valueFen: number;
  discountPercent: number;
  giftName: string | null;
  minSpendFen: number;
  validFrom: string | null;
  validTo: string | null;
  validDays: number | null;
  storeIds: string[];
  totalQuota: number | null;
  perMemberLimit: number | null;
  claimCode: string | null;
  audienceLevels: string[];
  claimFrom: string | null;
  claimTo: string | null;
  issued: number;
}
export interface SegmentRow {
  id: string;
  name: string;
  filter: {
    levels?: string[];
    tags?: string[];
    storeIds?: string[];
    registeredFrom?: string;
    registeredTo?: string;
  };
  size: number;
}

const cache = new Map<string, Promise<unknown>>();

function once<B, T>(path: string, pick: (body: B) => T): Promise<T> {
  if (!cache.has(path)) {
    const read = api<B>('GET', path).then(pick);
    read.catch(() => cache.delete(path));
    cache.set(path, read);
  }
  return cache.get(path) as Promise<T>;
}

export const stores = () => once('/api/stores', (b: { stores: StoreRef[] }) => b.stores);
export const levels = () =>
  once('/api/programme', (b: { levels: Array<LevelRef & { rank: number }> }) =>
    [...b.levels].sort((x, y) => x.rank - y.rank),
  );
export const templates = () =>
  once('/api/coupon-templates', (b: { templates: TemplateRow[] }) => b.templates);
export const segments = () => once('/api/segments', (b: { segments: SegmentRow[] }) => b.segments);

/** Forgets what was read, so the next look-up reads it again. */
export function fresh(path?: string): void {
  if (path) cache.delete(path);
  else cache.clear();
}

/** The stores the signed-in person may choose for what they create: 总部 all, a store manager theirs. */
export async function storesToChoose(chainWide: boolean): Promise<StoreRef[]> {
  const all = await stores();
  return chainWide ? all : all.filter((s) => session.current?.storeIds.includes(s.id));
}

/** Names of stores (ids the list does not know read as 其他门店). */
export function storeNames(ids: string[], all: StoreRef[]): string {
  if (!ids.length) return '全部门店';
  return ids.map((id) => all.find((s) => s.id === id)?.name ?? '其他门店').join('、');
}

export function levelNames(codes: string[], all: LevelRef[]): string {
  return codes.map((c) => all.find((l) => l.code === c)?.name ?? '其他等级').join('、');
}
