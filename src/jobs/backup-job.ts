// The daily backup on bull: at BACKUP_TIME Beijing time one backup of the service's database, then the
// oldest pruned to BACKUP_KEEP. Where no backup can be taken from here (a MongoDB server), it says so once
// at start and schedules nothing; `npm run backup` takes one by hand.
import path from 'node:path';
import { BUSINESS_TZ } from '../domain/clock.js';
import { backupSourceFrom, BackupRefused } from '../infra/backup/backup-source.js';
import { pruneBackups, takeBackup } from '../infra/backup/backup.js';
import type { JobPlugin } from './job-plugin.js';

/** "03:30" → the cron line for that minute every day. */
export function dailyCron(time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return `${minute} ${hour} * * *`;
}

export const dailyBackupJob: JobPlugin = {
  name: 'backup',
  unavailable(config) {
    try {
      backupSourceFrom(config);
      return null;
    } catch (err) {
      if (!(err instanceof BackupRefused)) throw err;
      return err.message;
    }
  },
  schedules: (config) => [
    { id: 'daily-backup', data: {}, schedule: { cron: dailyCron(config.BACKUP_TIME), tz: BUSINESS_TZ } },
  ],
  async process(_job, { config, log }) {
    const source = backupSourceFrom(config);
    const dir = config.BACKUP_DIR ?? path.join(config.DATA_DIR, 'backups');
    const { file, manifest } = await takeBackup(source, dir);
    const pruned = await pruneBackups(dir, source.dbName, config.BACKUP_KEEP);
    log.info({ file, bytes: manifest.payload.bytes, pruned: pruned.length }, 'daily backup written');
    return { file, sha256: manifest.payload.sha256, pruned: pruned.length };
  },
  failed: (err, { log }) => log.error({ err }, 'daily backup FAILED: no backup was written today'),
};
