// Keeps wallet cards showing what the ledger says: a job per committed entry (and level change), retried
// with backoff while WeChat is busy or away. Without Redis the same runs in the process, retried alike.
import type { CardSyncPort } from '../domain/cards/member-cards.js';
import { logger } from '../infra/logger.js';
import type { JobPlugin } from './job-plugin.js';

interface CardSync {
  memberId: string;
  seq: number;
}

const ATTEMPTS = 8;
const FIRST_RETRY_MS = 500;

export const cardSyncJob: JobPlugin<CardSync> = {
  name: 'card-sync',
  process: (job, { cards }) => cards.sync(job.data.memberId, job.data.seq),
  provides: {
    port: 'cardSync',
    queued: (queue): CardSyncPort => ({
      memberChanged(memberId, seq) {
        queue
          .add(
            { memberId, seq },
            { attempts: ATTEMPTS, backoff: { type: 'exponential', delay: FIRST_RETRY_MS } },
          )
          .catch((err: unknown) => logger.error({ err, memberId }, 'could not schedule a card sync'));
      },
    }),
    inline: ({ cards }): CardSyncPort => ({
      memberChanged(memberId, seq) {
        const attempt = (n: number): void => {
          cards.sync(memberId, seq).catch((err: unknown) => {
            if (n + 1 >= ATTEMPTS) logger.error({ err, memberId }, 'card sync failed for good');
            else setTimeout(() => attempt(n + 1), FIRST_RETRY_MS * 2 ** n).unref();
          });
        };
        attempt(0);
      },
    }),
  },
};
