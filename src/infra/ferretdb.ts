// FerretDB v1.24 (MongoDB wire protocol on SQLite): find or build the binary once, then run it.
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, writeFile, chmod, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findOnPath, freePort, startServer, waitForPort, type StartedServer } from './processes.js';

const run = promisify(execFile);
export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

/** A change to FerretDB's source: the exact text replaced, in one file, and why (in its comment). */
interface SourcePatch {
  file: string;
  asShipped: string;
  ours: string;
}

/**
 * SQLite: v1.24 creates the `_id` index on `_ferretdb_sjson->"_id"` but looks documents up with
 * `_ferretdb_sjson->'$._id' = ?`, an expression SQLite does not match to that index: every find, update and
 * delete by `_id` scanned the whole table (measured: 178 lookups/s on 5,000 documents, 15 ms each at
 * 50,000). The lookup is written as the index's own expression; the value is the same JSON, nothing else
 * changes.
 */
const SQLITE_ID_LOOKUP: SourcePatch = {
  file: 'internal/backends/sqlite/metadata/metadata.go',
  asShipped: `IDColumn = DefaultColumn + "->'$._id'"`,
  ours: `IDColumn = DefaultColumn + "->'_id'"`,
};

/**
 * SQLite: v1.24 pushes nothing down but a filter that is exactly `{_id: v}`; every other find, count,
 * update and delete read the whole table and filtered it in Go, though the indexes exist. Measured among
 * 50,000 documents: an equality find on an indexed field 988 ms. `huiyuanWhere` (our file
 * sqlite_huiyuan_pushdown.go) pushes equality and $in on every top-level field down on the index's own
 * expression; the query and its explain use it alike. Before/after in docs/BENCHMARKS.md.
 */
const SQLITE_ALL_SHIPPED = `	// that logic should exist in one place
	// TODO https://github.com/FerretDB/FerretDB/issues/3235
	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:`;
const SQLITE_QUERY_PUSHDOWN: SourcePatch = {
  file: 'internal/backends/sqlite/collection.go',
  asShipped: `${SQLITE_ALL_SHIPPED}
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}`,
  ours: `	// huiyuan: every top-level equality and $in on the indexes (sqlite_huiyuan_pushdown.go)
	whereClause, args = huiyuanWhere(params.Filter)`,
};
const SQLITE_EXPLAIN_PUSHDOWN: SourcePatch = {
  file: 'internal/backends/sqlite/collection.go',
  asShipped: `${SQLITE_ALL_SHIPPED}
			filterPushdown = true
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}`,
  ours: `	// huiyuan: explained as queried (sqlite_huiyuan_pushdown.go)
	whereClause, args = huiyuanWhere(params.Filter)
	filterPushdown = whereClause != ""`,
};

/**
 * PostgreSQL: v1.24 pushes `{field: v}` down as `_jsonb->$1 @> $2` (containment, with the key as a
 * parameter); indexes are btrees on `(_jsonb->'field')`, which serve `=` on that very expression and never
 * `@>`, so every find by `_id` or by any indexed field (and the query step of every update and delete)
 * was a sequential scan: EXPLAIN showed "Seq Scan … Filter: ((_jsonb -> '_id') @> '"m123"')"; 23 ms a
 * lookup among 50,000 documents, growing with the table. `huiyuanEqualOrInArray` (our file
 * postgresql_huiyuan_pushdown.go) writes equality and $in on strings, ObjectIDs and dates on the index's
 * own expression, keeping arrays that may hold the value by a range the same index serves. Measured before
 * and after in docs/BENCHMARKS.md.
 */
const POSTGRESQL_INDEXED_EQUALITY: SourcePatch = {
  file: 'internal/backends/postgresql/query.go',
  asShipped: `	case string, types.ObjectID, time.Time:
		// merge with the case below?
		// TODO https://github.com/FerretDB/FerretDB/issues/3626

		// don't change the default eq query`,
  ours: `	case string, types.ObjectID, time.Time:
		// huiyuan: on the field's own index expression (postgresql_huiyuan_pushdown.go); a value jsonb cannot
		// hold is not pushed down at all
		if !huiyuanPushable(v) {
			break
		}

		if key, ok := k.(string); ok && operator == "->" {
			filter = huiyuanEqualOrInArray(p, key, 1)
			args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))

			break
		}

		// don't change the default eq query`,
};
const POSTGRESQL_INDEXED_IN: SourcePatch = {
  file: 'internal/backends/postgresql/query.go',
  asShipped: `				default:
					// $gt and $lt
					// TODO https://github.com/FerretDB/FerretDB/issues/1875
					continue`,
  ours: `				case "$in":
					// huiyuan: on the field's own index expression (postgresql_huiyuan_pushdown.go)
					if key, ok := key.(string); ok && keyOperator == "->" {
						if f, a := huiyuanIn(p, key, v); f != "" {
							filters = append(filters, f)
							args = append(args, a...)
						}
					}

				default:
					// $gt and $lt
					// TODO https://github.com/FerretDB/FerretDB/issues/1875
					continue`,
};

