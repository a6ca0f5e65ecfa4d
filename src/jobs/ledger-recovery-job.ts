// Rolls member projections forward to their ledger chains: the members a failed commit names, right
// away (the `repairs` port); at start-up and then hourly, for crashes that could not say so, the members
// with entries in the last days (a pass over every member is hours of reads at a million members).
import type Bull from 'bull';
import { Types } from 'mongoose';
import { recoverLedger, recoverRecentLedger, type RecoveryResult } from '../domain/ledger/ledger-recovery.js';
import { logger } from '../infra/logger.js';
import type { JobPlugin } from './job-plugin.js';

export interface LedgerRecoveryJob {
  /** Only these members. */
  memberIds?: string[];
  /** Members with entries in these last business days (today included); every member when neither is given. */
  days?: number;
}

/** At start-up, a week: a service down for days comes back to check what its last runs committed. */
const DAYS_AT_START = 7;
/** Hourly, today and yesterday: an entry committed just before midnight is still checked after it. */
const DAYS_HOURLY = 2;

export async function processLedgerRecovery(job: Bull.Job<LedgerRecoveryJob>): Promise<RecoveryResult> {
  const ids = job.data.memberIds?.map((id) => new Types.ObjectId(id));
  const result = !ids && job.data.days ? await recoverRecentLedger(job.data.days) : await recoverLedger(ids);
  if (result.rolledForward > 0) logger.warn(result, 'ledger recovery rolled member projections forward');
  return result;
}

export const ledgerRecoveryJob: JobPlugin<LedgerRecoveryJob> = {
  name: 'ledger-recovery',
  atStart: () => [{ days: DAYS_AT_START }],
  schedules: () => [
    { id: 'ledger-recovery-recent', data: { days: DAYS_HOURLY }, schedule: { every: 60 * 60_000 } },
  ],
  process: processLedgerRecovery,
  provides: {
    port: 'repairs',
    queued: (queue) => ({
      repair(memberId) {
        queue
          .add(
            { memberIds: [memberId] },
            { delay: 1000, attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
          )
          .catch((err: unknown) => logger.error({ err }, 'could not schedule ledger recovery'));
      },
    }),
  },
};
