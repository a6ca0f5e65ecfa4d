// Restores a backup into a fresh data folder or PostgreSQL database, whole or not at all, then reads it
// back through FerretDB to audit the ledger and say what came back. `verify` does the same into a
// throwaway folder or database and removes it afterwards.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  buildFerretDB,
  ensurePostgresDatabase,
  findFerretBinary,
  pgConnection,
  runFerretDB,
  withoutPoolSettings,
  type FerretBackend,
} from '../ferretdb.js';
import { connectDatabase, disconnectDatabase } from '../database.js';
import { auditLedger } from '../../domain/ledger/ledger-audit.js';
import { recoverLedger } from '../../domain/ledger/ledger-recovery.js';
import { MemberModel } from '../../domain/models/member.js';
import { LedgerEntryModel } from '../../domain/models/ledger-entry.js';
import { groupSums } from '../../domain/group-sums.js';
import { extractPayload, readManifest, type BackupManifest } from './backup-file.js';
import { BackupRefused, sqliteFileOf } from './backup-source.js';

const run = promisify(execFile);

export type RestoreTarget = { kind: 'sqlite'; dir: string } | { kind: 'postgresql'; url: string };

export interface RestoredReport {
  backupStartedAt: string;
  dbName: string;
  members: number;
  entries: number;
  balanceFen: number;
  points: number;
  auditProblems: number;
  /** Cards whose balance the snapshot caught between its ledger entry and the card's update. */
  rolledForward: number;
}

/**
 * Writes the backup's database into the target. A database already there is refused unless `force`
 * (stop the service first: a running engine does not expect its files replaced under it).
 */
export async function restoreBackup(
  file: string,
  target: RestoreTarget,
  { force = false } = {},
): Promise<BackupManifest> {
  const { manifest } = await readManifest(file);
  if (manifest.backend !== target.kind) {
    throw new BackupRefused(
      `this backup is of FerretDB on ${manifest.backend}; restore it into the same kind`,
    );
  }
  return target.kind === 'sqlite'
    ? restoreSqlite(file, manifest, target.dir, force)
    : restorePostgres(file, manifest, target.url, force);
}

async function restoreSqlite(
  file: string,
  manifest: BackupManifest,
  dir: string,
  force: boolean,
): Promise<BackupManifest> {
  const dest = sqliteFileOf({ dir, dbName: manifest.dbName });
  if (existsSync(dest) && !force) {
    throw new BackupRefused(`${dest} already holds a database; restore into a fresh folder, or add --force`);
  }
  await mkdir(dir, { recursive: true });
  const incoming = `${dest}.restoring`;
  try {
    await extractPayload(file, incoming);
    const { stdout } = await run('sqlite3', [incoming, 'PRAGMA integrity_check'], { timeout: 10 * 60_000 });
    if (stdout.trim() !== 'ok')
      throw new BackupRefused(`the restored database fails SQLite's integrity check`);
    // The old database's journal would be replayed onto the new file: it goes with the old one.
    await rm(`${dest}-wal`, { force: true });
    await rm(`${dest}-shm`, { force: true });
    await rename(incoming, dest);
  } finally {
    await rm(incoming, { force: true });
  }
  return manifest;
}

