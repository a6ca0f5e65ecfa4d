// Where the database a backup copies lives, and which of the engine's own consistent mechanisms copies it:
// FerretDB on SQLite keeps each database in one file (copied with SQLite's VACUUM INTO, one read
// transaction, so one instant); FerretDB on PostgreSQL keeps it in one schema (copied with pg_dump, one
// snapshot). A MongoDB server's files are not ours to read: for it we say what to use instead.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import { DEFAULT_POSTGRESQL_URL } from '../ferretdb.js';

export type BackupSource =
  { kind: 'sqlite'; dir: string; dbName: string } | { kind: 'postgresql'; url: string; dbName: string };

export class BackupRefused extends Error {
  override readonly name = 'BackupRefused';
}

const MONGODB_ADVICE =
  'this database is not FerretDB files or a PostgreSQL database this process can reach. For MongoDB use ' +
  'its own consistent backup: `mongodump --oplog` against a replica set member (or a filesystem snapshot ' +
  'of a stopped or fsyncLocked secondary); a dump taken collection by collection while money moves is ' +
  'not a snapshot. For a FerretDB of your own, set BACKUP_SQLITE_DIR (its --sqlite-url folder) or ' +
  'BACKUP_POSTGRESQL_URL (its PostgreSQL database).';

/** The database name the service uses: the one in MONGODB_URI's path, or huiyuan. */
export function databaseName(config: Pick<Config, 'MONGODB_URI' | 'BACKUP_DATABASE'>): string {
  if (config.BACKUP_DATABASE) return config.BACKUP_DATABASE;
  const fromUri = config.MONGODB_URI ? new URL(config.MONGODB_URI).pathname.slice(1) : '';
  return fromUri || 'huiyuan';
}

/** The source the settings describe, or BackupRefused saying why there is none and what to use. */
export function backupSourceFrom(config: Config): BackupSource {
  const dbName = databaseName(config);
  if (!/^[A-Za-z0-9_-]{1,60}$/.test(dbName)) throw new BackupRefused(`unusable database name "${dbName}"`);
  if (config.BACKUP_SQLITE_DIR)
    return { kind: 'sqlite', dir: path.resolve(config.BACKUP_SQLITE_DIR), dbName };
  if (config.BACKUP_POSTGRESQL_URL) return { kind: 'postgresql', url: config.BACKUP_POSTGRESQL_URL, dbName };
  if (config.MONGODB_URI) throw new BackupRefused(`MONGODB_URI is set, so ${MONGODB_ADVICE}`);
  // The embedded default: where `npm start` keeps it (src/infra/embedded-mongo.ts).
  if (config.FERRETDB_BACKEND === 'postgresql') {
    return { kind: 'postgresql', url: config.FERRETDB_POSTGRESQL_URL || DEFAULT_POSTGRESQL_URL, dbName };
  }
  const dir = path.resolve(config.DATA_DIR, 'ferretdb');
  if (
    !existsSync(path.join(dir, `${dbName}.sqlite`)) &&
    existsSync(path.resolve(config.DATA_DIR, 'mongod'))
  ) {
    throw new BackupRefused(`the embedded engine here is mongod, so ${MONGODB_ADVICE}`);
  }
  return { kind: 'sqlite', dir, dbName };
}

/** The SQLite file FerretDB keeps a database in. */
export function sqliteFileOf(source: { dir: string; dbName: string }): string {
  return path.join(source.dir, `${source.dbName}.sqlite`);
}
