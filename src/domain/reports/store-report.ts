// A store's (or the whole programme's) totals for a business day (日报) or month (月报), from the ledger's
// `day` and `month` fields. Every entry falls in exactly one row: its store's, or 总部/线上 when it was made
// at no store (the admin API, a member's own action, a job); the total is the sum of the rows, so the rows
// always add up to it. Each kind of movement has its line, and imported opening balances and points are
// their own line (期初导入), never sales, points issued or new members.
import type { Types } from 'mongoose';
import dayjs from 'dayjs';
import { LedgerEntryModel, type LedgerEntry } from '../models/ledger-entry.js';
import { membersRegisteredIn } from '../directory/member-directory.js';
import { startOfBusinessDay } from '../clock.js';

/** Who a line of the report is about: a staff member, or where operations without one came from. */
export type OperationSource = 'staff' | 'admin' | 'member' | 'system';

export interface StaffTotals {
  staffId: string | null;
  source: OperationSource;
  consumeCount: number;
  consumeFen: number;
  rechargeFen: number;
}

/** A business day (YYYY-MM-DD) or month (YYYY-MM), in Asia/Shanghai. */
export type ReportPeriod = { day: string } | { month: string };

/** The figures of one row; every field adds up over rows. */
export interface ReportTotals {
  /** Members who registered in the period (imported ones are counted apart, in importedMembers). */
  newMembers: number;
  consumeCount: number;
  /** What members paid (stored value and outside), before any reversal. */
  consumeFen: number;
  paidFromBalanceFen: number;
  rechargeCount: number;
  rechargePaidFen: number;
  rechargeBonusFen: number;
  countCardSaleCount: number;
  /** Count cards sold: their price, and the part paid from stored value. */
  countCardSaleFen: number;
  countCardPaidFromBalanceFen: number;
  mallExchangeCount: number;
  mallPoints: number;
  pointsExpired: number;
  /** Points given: earned by purchases, adjustments, check-ins, referrals (not opening points). */
  pointsIssued: number;
  /** Points taken: paid at the counter, exchanged, adjusted down, expired, reversed. */
  pointsTaken: number;
  reversalCount: number;
  /** Consumption given back by reversals made in the period. */
  reversedConsumeFen: number;
  /** Recharges taken back by reversals made in the period (paid part, and bonus part). */
  reversedRechargePaidFen: number;
  reversedRechargeBonusFen: number;
  /** 期初导入: members imported with their opening balance and points. */
  importedMembers: number;
  openingBalanceFen: number;
  openingPoints: number;
  /** Every balance and points change of the row in the period, added up. */
  balanceMovementFen: number;
  pointsMovement: number;
}

export interface StoreReport extends ReportTotals {
  /** The day or month, as asked. */
  period: string;
  kind: 'day' | 'month';
  byStaff: StaffTotals[];
}

/** Where an entry or a member belongs: a store's id, or HEADQUARTERS for none. */
export const HEADQUARTERS = 'hq';
/** Recharges paid online (WeChat Pay), and their refunds: a row of their own beside the stores. */
export const ONLINE = 'online';

export function emptyTotals(): ReportTotals {
  return {
    newMembers: 0,
    consumeCount: 0,
    consumeFen: 0,
    paidFromBalanceFen: 0,
    rechargeCount: 0,
    rechargePaidFen: 0,
    rechargeBonusFen: 0,
    countCardSaleCount: 0,
    countCardSaleFen: 0,
    countCardPaidFromBalanceFen: 0,
    mallExchangeCount: 0,
    mallPoints: 0,
    pointsExpired: 0,
    pointsIssued: 0,
    pointsTaken: 0,
    reversalCount: 0,
    reversedConsumeFen: 0,
    reversedRechargePaidFen: 0,
    reversedRechargeBonusFen: 0,
    importedMembers: 0,
    openingBalanceFen: 0,
    openingPoints: 0,
    balanceMovementFen: 0,
    pointsMovement: 0,
  };
}

/** A row with nothing in it yet, for a day or a month. */
export function emptyReport(period: ReportPeriod): StoreReport {
  const kind = 'day' in period ? 'day' : 'month';
  return { period: 'day' in period ? period.day : period.month, kind, ...emptyTotals(), byStaff: [] };
}