async function restorePostgres(
  file: string,
  manifest: BackupManifest,
  url: string,
  force: boolean,
): Promise<BackupManifest> {
  await ensurePostgresDatabase(url).catch((err: Error) => {
    throw new BackupRefused(err.message);
  });
  const pg = pgConnection(url);
  const psql = (args: string[]) =>
    run('psql', ['-X', '-v', 'ON_ERROR_STOP=1', ...args, pg.url], { env: pg.env, timeout: 60 * 60_000 });
  // The name was checked against [A-Za-z0-9_-] when the manifest was read (backup-file.ts).
  const { stdout } = await psql([
    '-Atc',
    `SELECT 1 FROM information_schema.schemata WHERE schema_name = '${manifest.dbName}'`,
  ]);
  if (stdout.trim() === '1' && !force) {
    throw new BackupRefused(
      `the database already holds ${manifest.dbName}; restore into a fresh database, or add --force`,
    );
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-restore-'));
  try {
    const dump = path.join(work, 'dump');
    await extractPayload(file, dump);
    // The dump as SQL, run in one transaction after dropping what --force replaces: a restore that fails
    // part-way leaves the database as it was.
    const script = path.join(work, 'restore.sql');
    await run('pg_restore', ['--no-owner', '--no-privileges', `--file=${script}`, dump], {
      timeout: 60 * 60_000,
    });
    const prelude = path.join(work, 'prelude.sql');
    await writeFile(prelude, force ? `DROP SCHEMA IF EXISTS "${manifest.dbName}" CASCADE;\n` : '');
    await psql(['--single-transaction', '-q', '-f', prelude, '-f', script]).catch(
      (err: { stderr?: string }) => {
        throw new Error(`the restore failed, nothing was restored: ${err.stderr?.trim() ?? String(err)}`);
      },
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return manifest;
}

/**
 * A FerretDB of its own on a restored folder or database. Start it after the restore: FerretDB reads
 * which databases exist when it starts.
 */
export async function ferretOn(
  target: RestoreTarget,
  throwaway = false,
): Promise<{ uri: string; stop: () => Promise<void> }> {
  const binary = (await findFerretBinary()) ?? (await buildFerretDB(() => undefined));
  const state = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-ferret-state-'));
  const backend: FerretBackend =
    target.kind === 'sqlite' ? { kind: 'sqlite' } : { kind: 'postgresql', url: target.url };
  const dataDir = target.kind === 'sqlite' ? target.dir : state;
  const { uri, server } = await runFerretDB(binary, dataDir, throwaway, undefined, backend);
  return {
    uri,
    stop: async () => {
      await server.stop();
      await rm(state, { recursive: true, force: true });
    },
  };
}

/** Reads a restored database through a FerretDB of its own: the ledger audit and the totals. */
export async function inspectRestored(
  target: RestoreTarget,
  manifest: BackupManifest,
): Promise<RestoredReport> {
  const { uri, stop } = await ferretOn(target);
  try {
    await connectDatabase(uri, manifest.dbName, { maxPoolSize: 4 });
    // A snapshot is an instant: an entry just committed may not be on its card yet, as after a crash.
    // The chain is the truth; the cards are brought up to it before the audit, as the service would.
    const { rolledForward } = await recoverLedger();
    const audit = await auditLedger();
    const [sums] = await groupSums(MemberModel, {}, null, { balanceFen: '$balanceFen', points: '$points' });
    return {
      backupStartedAt: manifest.startedAt,
      dbName: manifest.dbName,
      members: await MemberModel.countDocuments(),
      entries: await LedgerEntryModel.countDocuments(),
      balanceFen: sums?.balanceFen ?? 0,
      points: sums?.points ?? 0,
      auditProblems: audit.problems.length,
      rolledForward,
    };
  } finally {
    await disconnectDatabase();
    await stop();
  }
}

/** Restores into a throwaway folder or database, audits it, and removes it. */
export async function verifyBackup(
  file: string,
  postgresServer = 'postgres://postgres@127.0.0.1:5432/',
): Promise<RestoredReport> {
  const { manifest } = await readManifest(file);
  if (manifest.backend === 'sqlite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-verify-'));
    try {
      const target: RestoreTarget = { kind: 'sqlite', dir };
      await restoreBackup(file, target);
      return await inspectRestored(target, manifest);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const url = new URL(withoutPoolSettings(postgresServer));
  const name = `huiyuan_verify_${randomBytes(4).toString('hex')}`;
  url.pathname = `/${name}`;
  try {
    const target: RestoreTarget = { kind: 'postgresql', url: url.toString() };
    await restoreBackup(file, target);
    return await inspectRestored(target, manifest);
  } finally {
    const admin = new URL(url);
    admin.pathname = '/postgres';
    await run('psql', [admin.toString(), '-Atc', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]).catch(
      () => undefined,
    );
  }
}
