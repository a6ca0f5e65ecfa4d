// Folding tally slots into per-group counts, and reading the counts back. A fold sums the slots of the
// minutes closed since the last fold onto the groups they touched and writes those groups' new versions;
// its record, inserted last, makes them current. The slots after it are read live, so a size is always
// the folded figures plus at most a few minutes of changes, however many members there are.
import { dayAfter, now } from '../clock.js';
import { insertManyOnce, insertOnce } from '../insert-once.js';
import { KeyedLock } from '../keyed-lock.js';
import {
  TallyFoldModel,
  TallyGroupModel,
  TallySlotModel,
  type TallyGroup,
  type TallySlot,
} from '../models/member-tally.js';
import { groupKey, readCell, readGroup, type Cell } from './tally-cells.js';
import {
  dayOfMinute,
  lastClosedMinute,
  lastMinuteOf,
  minuteBefore,
  minuteOf,
  minutesBetween,
} from './tally-minutes.js';

/** Group → registration day → members, as slots add and take away. */
type Changes = Map<string, Map<string, number>>;

function addCells(changes: Changes, cells: readonly string[], by: number, wanted?: (c: Cell) => boolean) {
  for (const key of cells) {
    const cell = readCell(key);
    if (wanted && !wanted(cell)) continue;
    const group = groupKey(cell);
    const days = changes.get(group) ?? new Map<string, number>();
    days.set(cell.day, (days.get(cell.day) ?? 0) + by);
    changes.set(group, days);
  }
}

function addSlot(changes: Changes, slot: TallySlot, wanted?: (c: Cell) => boolean): void {
  addCells(changes, slot.cells, 1, wanted);
  addCells(changes, slot.minus, -1, wanted);
}

const BATCH = 1000;

/**
 * The slots stamped after minute `after` (null: from the first) up to `through`: whole days by their day,
 * part days by their minutes, so each query is an equality the indexes serve.
 */
async function* slotsBetween(after: string | null, through: string): AsyncGenerator<TallySlot[]> {
  if (after === null) {
    yield* cursorBatches({}, (slot) => !!slot.minute && slot.minute <= through);
    return;
  }
  if (after >= through) return;
  const [firstDay, lastDay] = [dayOfMinute(after), dayOfMinute(through)];
  if (firstDay === lastDay) {
    yield* byMinutes(minutesBetween(after, through));
    return;
  }
  yield* byMinutes(minutesBetween(after, lastMinuteOf(firstDay)));
  const wholeDays: string[] = [];
  for (let d = dayAfter(firstDay); d < lastDay; d = dayAfter(d)) wholeDays.push(d);
  if (wholeDays.length) yield* cursorBatches({ day: { $in: wholeDays } });
  yield* byMinutes(minutesBetween(minuteBefore(lastDay), through));
}

async function* byMinutes(minutes: string[]): AsyncGenerator<TallySlot[]> {
  if (minutes.length) yield* cursorBatches({ minute: { $in: minutes } });
}

/** The slots a filter finds (and `keep` keeps), a batch at a time. */
async function* cursorBatches(
  filter: Record<string, unknown>,
  keep: (slot: TallySlot) => boolean = () => true,
): AsyncGenerator<TallySlot[]> {
  const batch: TallySlot[] = [];
  for await (const doc of TallySlotModel.find(filter).lean<TallySlot>().cursor()) {
    if (keep(doc as TallySlot)) batch.push(doc as TallySlot);
    if (batch.length === BATCH) yield batch.splice(0);
  }
  if (batch.length) yield batch;
}

async function latestFolds(): Promise<string[]> {
  const folds = await TallyFoldModel.find({}, { _id: 1 }).lean<Array<{ _id: string }>>();
  return folds.map((f) => f._id).sort();
}

/** Each group's version current at fold `through` (the newest not after it). */
function currentVersions(docs: TallyGroup[], through: string | null): Map<string, TallyGroup> {
  const current = new Map<string, TallyGroup>();
  if (through === null) return current;
  for (const doc of docs) {
    if (doc.through > through) continue;
    const held = current.get(doc.group);
    if (!held || doc.through > held.through) current.set(doc.group, doc);
  }
  return current;
}