/** Adds one ledger entry to a row. */
export function addEntry(t: ReportTotals, e: LedgerEntry): void {
  t.balanceMovementFen += e.balanceDeltaFen;
  t.pointsMovement += e.pointsDelta;
  if (e.kind === 'opening') {
    t.openingBalanceFen += e.balanceDeltaFen;
    t.openingPoints += e.pointsDelta;
    return;
  }
  if (e.pointsDelta > 0) t.pointsIssued += e.pointsDelta;
  else t.pointsTaken -= e.pointsDelta;
  switch (e.kind) {
    case 'consume':
      t.consumeCount++;
      t.consumeFen += e.spendDeltaFen;
      t.paidFromBalanceFen -= e.balanceDeltaFen;
      break;
    case 'recharge':
      t.rechargeCount++;
      t.rechargePaidFen += Number(e.details.paidFen ?? 0);
      t.rechargeBonusFen += Number(e.details.bonusFen ?? 0);
      break;
    case 'count_card_sale':
      t.countCardSaleCount++;
      t.countCardSaleFen += e.spendDeltaFen;
      t.countCardPaidFromBalanceFen -= e.balanceDeltaFen;
      break;
    case 'points_redeem':
      t.mallExchangeCount++;
      t.mallPoints -= e.pointsDelta;
      break;
    case 'points_expire':
      t.pointsExpired -= e.pointsDelta;
      break;
    case 'reversal':
      // Reversals stand on their own line, in the period they are made; the originals keep their figures.
      t.reversalCount++;
      if (e.details.originalKind === 'consume') t.reversedConsumeFen -= e.spendDeltaFen;
      else if (e.details.originalKind === 'recharge') {
        t.reversedRechargePaidFen += Number(e.details.paidFen ?? 0);
        t.reversedRechargeBonusFen += Number(e.details.bonusFen ?? 0);
      }
      break;
    default:
      break;
  }
}

const TOTAL_KEYS = Object.keys(emptyTotals()) as (keyof ReportTotals)[];

/** Adds a row's figures into another's; only the figures, so either may be a whole StoreReport. */
export function addTotals(into: ReportTotals, t: ReportTotals): void {
  for (const key of TOTAL_KEYS) into[key] += t[key];
}

function periodRange(period: ReportPeriod): { from: Date; to: Date } {
  // Calendar arithmetic on the date text, then each bound's first moment in the business time zone.
  const first = 'day' in period ? period.day : `${period.month}-01`;
  const next = dayjs(first)
    .add(1, 'day' in period ? 'day' : 'month')
    .format('YYYY-MM-DD');
  return { from: startOfBusinessDay(first), to: startOfBusinessDay(next) };
}

const rowOf = (storeId: Types.ObjectId | null | undefined) => (storeId ? String(storeId) : HEADQUARTERS);
const entryRow = (e: LedgerEntry) => (e.channel === 'wechatpay' ? ONLINE : rowOf(e.storeId));

/** Every row of the period (each store that had anything, and 总部/线上) by row key; or one store's. */
export async function periodRows(
  period: ReportPeriod,
  storeId?: Types.ObjectId,
): Promise<Map<string, StoreReport>> {
  const only = storeId ? { storeId } : {};
  const rows = new Map<string, StoreReport>();
  const staffLines = new Map<string, Map<string, StaffTotals>>();
  const row = (key: string) => {
    let r = rows.get(key);
    if (!r) {
      r = emptyReport(period);
      rows.set(key, r);
      staffLines.set(key, new Map());
    }
    return r;
  };
  for await (const doc of LedgerEntryModel.find({ ...only, ...period })
    .lean<LedgerEntry>()
    .cursor()) {
    const e = doc as LedgerEntry;
    const key = entryRow(e);
    addEntry(row(key), e);
    if (e.kind === 'consume' || e.kind === 'recharge') addStaffLine(staffLines.get(key)!, e);
  }
  const { from, to } = periodRange(period);
  for (const m of await membersRegisteredIn(from, to)) {
    if (storeId && !storeId.equals(m.registeredStoreId ?? undefined)) continue;
    const r = row(rowOf(m.registeredStoreId));
    if (m.registeredChannel === 'import') r.importedMembers++;
    else r.newMembers++;
  }
  for (const [key, r] of rows) r.byStaff = [...staffLines.get(key)!.values()];
  return rows;
}

function addStaffLine(lines: Map<string, StaffTotals>, e: LedgerEntry): void {
  const source: OperationSource = e.staffId ? 'staff' : sourceOf(e.actor.kind);
  const key = e.staffId ? String(e.staffId) : source;
  let t = lines.get(key);
  if (!t) {
    t = {
      staffId: e.staffId ? String(e.staffId) : null,
      source,
      consumeCount: 0,
      consumeFen: 0,
      rechargeFen: 0,
    };
    lines.set(key, t);
  }
  if (e.kind === 'consume') {
    t.consumeCount++;
    t.consumeFen += e.spendDeltaFen;
  } else t.rechargeFen += Number(e.details.paidFen ?? 0);
}

function sourceOf(kind: LedgerEntry['actor']['kind']): OperationSource {
  return kind === 'staff' ? 'admin' : kind;
}

/** A store's totals for the period (日报, 月报 in its group). */
export async function storeReport(storeId: Types.ObjectId, period: ReportPeriod): Promise<StoreReport> {
  return (await periodRows(period, storeId)).get(String(storeId)) ?? emptyReport(period);
}
