// A chain's programme at size: members are added in bulk by the import job's own code (with an opening
// balance entry each, so the ledger grows with them) up to each size of BENCH_SCALE_SIZES (default
// 1,000 → 100,000 → BENCH_SCALE_MEMBERS, 1,000,000), and at each size we measure, through the same doors
// people use: 查余额 (a bound member) and 消费 (a cashier in the store's group) sent to the chat door at a
// fixed rate, each member-list page, a segment's size (from the member tallies), the month's report and
// an export's rows/s with peak RSS. Results go to the table and to bench/results/scale-<engine>.json, which
// `npm run bench -- chart` draws into docs/scale.svg.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type Bull from 'bull';
import { Types } from 'mongoose';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/service.js';
import { createImport, runImport } from '../src/domain/imports/member-import.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';
import { MemberKeyModel, phoneKey } from '../src/domain/models/member-key.js';
import { listMembers, type MemberListQuery } from '../src/domain/members/member-list.js';
import { segmentSize } from '../src/domain/marketing/segments.js';
import { monthRows } from '../src/domain/reports/closed-periods.js';
import { memberRows } from '../src/domain/exports/export-rows.js';
import { StoreModel } from '../src/domain/models/store.js';
import { MemberModel } from '../src/domain/models/member.js';
import { businessDay, businessMonth, now, shiftClock } from '../src/domain/clock.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';
import type { ImportRow } from '../src/domain/models/member-import.js';
import { MAX_ROWS } from '../src/domain/imports/member-import.js';
import { recoverRecentLedger } from '../src/domain/ledger/ledger-recovery.js';
import { addRow, ms, peakRss, percentile } from './stats.js';
import type { BenchEngine } from './engine.js';

const DAY = 86_400_000;

const FULL = Number(process.env.BENCH_SCALE_MEMBERS ?? 1_000_000);
const SIZES = (process.env.BENCH_SCALE_SIZES ?? `1000,100000,${FULL}`)
  .split(',')
  .map(Number)
  .filter((n) => n <= FULL);
const CHAT_RATE = Number(process.env.BENCH_SCALE_RATE ?? 20);
/** One cashier's messages are handled one at a time (in order, as a till sends them): a till's pace. */
const COUNTER_RATE = Number(process.env.BENCH_SCALE_COUNTER_RATE ?? 5);
const CHAT_SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 10);
const EXPORT_ROWS = 20_000;
/**
 * A month's report read live reads every entry of the day (FerretDB decodes each in Go; measured 121 s at
 * 100,000 on SQLite): measured up to this size, beside the engine's own read rate.
 */
const FULL_READS_UP_TO = Number(process.env.BENCH_SCALE_FULL_READS_UP_TO ?? 100_000);
const ADMIN = 'bench-admin';

export interface ScalePoint {
  members: number;
  /** Median (and p99 for the chat doors) in milliseconds, by measure. */
  p50: Record<string, number>;
  p99: Record<string, number>;
  importRowsPerSecond: number;
  /** The engine's own figures in the same run: raw insertMany, and one lookup by _id among the members. */
  ceilingInsertDocsPerSecond: number;
  ceilingFindByIdMs: number;
  exportRowsPerSecond: number;
  exportPeakRssMb: number;
  /** The service's background jobs seen busy during the chat windows. */
  jobsDuringChat?: string[];
  /** Each chat door's round trips by command and collection, as the driver timed them in its window. */
  chatCommands?: Record<string, Record<string, CommandTimes>>;
  /** Each chat window's pauses of this process (the service runs in it): a round trip's time includes them. */
  chatPauses?: Record<string, ProcessPauses>;
  /** The engine's own insertOne of a ledger-entry-sized document into the ledger (its ten indexes). */
  ceilingLedgerInsertMs?: { p50: number; p99: number };
}

export interface ProcessPauses {
  /** The event loop's delay (10 ms resolution): how late a reply already in the socket was read. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** V8's garbage collections in the window. */
  gcCount: number;
  gcMaxMs: number;
  gcTotalMs: number;
}

export interface CommandTimes {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

const phoneOf = (i: number) => `135${String(i).padStart(8, '0')}`;

function rowsFor(from: number, to: number): ImportRow[] {
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return {
      row: k + 2,
      phone: phoneOf(i),
      name: `会员${i}`,
      gender: i % 2 ? '男' : '女',
      birthday: '1990-05-20',
      balance: '100',
      points: i % 5 ? '20' : '',
      tags: i % 7 ? '' : '导入',
    };
  });
}

