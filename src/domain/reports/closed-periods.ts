// A month's report from its closed days, each summed once and kept (a ledger entry is never edited and a
// correction is a new entry, so a day that has ended never changes), plus the open day read live; and the
// month-end balances from each closed month's movement, kept likewise. A day counts as closed some minutes
// after midnight, so an entry stamped by a clock a little behind still lands before its day is kept.
import dayjs from 'dayjs';
import type { Types } from 'mongoose';
import { businessDay, businessMonth, dayAfter, now, startOfBusinessDay } from '../clock.js';
import { insertOnce } from '../insert-once.js';
import { LedgerEntryModel } from '../models/ledger-entry.js';
import { ReportRollupModel, type ReportRollup } from '../models/report-rollup.js';
import { addTotals, emptyReport, periodRows, type StoreReport } from './store-report.js';

export const CLOSING_GRACE_MS = 10 * 60_000;

const dayKey = (day: string) => `day:${day}`;
const movementKey = (month: string) => `movement:${month}`;
const FIRST_MONTH = 'first-month';

function closedBy(nextPeriodStart: string): boolean {
  return startOfBusinessDay(nextPeriodStart).getTime() + CLOSING_GRACE_MS <= now().getTime();
}

const dayClosed = (day: string) => closedBy(dayAfter(day));
const monthClosed = (month: string) => closedBy(dayjs(`${month}-01`).add(1, 'month').format('YYYY-MM-DD'));

/** The month's days up to today (a month in the future has none). */
function daysSoFar(month: string): string[] {
  const today = businessDay(now());
  const days: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month) && d <= today; d = dayAfter(d)) days.push(d);
  return days;
}

/** The rows of closed days, kept ones read at once and the others summed now and kept. */
async function closedDayRows(days: string[]): Promise<Map<string, StoreReport>[]> {
  const kept = await ReportRollupModel.find({ _id: { $in: days.map(dayKey) } }).lean<ReportRollup[]>();
  const byId = new Map(kept.map((r) => [r._id, r]));
  const result: Map<string, StoreReport>[] = [];
  for (const day of days) {
    const keptDay = byId.get(dayKey(day));
    if (keptDay) {
      result.push(new Map((keptDay.rows ?? []).map((r) => [r.key, r.report as unknown as StoreReport])));
      continue;
    }
    const rows = await periodRows({ day });
    // Two instances summing the same day write the same figures; the first insert is kept.
    await insertOnce(ReportRollupModel, {
      _id: dayKey(day),
      rows: [...rows].map(([key, report]) => ({ key, report })),
      createdAt: now(),
    });
    result.push(rows);
  }
  return result;
}

/** Adds one period's row into another, staff lines merged by who they are about. */
function mergeRow(into: StoreReport, row: StoreReport): void {
  addTotals(into, row);
  for (const line of row.byStaff) {
    const same = into.byStaff.find((l) => l.staffId === line.staffId && l.source === line.source);
    if (same) {
      same.consumeCount += line.consumeCount;
      same.consumeFen += line.consumeFen;
      same.rechargeFen += line.rechargeFen;
    } else into.byStaff.push({ ...line });
  }
}

/**
 * The month's rows by row key, exactly as periodRows({ month }) would give them (or one store's), from its
 * kept closed days and the days still open.
 */
export async function monthRows(month: string, storeId?: Types.ObjectId): Promise<MonthRows> {
  const days = daysSoFar(month);
  const closed = days.filter(dayClosed); // the days before the open ones
  const open = days.slice(closed.length);
  const perDay = [
    ...(await closedDayRows(closed)),
    ...(await Promise.all(open.map((day) => periodRows({ day }, storeId)))),
  ];
  const rows: MonthRows = new Map();
  for (const dayRows of perDay) {
    for (const [key, row] of dayRows) {
      if (storeId && key !== String(storeId)) continue;
      let into = rows.get(key);
      if (!into) {
        into = emptyReport({ month });
        rows.set(key, into);
      }
      mergeRow(into, row);
    }
  }
  return rows;
}

/** A store's month (月报 in its group, the monthly job). */
export async function storeMonth(storeId: Types.ObjectId, month: string): Promise<StoreReport> {
  return (await monthRows(month, storeId)).get(String(storeId)) ?? emptyReport({ month });
}

type MonthRows = Map<string, StoreReport>;

/**
 * A month's net movement of stored value and points: every row of the month added up (each entry is in
 * one), from `rows` when the caller has just read them (the report's own month).
 */
async function monthMovement(
  month: string,
  rows?: MonthRows,
): Promise<{ storedValueFen: number; points: number }> {
  const closed = monthClosed(month);
  const kept = closed ? await ReportRollupModel.findById(movementKey(month)).lean() : null;
  if (kept) return { storedValueFen: kept.storedValueFen ?? 0, points: kept.points ?? 0 };
  const movement = { storedValueFen: 0, points: 0 };
  for (const row of (rows ?? (await monthRows(month))).values()) {
    movement.storedValueFen += row.balanceMovementFen;
    movement.points += row.pointsMovement;
  }
  if (closed) await insertOnce(ReportRollupModel, { _id: movementKey(month), ...movement, createdAt: now() });
  return movement;
}

/** The month of the ledger's first entry (read once: no entry is ever written in an earlier month). */
async function firstMonth(): Promise<string | null> {
  const kept = await ReportRollupModel.findById(FIRST_MONTH).lean();
  if (kept?.month) return kept.month;
  const first = await LedgerEntryModel.findOne({}, { month: 1 }).sort({ month: 1 }).lean();
  if (!first?.month) return null;
  await insertOnce(ReportRollupModel, { _id: FIRST_MONTH, month: first.month, createdAt: now() });
  return first.month;
}

/**
 * What members hold at the end of a business month: stored value (储值余额) and points, from the ledger.
 * `rowsOfMonth`: that month's rows (every row, unnarrowed) when the caller has them, so today is not read twice.
 */
export async function outstandingAtMonthEnd(
  month: string,
  rowsOfMonth?: MonthRows,
): Promise<{ storedValueFen: number; points: number }> {
  const from = await firstMonth();
  const total = { storedValueFen: 0, points: 0 };
  if (!from) return total;
  const last = month < businessMonth(now()) ? month : businessMonth(now());
  for (let m = from; m <= last; m = dayjs(`${m}-01`).add(1, 'month').format('YYYY-MM')) {
    const movement = await monthMovement(m, m === month ? rowsOfMonth : undefined);
    total.storedValueFen += movement.storedValueFen;
    total.points += movement.points;
  }
  return total;
}
