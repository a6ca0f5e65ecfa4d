// A store's (or the whole programme's) totals for a business day (日报) or month (月报), from the ledger's `day` and `month` fields:
// consumption, recharge and bonus, points, reversals on their own line, new members, by staff.
import type { Types } from 'mongoose';
import { LedgerEntryModel, type LedgerEntry } from '../models/ledger-entry.js';
import { MemberModel } from '../models/member.js';
import { startOfBusinessDay } from '../clock.js';
import dayjs from 'dayjs';

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

export interface StoreReport {
  /** The day or month, as asked. */
  period: string;
  kind: 'day' | 'month';
  /** Members who registered at this store in the period. */
  newMembers: number;
  consumeCount: number;
  /** What members paid (stored value and outside), before any reversal. */
  consumeFen: number;
  paidFromBalanceFen: number;
  rechargeCount: number;
  rechargePaidFen: number;
  rechargeBonusFen: number;
  pointsIssued: number;
  pointsTaken: number;
  reversalCount: number;
  /** Consumption given back by reversals made this day. */
  reversedConsumeFen: number;
  /** Recharges taken back by reversals made this day (paid part, and bonus part). */
  reversedRechargePaidFen: number;
  reversedRechargeBonusFen: number;
  byStaff: StaffTotals[];
}

/** A store's totals for the period; with a null store, the whole programme's. */
export async function storeReport(
  storeId: Types.ObjectId | null,
  period: ReportPeriod,
): Promise<StoreReport> {
  const entries = await LedgerEntryModel.find({ ...(storeId ? { storeId } : {}), ...period }).lean<
    LedgerEntry[]
  >();
  const label = 'day' in period ? period.day : period.month;
  const report: StoreReport = {
    period: label,
    kind: 'day' in period ? 'day' : 'month',
    newMembers: await newMembersAt(storeId, period),
    consumeCount: 0,
    consumeFen: 0,
    paidFromBalanceFen: 0,
    rechargeCount: 0,
    rechargePaidFen: 0,
    rechargeBonusFen: 0,
    pointsIssued: 0,
    pointsTaken: 0,
    reversalCount: 0,
    reversedConsumeFen: 0,
    reversedRechargePaidFen: 0,
    reversedRechargeBonusFen: 0,
    byStaff: [],
  };
  const lines = new Map<string, StaffTotals>();
  const totalsOf = (e: LedgerEntry) => {
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
    return t;
  };
  for (const e of entries) {
    if (e.pointsDelta > 0) report.pointsIssued += e.pointsDelta;
    else report.pointsTaken -= e.pointsDelta;
    if (e.kind === 'consume') {
      report.consumeCount++;
      report.consumeFen += e.spendDeltaFen;
      report.paidFromBalanceFen -= e.balanceDeltaFen;
      totalsOf(e).consumeCount++;
      totalsOf(e).consumeFen += e.spendDeltaFen;
    } else if (e.kind === 'recharge') {
      report.rechargeCount++;
      report.rechargePaidFen += Number(e.details.paidFen ?? 0);
      report.rechargeBonusFen += Number(e.details.bonusFen ?? 0);
      totalsOf(e).rechargeFen += Number(e.details.paidFen ?? 0);
    } else if (e.kind === 'reversal') {
      // Reversals stand on their own line, on the day they are made; the originals keep their figures.
      report.reversalCount++;
      if (e.details.originalKind === 'consume') report.reversedConsumeFen -= e.spendDeltaFen;
      else if (e.details.originalKind === 'recharge') {
        report.reversedRechargePaidFen += Number(e.details.paidFen ?? 0);
        report.reversedRechargeBonusFen += Number(e.details.bonusFen ?? 0);
      }
    }
  }
  report.byStaff = [...lines.values()];
  return report;
}

function sourceOf(kind: LedgerEntry['actor']['kind']): OperationSource {
  return kind === 'staff' ? 'admin' : kind;
}

async function newMembersAt(storeId: Types.ObjectId | null, period: ReportPeriod): Promise<number> {
  // Calendar arithmetic on the date text, then each bound's first moment in the business time zone.
  const first = 'day' in period ? period.day : `${period.month}-01`;
  const next = dayjs(first)
    .add(1, 'day' in period ? 'day' : 'month')
    .format('YYYY-MM-DD');
  return MemberModel.countDocuments({
    ...(storeId ? { registeredStoreId: storeId } : {}),
    createdAt: { $gte: startOfBusinessDay(first), $lt: startOfBusinessDay(next) },
  });
}
