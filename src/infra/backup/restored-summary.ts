// What a restore or a verification prints: the backup's time, and what came back, audited.
import { formatYuan } from '../../domain/money.js';
import type { RestoredReport } from './restore.js';

export function restoredSummary(r: RestoredReport): string {
  return [
    `restored ${r.dbName} as of ${r.backupStartedAt} (the snapshot's start)`,
    `  members ${r.members}, ledger entries ${r.entries}`,
    `  stored value ¥${formatYuan(r.balanceFen)}, points ${r.points}`,
    `  cards brought up to their ledger: ${r.rolledForward} (entries the snapshot caught before their card's update)`,
    r.auditProblems ? `  LEDGER AUDIT: ${r.auditProblems} problem(s)` : '  ledger audit: clean',
  ].join('\n');
}
