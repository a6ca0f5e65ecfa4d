// Rolls member projections forward to their ledger chains: the members a failed commit names, right
// away; every member at start-up and then hourly, for crashes that could not say so.
import type Bull from 'bull';
import { Types } from 'mongoose';
import { recoverLedger, type RecoveryResult } from '../domain/ledger/ledger-recovery.js';
import { logger } from '../infra/logger.js';
import { createQueue, type QueueSettings } from './queue-factory.js';

export interface LedgerRecoveryJob {
  /** Only these members; all members when omitted. */
  memberIds?: string[];
}

export const LEDGER_RECOVERY_QUEUE = 'ledger-recovery';

export async function processLedgerRecovery(job: Bull.Job<LedgerRecoveryJob>): Promise<RecoveryResult> {
  const ids = job.data.memberIds?.map((id) => new Types.ObjectId(id));
  const result = await recoverLedger(ids);
  if (result.rolledForward > 0) logger.warn(result, 'ledger recovery rolled member projections forward');
  return result;
}

export async function startLedgerRecovery(settings: QueueSettings): Promise<Bull.Queue<LedgerRecoveryJob>> {
  const queue = createQueue<LedgerRecoveryJob>(LEDGER_RECOVERY_QUEUE, settings);
  void queue.process(processLedgerRecovery);
  await queue.add({}, { jobId: `startup-${Date.now()}` });
  await queue.add({}, { repeat: { every: 60 * 60_000 }, jobId: 'ledger-recovery-all' });
  return queue;
}

/** Schedules a repair of one member, with retries: called when a commit could not finish. */
export function scheduleMemberRecovery(queue: Bull.Queue<LedgerRecoveryJob>, memberId: Types.ObjectId) {
  queue
    .add(
      { memberIds: [String(memberId)] },
      { delay: 1000, attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
    )
    .catch((err: unknown) => logger.error({ err }, 'could not schedule ledger recovery'));
}
