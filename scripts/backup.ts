// npm run backup: one backup of the service's database now, into BACKUP_DIR, old ones pruned to
// BACKUP_KEEP. `npm run backup -- --verify <file>` restores a backup into a throwaway engine and audits it.
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { backupSourceFrom, BackupRefused } from '../src/infra/backup/backup-source.js';
import { pruneBackups, takeBackup } from '../src/infra/backup/backup.js';
import { BackupDamaged } from '../src/infra/backup/backup-file.js';
import { verifyBackup } from '../src/infra/backup/restore.js';
import { restoredSummary } from '../src/infra/backup/restored-summary.js';

const config = loadConfig();
const args = process.argv.slice(2);
try {
  const verify = args.indexOf('--verify');
  if (verify >= 0) {
    const file = args[verify + 1];
    if (!file) throw new BackupRefused('usage: npm run backup -- --verify <backup file>');
    const report = await verifyBackup(file, config.BACKUP_POSTGRESQL_URL ?? config.FERRETDB_POSTGRESQL_URL);
    console.log(restoredSummary(report));
    process.exit(report.auditProblems ? 1 : 0);
  }
  const source = backupSourceFrom(config);
  const dir = config.BACKUP_DIR ?? path.join(config.DATA_DIR, 'backups');
  const { file, manifest } = await takeBackup(source, dir);
  const pruned = await pruneBackups(dir, source.dbName, config.BACKUP_KEEP);
  console.log(`backup written: ${file}`);
  console.log(`  ${manifest.engine}, ${manifest.payload.bytes} bytes, sha256 ${manifest.payload.sha256}`);
  console.log(
    `  snapshot began ${manifest.startedAt}; ${pruned.length} old backup(s) removed, ${config.BACKUP_KEEP} kept`,
  );
} catch (err) {
  if (err instanceof BackupRefused || err instanceof BackupDamaged) {
    console.error(`backup: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
