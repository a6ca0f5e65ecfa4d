// Latency percentiles and a fixed-width report line for benchmarks.
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

export interface RunFigures {
  label: string;
  ops: number;
  seconds: number;
  latenciesMs: number[];
  extra?: string;
}

export function report(f: RunFigures): void {
  const sorted = [...f.latenciesMs].sort((a, b) => a - b);
  console.log(
    `${f.label.padEnd(44)} ${String(f.ops).padStart(6)} ops  ${(f.ops / f.seconds).toFixed(0).padStart(6)} ops/s  ` +
      `p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms${f.extra ? `  ${f.extra}` : ''}`,
  );
}

/** Runs `total` calls of `op` with `workers` callers in parallel; returns latencies and wall time. */
export async function drive(workers: number, total: number, op: (i: number) => Promise<unknown>) {
  const latenciesMs: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        try {
          await op(i);
        } catch {
          failures++;
        }
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  return { latenciesMs, seconds: (performance.now() - started) / 1000, failures };
}