/** Sends one chat message per 1000/rate ms (open loop) and returns the latencies. */
async function atRate(rate: number, send: (i: number) => Promise<void>): Promise<number[]> {
  const total = rate * CHAT_SECONDS;
  const latencies: number[] = [];
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      (async () => {
        const t = performance.now();
        await send(i);
        latencies.push(performance.now() - t);
      })(),
    );
  }
  await Promise.all(inFlight);
  return latencies.sort((a, b) => a - b);
}

/**
 * Runs `measure` while noting which of the service's own background jobs (bull queues) were busy, every
 * 250 ms: a tail in the window can then be laid at a job's door, or not.
 */
async function watchingJobs<T>(queues: Bull.Queue[], measure: () => Promise<T>): Promise<[T, string[]]> {
  const busy = new Set<string>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const counts = await Promise.all(queues.map((q) => q.getActiveCount().catch(() => 0)));
      counts.forEach((n, i) => n > 0 && busy.add(queues[i]!.name));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    return [await measure(), [...busy].sort()];
  } finally {
    watching = false;
    await watcher;
  }
}

/**
 * Runs `measure` while timing every command the driver sends (from its start event to its reply), by
 * command and collection: where a door's time goes at this size, and whether its tail is one command.
 */
async function watchingCommands<T>(
  measure: () => Promise<T>,
): Promise<[T, Record<string, CommandTimes>, ProcessPauses]> {
  const client = MemberModel.db.getClient();
  const started = new Map<number, [string, number]>();
  const took = new Map<string, number[]>();
  const onStart = (e: { requestId: number; commandName: string; command: Record<string, unknown> }) =>
    started.set(e.requestId, [`${e.commandName} ${String(e.command[e.commandName])}`, performance.now()]);
  // Timed here: the events' own duration is in whole milliseconds.
  const onDone = (e: { requestId: number }) => {
    const begun = started.get(e.requestId);
    if (!begun) return;
    started.delete(e.requestId);
    const times = took.get(begun[0]) ?? [];
    times.push(performance.now() - begun[1]);
    took.set(begun[0], times);
  };
  client.on('commandStarted', onStart);
  client.on('commandSucceeded', onDone);
  client.on('commandFailed', onDone);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const gcs: number[] = [];
  const gcWatch = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcs.push(e.duration)));
  loop.enable();
  gcWatch.observe({ entryTypes: ['gc'] });
  try {
    const result = await measure();
    const pauses: ProcessPauses = {
      // The histogram holds each 10 ms timer's whole interval; the delay is what is over it.
      loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 10),
      loopDelayMaxMs: Math.max(0, loop.max / 1e6 - 10),
      gcCount: gcs.length,
      gcMaxMs: Math.max(0, ...gcs),
      gcTotalMs: gcs.reduce((sum, d) => sum + d, 0),
    };
    const times: Record<string, CommandTimes> = {};
    for (const [what, all] of took) {
      all.sort((a, b) => a - b);
      times[what] = { n: all.length, p50: percentile(all, 50), p99: percentile(all, 99), max: all.at(-1)! };
    }
    return [result, times, pauses];
  } finally {
    loop.disable();
    gcWatch.disconnect();
    client.off('commandStarted', onStart);
    client.off('commandSucceeded', onDone);
    client.off('commandFailed', onDone);
  }
}

/** A window's commands, the longest p99 first. */
export const slowestFirst = (times: Record<string, CommandTimes> = {}) =>
  Object.entries(times).sort(([, a], [, b]) => b.p99 - a.p99);

/**
 * The round trips of a window (the service's jobs' among them), slowest tail first:
 * "insert ledgerentries ×200 p50/p99/max 3.1/41/52 ms".
 */
const commandsNote = (times: Record<string, CommandTimes>, messages: number, pauses: ProcessPauses) => {
  const n = Object.values(times).reduce((sum, t) => sum + t.n, 0);
  const slowest = slowestFirst(times)
    .slice(0, 5)
    .map(
      ([what, t]) =>
        `${what} ×${t.n} p50/p99/max ${[t.p50, t.p99, t.max].map((v) => v.toFixed(1)).join('/')} ms`,
    );
  const loop = `this process's event loop late by p99/max ${pauses.loopDelayP99Ms.toFixed(1)}/${pauses.loopDelayMaxMs.toFixed(1)} ms, ${pauses.gcCount} GCs (longest ${pauses.gcMaxMs.toFixed(1)} ms)`;
  return `${(n / messages).toFixed(1)} round trips a message in the window; ${loop}; ${slowest.join('; ')}`;
};