/** Slots after the last closed minute are read up to a few minutes ahead (another process's clock may run fast). */
const liveUntil = () => minuteOf(new Date(now().getTime() + 5 * 60_000));

const lock = new KeyedLock();

/**
 * Folds every closed minute not folded yet; returns the minute the figures now run to. Two processes
 * folding at once write the same versions from the same slots; the first insert of each stands.
 */
export function foldTallies(): Promise<string> {
  return lock.run('fold', async () => {
    let folds = await latestFolds();
    const through = lastClosedMinute();
    const ahead = liveUntil();
    const future = folds.filter((f) => f > ahead);
    if (future.length) {
      // The clock stepped back past folds (set ahead, then corrected): they are set aside and the figures
      // summed again from the fold before them, or from every slot; their groups go once the new fold
      // stands. Slots stamped while the clock was ahead count from when their minutes come.
      await TallyFoldModel.deleteMany({ _id: { $in: future } });
      folds = folds.filter((f) => f <= ahead);
    }
    const from = folds.at(-1) ?? null;
    if (from !== null && from >= through) return from;
    const changes: Changes = new Map();
    for await (const batch of slotsBetween(from, through)) for (const slot of batch) addSlot(changes, slot);
    const groups = [...changes.keys()];
    const replaced: string[] = [];
    for (let i = 0; i < groups.length; i += BATCH) {
      const part = groups.slice(i, i + BATCH);
      const docs = await TallyGroupModel.find({ group: { $in: part } }).lean<TallyGroup[]>();
      const base = currentVersions(docs, from);
      // Versions older than the one this fold builds on are read by no one now.
      replaced.push(...docs.filter((d) => d.through < (base.get(d.group)?.through ?? '')).map((d) => d._id));
      await insertManyOnce(
        TallyGroupModel,
        part.map((group) => {
          const counts: Record<string, number> = { ...(base.get(group)?.counts ?? {}) };
          for (const [day, n] of changes.get(group)!) {
            const total = (counts[day] ?? 0) + n;
            if (total) counts[day] = total;
            else delete counts[day];
          }
          return { _id: `${through}|${group}`, tag: readGroup(group).tag, group, through, counts };
        }),
      );
    }
    await insertOnce(TallyFoldModel, { _id: through, at: now() });
    if (future.length) await TallyGroupModel.deleteMany({ through: { $gt: through } });
    if (replaced.length) await TallyGroupModel.deleteMany({ _id: { $in: replaced } });
    const stale = folds.slice(0, -1);
    if (stale.length) await TallyFoldModel.deleteMany({ _id: { $in: stale } });
    return through;
  });
}

/**
 * Active members in the cells `wanted` accepts among one tag's groups ("" for all members): the folded
 * figures plus the slots since.
 */
export async function countTallied(tag: string, wanted: (cell: Cell) => boolean): Promise<number> {
  let through = await foldTallies();
  let docs = await TallyGroupModel.find({ tag }).lean<TallyGroup[]>();
  // Two folds finishing meanwhile may have removed a version this fold's figures need: read again.
  for (let again = 0; again < 3 && (await latestFolds()).at(-1) !== through; again++) {
    through = await foldTallies();
    docs = await TallyGroupModel.find({ tag }).lean<TallyGroup[]>();
  }
  let total = 0;
  for (const doc of currentVersions(docs, through).values()) {
    const group = readGroup(doc.group);
    for (const [day, n] of Object.entries(doc.counts)) if (wanted({ ...group, day })) total += n;
  }
  const live: Changes = new Map();
  const inTag = (c: Cell) => c.tag === tag && wanted(c);
  for await (const batch of slotsBetween(through, liveUntil()))
    for (const slot of batch) addSlot(live, slot, inTag);
  for (const days of live.values()) for (const n of days.values()) total += n;
  return total;
}
