// A store's totals for one business day: consumption, recharge and bonus, points, counts, by staff.
import type { Types } from 'mongoose';
import { LedgerEntryModel, type LedgerEntry } from '../models/ledger-entry.js';

export interface StaffTotals {
  staffId: string | null;
  consumeCount: number;
  consumeFen: number;
  rechargeFen: number;
}

export interface DailyReport {
  day: string;
  consumeCount: number;
  /** What members paid (stored value and outside). */
  consumeFen: number;
  paidFromBalanceFen: number;
  rechargeCount: number;
  rechargePaidFen: number;
  rechargeBonusFen: number;
  pointsIssued: number;
  pointsTaken: number;
  reversalCount: number;
  byStaff: StaffTotals[];
}

export async function dailyReport(storeId: Types.ObjectId, day: string): Promise<DailyReport> {
  const entries = await LedgerEntryModel.find({ storeId, day }).lean<LedgerEntry[]>();
  const report: DailyReport = {
    day,
    consumeCount: 0,
    consumeFen: 0,
    paidFromBalanceFen: 0,
    rechargeCount: 0,
    rechargePaidFen: 0,
    rechargeBonusFen: 0,
    pointsIssued: 0,
    pointsTaken: 0,
    reversalCount: 0,
    byStaff: [],
  };
  const staff = new Map<string, StaffTotals>();
  const totalsOf = (e: LedgerEntry) => {
    const key = e.staffId ? String(e.staffId) : '';
    let t = staff.get(key);
    if (!t) staff.set(key, (t = { staffId: key || null, consumeCount: 0, consumeFen: 0, rechargeFen: 0 }));
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
      // A reversal undoes its original in the totals, on the day it is made.
      report.reversalCount++;
      if (e.details.originalKind === 'consume') {
        report.consumeFen += e.spendDeltaFen;
        report.paidFromBalanceFen -= e.balanceDeltaFen;
        totalsOf(e).consumeFen += e.spendDeltaFen;
      } else if (e.details.originalKind === 'recharge') {
        report.rechargePaidFen -= Number(e.details.paidFen ?? 0);
        report.rechargeBonusFen -= Number(e.details.bonusFen ?? 0);
      }
    }
  }
  report.byStaff = [...staff.values()];
  return report;
}