const jobsNote = (jobs: string[]) =>
  `background jobs busy meanwhile: ${jobs.length ? jobs.join(', ') : 'none'}`;

async function medianOf(times: number, what: () => Promise<unknown>): Promise<number> {
  const took: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await what();
    took.push(performance.now() - t);
  }
  return took.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

/**
 * What the engine itself does at this size, beside our figures: raw inserts, a lookup by _id, and the
 * insertOne a 消费 commits into the ledger (random keys into its ten indexes), the 100 entries then removed.
 */
async function engineCeiling(size: number): Promise<{
  insertDocsPerSecond: number;
  findByIdMs: number;
  ledgerInsertMs: { p50: number; p99: number };
}> {
  const scratch = MemberModel.db.collection<{ _id: string }>(`ceiling_${size}`);
  const doc = (i: number) => ({ _id: `c${i}`, phone: phoneOf(i), name: `会员${i}`, pad: 'x'.repeat(300) });
  const t = performance.now();
  for (let b = 0; b < 5; b++)
    await scratch.insertMany(Array.from({ length: 1000 }, (_, i) => doc(b * 1000 + i)));
  const insertDocsPerSecond = 5000 / ((performance.now() - t) / 1000);
  await scratch.drop();
  const ids = await MemberModel.find({}, { _id: 1 }).limit(50).lean();
  const findByIdMs = await medianOf(ids.length, async () => {
    await MemberModel.findById(ids[Math.floor(Math.random() * ids.length)]!._id).lean();
  });
  const ledger = LedgerEntryModel.collection;
  const inserted: string[] = [];
  const ledgerTook: number[] = [];
  for (let i = 0; i < 100; i++) {
    const entry = ceilingEntry(size, i);
    const t = performance.now();
    await ledger.insertOne(entry as never);
    ledgerTook.push(performance.now() - t);
    inserted.push(entry._id);
  }
  await ledger.deleteMany({ _id: { $in: inserted } } as never);
  ledgerTook.sort((a, b) => a - b);
  return {
    insertDocsPerSecond,
    findByIdMs,
    ledgerInsertMs: { p50: percentile(ledgerTook, 50), p99: percentile(ledgerTook, 99) },
  };
}

/** A 消费's ledger entry in shape and size, with keys as random as a message's. */
function ceilingEntry(size: number, i: number) {
  const random = `${size}-${i}-${Math.random().toString(36).slice(2)}`;
  const at = now();
  return {
    _id: `ceiling:${random}`,
    no: `C${random}`,
    key: `ceiling:${random}`,
    requestKey: `ceiling:${random}`,
    fingerprint: random,
    kind: 'consume',
    memberId: new Types.ObjectId(),
    seq: 2,
    balanceDeltaFen: -100,
    pointsDelta: 1,
    spendDeltaFen: 100,
    balanceAfterFen: 9_900,
    pointsAfter: 1,
    spendAfterFen: 100,
    details: {},
    storeId: new Types.ObjectId(),
    staffId: new Types.ObjectId(),
    channel: 'http',
    actor: { kind: 'staff', id: 'cashier-1', chat: 'store-1', messageId: random },
    at,
    day: businessDay(at),
    month: businessMonth(at),
  };
}

