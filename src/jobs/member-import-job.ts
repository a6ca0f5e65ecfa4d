// Member imports on bull, one job per import (its id is the job id), with progress. Without Redis the
// same run happens in the process, detached from the upload.
import { runImport } from '../domain/imports/member-import.js';
import type { Actor } from '../domain/models/audit-log.js';
import { offThePath } from '../domain/off-the-path.js';
import type { JobPlugin } from './job-plugin.js';

interface ImportJob {
  importId: string;
  actor: Actor;
}

export const memberImportJob: JobPlugin<ImportJob> = {
  name: 'member-import',
  process: (job) => runImport(job.data.importId, job.data.actor, (p) => void job.progress(p)),
  provides: {
    port: 'imports',
    queued: (queue) => ({
      async start(importId, actor) {
        await queue.add({ importId, actor }, { jobId: `import-${importId}`, attempts: 3, backoff: 5000 });
      },
    }),
    inline: () => ({
      async start(importId, actor) {
        void offThePath('member import', () => runImport(importId, actor));
      },
    }),
  },
};
