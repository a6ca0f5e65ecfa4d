// The engines a benchmark runs on: FerretDB on SQLite files and FerretDB on this machine's PostgreSQL,
// each started fresh for the run and thrown away after it. MONGODB_URI benchmarks that server instead.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedMongo } from '../src/infra/embedded-mongo.js';

export type EngineName = 'sqlite' | 'postgresql' | 'uri';

export interface BenchEngine {
  name: string;
  uri: string;
  stop(): Promise<void>;
}

const run = promisify(execFile);

export function enginesAsked(args: string[]): EngineName[] {
  if (process.env.MONGODB_URI) return ['uri'];
  const given = args.find((a) => a.startsWith('--engines='))?.slice('--engines='.length);
  return (given ?? 'sqlite,postgresql').split(',').map((e) => e.trim()) as EngineName[];
}

export async function startBenchEngine(kind: EngineName): Promise<BenchEngine> {
  if (kind === 'uri') return { name: 'MONGODB_URI', uri: process.env.MONGODB_URI!, stop: async () => {} };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-bench-'));
  const database = `huiyuan_bench_${process.pid}_${Date.now()}`;
  const pgUrl =
    `${process.env.FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'}`.replace(
      /\/[^/]*$/,
      `/${database}`,
    );
  const embedded = await startEmbeddedMongo({
    dataDir,
    persistent: false,
    backend: kind === 'postgresql' ? { kind: 'postgresql', url: pgUrl } : { kind: 'sqlite' },
    progress: (line) => console.log(line),
  });
  return {
    name: kind === 'postgresql' ? 'FerretDB/PostgreSQL' : 'FerretDB/SQLite',
    uri: embedded.uri,
    async stop() {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
      if (kind === 'postgresql') {
        const admin = pgUrl.replace(/\/[^/]*$/, '/postgres');
        await run('psql', [admin, '-Atc', `DROP DATABASE IF EXISTS "${database}"`]).catch(() => undefined);
      }
    },
  };
}
