// FerretDB v1.24 (MongoDB wire protocol on SQLite): find or build the binary once, then run it.
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, writeFile, chmod, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findOnPath, freePort, startServer, waitForPort, type StartedServer } from './processes.js';

const run = promisify(execFile);
export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

/**
 * FerretDB v1.24's SQLite backend creates the `_id` index on `_ferretdb_sjson->"_id"` but looks documents
 * up with `_ferretdb_sjson->'$._id' = ?`, an expression SQLite does not match to that index: every find,
 * update and delete by `_id` scanned the whole table (measured: 178 lookups/s on 5,000 documents, 15 ms
 * each at 50,000). Our build makes the lookup use the index's own expression; the result is the same
 * JSON value, so nothing else changes. The name keeps binaries built without it out of our cache.
 */
const OUR_PATCH = 'idindex';
const ID_LOOKUP_FILE = 'internal/backends/sqlite/metadata/metadata.go';
const ID_LOOKUP_AS_SHIPPED = `IDColumn = DefaultColumn + "->'$._id'"`;
const ID_LOOKUP_INDEXED = `IDColumn = DefaultColumn + "->'_id'"`;

/** Where a FerretDB built by us lives, shared by every checkout on the machine. */
export function ferretCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'huiyuan', `ferretdb-${FERRETDB_VERSION}-${OUR_PATCH}`);
}

/**
 * A FerretDB binary that is already here: FERRETDB_BIN, our build, or one on PATH. Ours comes before
 * PATH because it has the `_id` index fix (see OUR_PATCH).
 */
export async function findFerretBinary(): Promise<string | undefined> {
  const candidates = [
    process.env.FERRETDB_BIN,
    path.join(ferretCacheDir(), 'ferretdb'),
    findOnPath('ferretdb'),
  ];
  for (const candidate of candidates) {
    if (candidate && existsSync(candidate) && (await runs(candidate))) return candidate;
  }
  return undefined;
}

