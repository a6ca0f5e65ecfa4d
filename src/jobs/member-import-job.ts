// Member imports on bull, one job per import (its id is the job id), with progress. Without Redis the
// same run happens in the process, detached from the upload.
import type Bull from 'bull';
import { runImport } from '../domain/imports/member-import.js';
import type { ImportJobs } from '../domain/imports/import-jobs.js';
import type { Actor } from '../domain/models/audit-log.js';
import { offThePath } from '../domain/off-the-path.js';
import { createQueue, type QueueSettings } from './queue-factory.js';

export const MEMBER_IMPORT_QUEUE = 'member-import';

interface ImportJob {
  importId: string;
  actor: Actor;
}

export function startMemberImports(settings: QueueSettings): {
  queue: Bull.Queue<ImportJob>;
  jobs: ImportJobs;
} {
  const queue = createQueue<ImportJob>(MEMBER_IMPORT_QUEUE, settings);
  void queue.process((job) => runImport(job.data.importId, job.data.actor, (p) => void job.progress(p)));
  return {
    queue,
    jobs: {
      async start(importId, actor) {
        await queue.add({ importId, actor }, { jobId: `import-${importId}`, attempts: 3, backoff: 5000 });
      },
    },
  };
}

export function inlineMemberImports(): ImportJobs {
  return {
    async start(importId, actor) {
      void offThePath('member import', () => runImport(importId, actor));
    },
  };
}