export async function runScaleBench(engine: BenchEngine): Promise<ScalePoint[]> {
  const dbName = `bench_scale_${Date.now()}`;
  const config = loadConfig({
    MONGODB_URI: engine.uri,
    ADMIN_TOKEN: ADMIN,
    PORT: '0',
    LOAD_DEMO: 'always',
    LOG_LEVEL: 'error',
  });
  const service = await startService(config, { dbName, queuePrefix: `bench-${Date.now()}` });
  const say = async (from: string, text: string, group?: string) => {
    const res = await fetch(`${service.url}/api/bot/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({
        channel: 'http',
        messageId: `${from}-${performance.now()}-${Math.random()}`,
        from: { id: from },
        chat: group ? { id: group, kind: 'group' } : { id: from, kind: 'private' },
        text,
      }),
    });
    if (!res.ok) throw new Error(`chat door answered ${res.status}`);
    await res.text();
  };
  const store = await StoreModel.findOne({ code: 'S001' }).lean();
  const points: ScalePoint[] = [];
  let seeded = 0;
  try {
    for (const size of SIZES) {
      // Seed up to this size through the import job, a file of at most MAX_ROWS rows at a time.
      const t = performance.now();
      for (let from = seeded; from < size; from += MAX_ROWS) {
        const to = Math.min(size, from + MAX_ROWS);
        const { job } = await createImport(`scale-${dbName}-${from}`, rowsFor(from, to), store!._id);
        await runImport(job._id, { kind: 'system', name: 'bench' });
      }
      const importRate = (size - seeded) / ((performance.now() - t) / 1000);
      seeded = size;
      const ceiling = await engineCeiling(size);
      // Members spread over the whole range, each bound to a chat account of their own.
      const sample = Array.from({ length: 50 }, (_, k) => Math.floor((k * size) / 50));
      for (const i of sample) {
        const key = await MemberKeyModel.findById(phoneKey(phoneOf(i))).lean();
        if (key) await bindMemberIdentity(key.memberId, 'http', `scale-member-${size}-${i}`);
      }
      // The chat doors first in the table, though measured after the segment sizes (below).
      const p50: Record<string, number> = { 查余额: NaN, 消费: NaN };
      const measure = async (what: string, runs: number, run: () => Promise<unknown>) => {
        p50[what] = await medianOf(runs, run);
        addRow({
          engine: engine.name,
          what: `${size} members: ${what}`,
          rate: '',
          p50: ms(p50[what]!),
          p99: '',
          notes: runs > 1 ? `median of ${runs}` : '1 run',
        });
      };
      // A segment's size sums the member tallies. The first after the import folds the import's minutes
      // (each new member's tally slot read once); the minutes still open are read live. Ten minutes on,
      // every minute has closed: the first size folds the rest, and each after it reads folded figures.
      // Measured before the chat windows so that fold is done: left to the five-minute fold job it would
      // land at some moment of those windows and in their p99s.
      await measure('segment size (level, just imported)', 1, () => segmentSize({ levels: ['normal'] }));
      shiftClock(10 * 60_000);
      await measure('segment size (level, folding)', 1, () => segmentSize({ levels: ['normal'] }));
      await measure('segment size (level)', 3, () => segmentSize({ levels: ['normal'] }));
      await measure('segment size (tag, store)', 3, () =>
        segmentSize({ tags: ['导入'], storeIds: [String(store!._id)] }),
      );
      const [[balance, balanceCommands, balancePauses], balanceJobs] = await watchingJobs(
        service.queues,
        () =>
          watchingCommands(() =>
            atRate(CHAT_RATE, (n) => say(`scale-member-${size}-${sample[n % sample.length]}`, '查余额')),
          ),
      );
      const [[consume, consumeCommands, consumePauses], consumeJobs] = await watchingJobs(
        service.queues,
        () =>
          watchingCommands(() =>
            atRate(COUNTER_RATE, (n) =>
              say('cashier-1', `消费 ${phoneOf(sample[n % sample.length]!)} 1`, 'store-1'),
            ),
          ),
      );
      p50.查余额 = percentile(balance, 50);
      p50.消费 = percentile(consume, 50);
      const p99: Record<string, number> = {
        查余额: percentile(balance, 99),
        消费: percentile(consume, 99),
      };
      addRow({
        engine: engine.name,
        what: `${size} members: 查余额 at ${CHAT_RATE}/s`,
        rate: '',
        p50: ms(p50.查余额!),
        p99: ms(p99.查余额!),
        notes: `${balance.length} messages; ${jobsNote(balanceJobs)}`,
      });
      addRow({
        engine: engine.name,
        what: `${size} members: 消费 at ${COUNTER_RATE}/s (one cashier)`,
        rate: '',
        p50: ms(p50.消费!),
        p99: ms(p99.消费!),
        notes: `${consume.length} messages; ${jobsNote(consumeJobs)}`,
      });
      for (const [door, times, messages, pauses] of [
        ['查余额', balanceCommands, balance.length, balancePauses],
        ['消费', consumeCommands, consume.length, consumePauses],
      ] as const)
        addRow({
          engine: engine.name,
          what: `${size} members: ${door}'s round trips, slowest tails`,
          rate: '',
          p50: '',
          p99: '',
          notes: commandsNote(times, messages, pauses),
        });

      const middle = sample[25]!;
      const pages: Array<[string, MemberListQuery]> = [
        ['page: unfiltered', { limit: 20, after: String(Math.floor(size / 2)) }],
        ['page: level', { limit: 20, levels: ['normal'] }],
        ['page: tag', { limit: 20, tags: ['导入'] }],
        ['page: store', { limit: 20, storeIds: [String(store!._id)] }],
        ['page: status frozen', { limit: 20, status: 'frozen' }],
        ['page: registered today', { limit: 20, registeredFrom: new Date(now().getTime() - DAY) }],
        ['page: name', { limit: 20, text: `会员${middle}` }],
        ['page: phone tail', { limit: 20, text: phoneOf(middle).slice(-4) }],
        ['page: phone', { limit: 20, text: phoneOf(middle) }],
      ];
      for (const [what, query] of pages) await measure(what, 3, () => listMembers(query));
      // What the hourly ledger check reads: the entries of today and yesterday, an import's openings left out.
      await measure('hourly ledger check (2 days)', 1, () => recoverRecentLedger(2));
      if (size <= FULL_READS_UP_TO) {
        // Everything was imported today: the month's report reads it live. A day later the day has closed:
        // the first report sums it once and keeps it, the next reads what was kept.
        const month = businessMonth(now());
        await measure('month report', 1, () => monthRows(month));
        shiftClock(DAY);
        await measure('month report (day closing)', 1, () => monthRows(month));
        await measure('month report (days kept)', 3, () => monthRows(month));
      }

      const peak = peakRss();
      const e = performance.now();
      let exported = 0;
      for await (const _ of memberRows({})) if (++exported >= Math.min(EXPORT_ROWS, size)) break;
      const exportRate = exported / ((performance.now() - e) / 1000);
      const exportPeak = peak();
      addRow({
        engine: engine.name,
        what: `${size} members: import and export`,
        rate: `${Math.round(importRate)} / ${Math.round(exportRate)} rows/s`,
        p50: '',
        p99: '',
        notes:
          `import rows/s while seeding (engine ceiling: insertMany ${Math.round(ceiling.insertDocsPerSecond)} docs/s ` +
          `of member-sized documents; an imported row here writes ~11 documents); export rows/s over the first ` +
          `${exported} rows, peak RSS ${exportPeak} MB`,
      });
      addRow({
        engine: engine.name,
        what: `${size} members: engine ceiling, findOne by _id`,
        rate: '',
        p50: ms(ceiling.findByIdMs),
        p99: '',
        notes: 'one round trip on the members collection: a page reads ~2 per round of 50 slots',
      });
      addRow({
        engine: engine.name,
        what: `${size} members: engine ceiling, insertOne into the ledger`,
        rate: '',
        p50: ms(ceiling.ledgerInsertMs.p50),
        p99: ms(ceiling.ledgerInsertMs.p99),
        notes: '100 in a row, random keys into its ten indexes: what each 消费 commits',
      });
      points.push({
        members: size,
        p50,
        p99,
        importRowsPerSecond: importRate,
        ceilingInsertDocsPerSecond: ceiling.insertDocsPerSecond,
        ceilingFindByIdMs: ceiling.findByIdMs,
        exportRowsPerSecond: exportRate,
        exportPeakRssMb: exportPeak,
        jobsDuringChat: [...new Set([...balanceJobs, ...consumeJobs])].sort(),
        chatCommands: { 查余额: balanceCommands, 消费: consumeCommands },
        chatPauses: { 查余额: balancePauses, 消费: consumePauses },
        ceilingLedgerInsertMs: ceiling.ledgerInsertMs,
      });
      await saveResults(engine.name, points);
    }
  } finally {
    await service.stop();
  }
  return points;
}

export const resultsFile = (engine: string) =>
  `bench/results/scale-${engine.replace(/[^A-Za-z]+/g, '-').toLowerCase()}.json`;

async function saveResults(engine: string, points: ScalePoint[]): Promise<void> {
  await mkdir('bench/results', { recursive: true });
  await writeFile(resultsFile(engine), JSON.stringify({ engine, points }, null, 2));
}

export async function readResults(engine: string): Promise<ScalePoint[] | null> {
  try {
    return (JSON.parse(await readFile(resultsFile(engine), 'utf8')) as { points: ScalePoint[] }).points;
  } catch {
    return null;
  }
}
