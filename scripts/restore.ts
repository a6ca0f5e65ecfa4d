// npm run restore -- <backup> [--to <folder | postgres://…/database>] [--force]: restores a backup, then
// audits the ledger and prints what came back. Without --to it restores where the service keeps its data
// (refused while a database is there, unless --force: stop the service first).
import { loadConfig } from '../src/config.js';
import { backupSourceFrom, BackupRefused } from '../src/infra/backup/backup-source.js';
import { BackupDamaged } from '../src/infra/backup/backup-file.js';
import { inspectRestored, restoreBackup, type RestoreTarget } from '../src/infra/backup/restore.js';
import { restoredSummary } from '../src/infra/backup/restored-summary.js';

const args = process.argv.slice(2);
const force = args.includes('--force');
const toAt = args.indexOf('--to');
const file = args.find((a, i) => !a.startsWith('--') && (toAt < 0 || i !== toAt + 1));
try {
  if (!file)
    throw new BackupRefused('usage: npm run restore -- <backup file> [--to <folder|postgres url>] [--force]');
  let target: RestoreTarget;
  if (toAt >= 0) {
    const to = args[toAt + 1] ?? '';
    target = /^postgres(ql)?:\/\//.test(to) ? { kind: 'postgresql', url: to } : { kind: 'sqlite', dir: to };
  } else {
    const source = backupSourceFrom(loadConfig());
    target =
      source.kind === 'sqlite'
        ? { kind: 'sqlite', dir: source.dir }
        : { kind: 'postgresql', url: source.url };
  }
  const manifest = await restoreBackup(file, target, { force });
  const report = await inspectRestored(target, manifest);
  console.log(restoredSummary(report));
  process.exit(report.auditProblems ? 1 : 0);
} catch (err) {
  if (err instanceof BackupRefused || err instanceof BackupDamaged) {
    console.error(`restore: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
