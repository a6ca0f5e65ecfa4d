// Rolls member projections forward to their ledger chains: the members a failed commit names, right
// away (the `repairs` port); every member at start-up and then hourly, for crashes that could not say so.
import type Bull from 'bull';
import { Types } from 'mongoose';
import { recoverLedger, type RecoveryResult } from '../domain/ledger/ledger-recovery.js';
import { logger } from '../infra/logger.js';
import type { JobPlugin } from './job-plugin.js';

export interface LedgerRecoveryJob {
  /** Only these members; all members when omitted. */
  memberIds?: string[];
}

export async function processLedgerRecovery(job: Bull.Job<LedgerRecoveryJob>): Promise<RecoveryResult> {
  const ids = job.data.memberIds?.map((id) => new Types.ObjectId(id));
  const result = await recoverLedger(ids);
  if (result.rolledForward > 0) logger.warn(result, 'ledger recovery rolled member projections forward');
  return result;
}

export const ledgerRecoveryJob: JobPlugin<LedgerRecoveryJob> = {
  name: 'ledger-recovery',
  atStart: () => [{}],
  schedules: () => [{ id: 'ledger-recovery-all', data: {}, schedule: { every: 60 * 60_000 } }],
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
