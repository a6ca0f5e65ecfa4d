// Latency percentiles, a closed-loop driver, and the table every benchmark adds its rows to.
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

export interface Driven {
  ops: number;
  seconds: number;
  latenciesMs: number[];
  failures: number;
  firstFailure?: string;
}

/**
 * Runs up to `total` calls of `op` with `workers` callers in parallel, stopping early at `maxSeconds`;
 * returns what was done, its latencies and wall time.
 */
export async function drive(
  workers: number,
  total: number,
  op: (i: number) => Promise<unknown>,
  maxSeconds = Infinity,
): Promise<Driven> {
  const latenciesMs: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total && performance.now() < deadline) {
        const i = next++;
        const t = performance.now();
        try {
          await op(i);
        } catch (err) {
          failures++;
          firstFailure ??= (err as Error).message;
        }
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  return {
    ops: latenciesMs.length,
    latenciesMs,
    seconds: (performance.now() - started) / 1000,
    failures,
    ...(firstFailure ? { firstFailure } : {}),
  };
}

export interface Row {
  engine: string;
  what: string;
  rate: string;
  p50: string;
  p99: string;
  notes: string;
}

export const rows: Row[] = [];

export const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);

/** Adds a closed-loop result as a row (and prints it at once, so a long run shows progress). */
export function addDriven(engine: string, what: string, run: Driven, notes = ''): number {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const opsPerSecond = run.ops / run.seconds;
  addRow({
    engine,
    what,
    rate: `${opsPerSecond.toFixed(0)} ops/s`,
    p50: ms(percentile(sorted, 50)),
    p99: ms(percentile(sorted, 99)),
    notes: [
      `${run.ops} ops`,
      run.failures ? `${run.failures} FAILED (${run.firstFailure})` : '0 failures',
      notes,
    ]
      .filter(Boolean)
      .join('; '),
  });
  return opsPerSecond;
}

export function addRow(row: Row): void {
  rows.push(row);
  console.log(`  ${row.engine} | ${row.what} | ${row.rate} | p50 ${row.p50} | p99 ${row.p99} | ${row.notes}`);
}

export function printTable(): void {
  console.log('\n| engine | measure | rate | p50 | p99 | notes |\n|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.engine} | ${r.what} | ${r.rate} | ${r.p50} | ${r.p99} | ${r.notes} |`);
}

/** Samples the process's RSS every 50 ms; call the result to stop and read the peak, in MB. */
export function peakRss(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6);
  };
}

/** Streams `source` into a sink that only counts bytes; resolves with the count and the seconds taken. */
export async function drain(source: Readable): Promise<{ bytes: number; seconds: number }> {
  let bytes = 0;
  const started = performance.now();
  await pipeline(
    source,
    new Writable({
      write(chunk: Buffer, _enc, next) {
        bytes += chunk.length;
        next();
      },
    }),
  );
  return { bytes, seconds: (performance.now() - started) / 1000 };
}