async function runs(binary: string): Promise<boolean> {
  try {
    await run(binary, ['--version'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds FerretDB from its module source with the Go toolchain, with the `_id` lookup fix (OUR_PATCH) and
 * the generated build/version/version.txt the module zip lacks (without it the binary panics at start-up).
 */
export async function buildFerretDB(progress: (line: string) => void): Promise<string> {
  const go = findOnPath('go');
  if (!go) throw new Error('Go is not on PATH');
  const outDir = ferretCacheDir();
  await mkdir(outDir, { recursive: true });
  const target = path.join(outDir, 'ferretdb');
  const env = { ...process.env, GOFLAGS: '-buildvcs=false' };

  progress(`building FerretDB ${FERRETDB_VERSION} with ${go} (the first build takes a few minutes)…`);
  const download = await run(go, ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], {
    env,
    timeout: 20 * 60_000,
    cwd: os.tmpdir(),
  });
  const moduleDir = (JSON.parse(download.stdout) as { Dir: string }).Dir;
  const work = path.join(outDir, 'src');
  await rm(work, { recursive: true, force: true });
  await cp(moduleDir, work, { recursive: true });
  await chmod(work, 0o755);
  await run('chmod', ['-R', 'u+w', work]);
  await writeFile(path.join(work, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
  const lookupFile = path.join(work, ID_LOOKUP_FILE);
  const lookup = await readFile(lookupFile, 'utf8');
  if (!lookup.includes(ID_LOOKUP_AS_SHIPPED)) throw new Error(`${ID_LOOKUP_FILE} is not as expected`);
  await writeFile(lookupFile, lookup.replace(ID_LOOKUP_AS_SHIPPED, ID_LOOKUP_INDEXED));
  progress('compiling FerretDB (pure-Go SQLite included)…');
  await run(go, ['build', '-o', target, './cmd/ferretdb'], { env, cwd: work, timeout: 30 * 60_000 });
  await rm(work, { recursive: true, force: true });
  if (!(await runs(target))) throw new Error(`the FerretDB built at ${target} does not start`);
  progress(`FerretDB built at ${target}`);
  return target;
}

/**
 * Runs FerretDB on SQLite files in dataDir and resolves with its URI once it accepts connections.
 * A throwaway database (tests, benchmarks) skips SQLite's fsync on every commit, which doubles write
 * throughput; a persistent one keeps SQLite's default full sync.
 */
export async function runFerretDB(
  binary: string,
  dataDir: string,
  throwaway = false,
  /** A fixed port (a restart on the same address); a free one when omitted. */
  fixedPort?: number,
  backend: FerretBackend = { kind: 'sqlite' },
): Promise<{ uri: string; server: StartedServer }> {
  await mkdir(dataDir, { recursive: true });
  const port = fixedPort ?? (await freePort());
  if (backend.kind === 'postgresql') await ensurePostgresDatabase(backend.url);
  const server = startServer(binary, [
    ...(backend.kind === 'postgresql'
      ? ['--handler=postgresql', `--postgresql-url=${withPoolSize(backend.url)}`]
      : ['--handler=sqlite', `--sqlite-url=file:${path.resolve(dataDir)}/?${sqlitePragmas(throwaway)}`]),
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${path.resolve(dataDir)}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=error',
  ]);
  try {
    await waitForPort('127.0.0.1', port, 30_000, server.child);
  } catch (err) {
    await server.stop();
    throw new Error(`FerretDB did not start: ${(err as Error).message}\n${server.output()}`, { cause: err });
  }
  return { uri: `mongodb://127.0.0.1:${port}/`, server };
}

/** Where FerretDB keeps the data: SQLite files in the data folder, or a PostgreSQL database. */
export type FerretBackend = { kind: 'sqlite' } | { kind: 'postgresql'; url: string };

export const DEFAULT_POSTGRESQL_URL = 'postgres://postgres@127.0.0.1:5432/huiyuan';

/** The backend FERRETDB_BACKEND and FERRETDB_POSTGRESQL_URL ask for (SQLite unless told otherwise). */
export function ferretBackendFrom(env: {
  FERRETDB_BACKEND?: string | undefined;
  FERRETDB_POSTGRESQL_URL?: string | undefined;
}): FerretBackend {
  return env.FERRETDB_BACKEND === 'postgresql'
    ? { kind: 'postgresql', url: env.FERRETDB_POSTGRESQL_URL || DEFAULT_POSTGRESQL_URL }
    : { kind: 'sqlite' };
}

/**
 * FerretDB v1.24 runs an update as a query whose connection it holds while it asks its pool for another
 * to write with: with as many updates at once as the pool has connections (50 unless set), every one
 * waits for a second connection and nothing moves again (reproduced: 100 clients updating stalled after
 * 1,529 updates, all 50 PostgreSQL sessions idle in ClientRead). The pool must be larger than the
 * commands clients send at once; 80 leaves PostgreSQL's default 100 connections room for the rest.
 */
export const FERRETDB_PG_POOL = 80;

function withPoolSize(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('pool_max_conns'))
    parsed.searchParams.set('pool_max_conns', String(FERRETDB_PG_POOL));
  return parsed.toString();
}

/** FerretDB needs its PostgreSQL database to exist: create it (with psql) when it does not. */
async function ensurePostgresDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unusable PostgreSQL database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  try {
    await run('psql', [admin.toString(), '-Atc', `CREATE DATABASE "${name}"`], { timeout: 30_000 });
  } catch (err) {
    const text = (err as { stderr?: string }).stderr ?? (err as Error).message;
    if (!/already exists/.test(text))
      throw new Error(`could not create PostgreSQL database ${name}: ${text.trim()}`, { cause: err });
  }
}

/**
 * SQLite settings for every database FerretDB opens. Without a busy timeout, concurrent writers fail
 * with SQLITE_BUSY (measured: 3–8 of 5,000 consumes failed at 50 writers); WAL lets readers go on
 * beside a writer. Throwaway databases (tests, benchmarks) also skip the fsync on every commit.
 */
export function sqlitePragmas(throwaway: boolean): string {
  const pragmas = ['busy_timeout(20000)', 'journal_mode(wal)', ...(throwaway ? ['synchronous(normal)'] : [])];
  return pragmas.map((p) => `_pragma=${p}`).join('&');
}
