// The daily backup on bull: at BACKUP_TIME Beijing time one backup of the service's database, then the
// oldest pruned to BACKUP_KEEP. Where no backup can be taken from here (a MongoDB server), it says so once
// at start and schedules nothing; `npm run backup` takes one by hand.
import path from 'node:path';
import type Bull from 'bull';
import type { Config } from '../config.js';
import { BUSINESS_TZ } from '../domain/clock.js';
import { backupSourceFrom, BackupRefused, type BackupSource } from '../infra/backup/backup-source.js';
import { pruneBackups, takeBackup } from '../infra/backup/backup.js';
import type { Logger } from '../infra/logger.js';
import { createQueue, type QueueSettings } from './queue-factory.js';

export const BACKUP_QUEUE = 'backup';

/** "03:30" → the cron line for that minute every day. */
export function dailyCron(time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return `${minute} ${hour} * * *`;
}

export async function startDailyBackup(
  settings: QueueSettings,
  config: Config,
  log: Logger,
): Promise<Bull.Queue | null> {
  let source: BackupSource;
  try {
    source = backupSourceFrom(config);
  } catch (err) {
    if (!(err instanceof BackupRefused)) throw err;
    log.warn(`no daily backup: ${err.message}`);
    return null;
  }
  const dir = config.BACKUP_DIR ?? path.join(config.DATA_DIR, 'backups');
  const queue = createQueue<Record<string, never>>(BACKUP_QUEUE, settings);
  void queue.process(async () => {
    const { file, manifest } = await takeBackup(source, dir);
    const pruned = await pruneBackups(dir, source.dbName, config.BACKUP_KEEP);
    log.info({ file, bytes: manifest.payload.bytes, pruned: pruned.length }, 'daily backup written');
    return { file, sha256: manifest.payload.sha256, pruned: pruned.length };
  });
  queue.on('failed', (_job, err) => log.error({ err }, 'daily backup FAILED: no backup was written today'));
  await queue.add(
    {},
    { repeat: { cron: dailyCron(config.BACKUP_TIME), tz: BUSINESS_TZ }, jobId: 'daily-backup' },
  );
  return queue;
}
