// Takes a backup while the service runs and takes money: the engine's own snapshot (see backup-source.ts)
// into one checked file (backup-file.ts), then old backups pruned by count.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import dayjs from 'dayjs';
import { BUSINESS_TZ } from '../../domain/clock.js';
import { FERRETDB_VERSION, pgConnection } from '../ferretdb.js';
import { BackupRefused, sqliteFileOf, type BackupSource } from './backup-source.js';
import { writeBackupFile, type BackupManifest } from './backup-file.js';

const run = promisify(execFile);

export const BACKUP_SUFFIX = '.huiyuan-backup';

export async function appVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** A command's first line of `--version`, or why it cannot be run (a tool the snapshot needs). */
async function toolVersion(tool: string, install: string): Promise<string> {
  try {
    return (await run(tool, ['--version'], { timeout: 10_000 })).stdout.trim().split('\n')[0]!;
  } catch {
    throw new BackupRefused(`${tool} is needed for this backup and was not found (${install})`);
  }
}

/** SQL text for a string literal. */
const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

export interface TakenBackup {
  file: string;
  manifest: BackupManifest;
}

/** Takes one backup of the source into `dir`; the file's name carries the database and Beijing time. */
export async function takeBackup(source: BackupSource, dir: string): Promise<TakenBackup> {
  await mkdir(dir, { recursive: true });
  const startedAt = new Date();
  const stamp = dayjs(startedAt).tz(BUSINESS_TZ).format('YYYYMMDD-HHmmss-SSS');
  const file = path.join(dir, `${source.dbName}-${stamp}${BACKUP_SUFFIX}`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-backup-'));
  try {
    const snapshot = path.join(work, 'snapshot');
    const base = { format: 'huiyuan-backup' as const, version: 1 as const, app: await appVersion() };
    if (source.kind === 'sqlite') {
      const tool = await toolVersion('sqlite3', 'apt-get install sqlite3');
      const db = sqliteFileOf(source);
      if (!existsSync(db)) throw new BackupRefused(`there is no database ${source.dbName} at ${db}`);
      // One read transaction over the whole file: the copy is the database at one instant, while
      // FerretDB goes on writing beside it (WAL); the busy timeout waits out a checkpoint.
      await run('sqlite3', ['-bail', '-cmd', '.timeout 60000', db, `VACUUM INTO ${sqlString(snapshot)}`], {
        timeout: 30 * 60_000,
      });
      const manifest = await writeBackupFile(
        file,
        {
          ...base,
          engine: `FerretDB ${FERRETDB_VERSION} on SQLite`,
          snapshotTool: `sqlite3 ${tool} (VACUUM INTO)`,
          backend: 'sqlite',
          dbName: source.dbName,
          startedAt: startedAt.toISOString(),
        },
        snapshot,
        'gzip',
      );
      return { file, manifest };
    }
    const tool = await toolVersion('pg_dump', 'apt-get install postgresql-client');
    // pg_dump reads everything in one transaction: one snapshot of the database's schema.
    const pg = pgConnection(source.url);
    await run(
      'pg_dump',
      [
        '--format=custom',
        // Quoted: pg_dump folds an unquoted pattern to lower case.
        `--schema="${source.dbName}"`,
        '--no-owner',
        '--no-privileges',
        `--file=${snapshot}`,
        `--dbname=${pg.url}`,
      ],
      { timeout: 60 * 60_000, env: pg.env },
    );
    const manifest = await writeBackupFile(
      file,
      {
        ...base,
        engine: `FerretDB ${FERRETDB_VERSION} on PostgreSQL`,
        snapshotTool: tool,
        backend: 'postgresql',
        dbName: source.dbName,
        startedAt: startedAt.toISOString(),
      },
      snapshot,
      'none',
    );
    return { file, manifest };
  } catch (err) {
    if (err instanceof BackupRefused) throw err;
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`the backup failed${stderr ? `: ${stderr}` : ''}`, { cause: err });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Keeps the newest `keep` backups of the database in `dir`; returns the files removed. */
export async function pruneBackups(dir: string, dbName: string, keep: number): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const ours = (await readdir(dir))
    .filter((f) => f.startsWith(`${dbName}-`) && f.endsWith(BACKUP_SUFFIX))
    .sort(); // the name's Beijing timestamp sorts oldest first
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  for (const f of old) await rm(path.join(dir, f), { force: true });
  return old.map((f) => path.join(dir, f));
}