const OUR_PATCHES = [
  SQLITE_ID_LOOKUP,
  SQLITE_QUERY_PUSHDOWN,
  SQLITE_EXPLAIN_PUSHDOWN,
  POSTGRESQL_INDEXED_EQUALITY,
  POSTGRESQL_INDEXED_IN,
];

/** Files of ours added to FerretDB's source (from ferretdb-patches/), by the folder they go in. */
const OUR_FILES = [
  { name: 'sqlite_huiyuan_pushdown.go', into: 'internal/backends/sqlite' },
  { name: 'postgresql_huiyuan_pushdown.go', into: 'internal/backends/postgresql' },
];
const OUR_FILES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ferretdb-patches');

/**
 * The patch set's name in the cache folder's name: a digest of every patch and file of ours, so a binary
 * built from other patches (an older checkout's) is never picked up.
 */
const PATCH_SET = `huiyuan-${createHash('sha256')
  .update(JSON.stringify(OUR_PATCHES))
  .update(OUR_FILES.map(({ name }) => readFileSync(path.join(OUR_FILES_DIR, name), 'utf8')).join('\n'))
  .digest('hex')
  .slice(0, 10)}`;

/** Where a FerretDB built by us lives, shared by every checkout on the machine. */
export function ferretCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'huiyuan', `ferretdb-${FERRETDB_VERSION}-${PATCH_SET}`);
}

/**
 * A FerretDB binary that is already here: FERRETDB_BIN, our build, or one on PATH. Ours comes before
 * PATH because it has our patches (OUR_PATCHES).
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
 * Builds FerretDB from its module source with the Go toolchain, with our patches (OUR_PATCHES) and
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
  for (const patch of OUR_PATCHES) {
    const file = path.join(work, patch.file);
    const text = await readFile(file, 'utf8');
    if (!text.includes(patch.asShipped))
      throw new Error(`${patch.file} is not as expected; no patch applied`);
    await writeFile(file, text.replace(patch.asShipped, patch.ours));
  }
  for (const { name, into } of OUR_FILES)
    await cp(path.join(OUR_FILES_DIR, name), path.join(work, into, name));
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
      ? ['--handler=postgresql', `--postgresql-url=${withSessionSettings(backend.url)}`]
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

/**
 * Settings for FerretDB's PostgreSQL sessions (pgx sends URL parameters it does not know as session
 * settings). FerretDB's expression indexes carry no statistics PostgreSQL can use for our lookups, so it
 * guesses ~17% of a million members for `phoneTail = '0042'` (100 rows), and past its cost thresholds it
 * plans a parallel scan and JIT-compiles it: measured among 1,000,000 members, a lookup by the name index
 * took 226–436 ms as planned, 66 ms with jit off, 0.5 ms with no parallel workers either. Our queries are
 * lookups on indexes; neither pays for itself on them.
 */
const FERRETDB_PG_SESSION: Record<string, string> = {
  pool_max_conns: String(FERRETDB_PG_POOL),
  jit: 'off',
  max_parallel_workers_per_gather: '0',
};

export function withSessionSettings(url: string): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(FERRETDB_PG_SESSION))
    if (!parsed.searchParams.has(key)) parsed.searchParams.set(key, value);
  return parsed.toString();
}

/** The settings above are FerretDB's (pgx's), not libpq's: psql, pg_dump and pg_restore refuse them. */
export function withoutPoolSettings(url: string): string {
  const parsed = new URL(url);
  for (const key of [...parsed.searchParams.keys()])
    if (key.startsWith('pool_') || key in FERRETDB_PG_SESSION) parsed.searchParams.delete(key);
  return parsed.toString();
}

/**
 * A PostgreSQL URL for the command line, its password moved to PGPASSWORD so it never shows in a
 * process list; and the environment to run the command with.
 */
export function pgConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(withoutPoolSettings(url));
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** FerretDB (or a restore) needs its PostgreSQL database to exist: create it (with psql) when it does not. */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const pg = pgConnection(url);
  const admin = new URL(pg.url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unusable PostgreSQL database name "${name}"`);
  admin.pathname = '/postgres';
  try {
    await run('psql', ['-X', admin.toString(), '-Atc', `CREATE DATABASE "${name}"`], {
      timeout: 30_000,
      env: pg.env,
    });
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
