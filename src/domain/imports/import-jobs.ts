// The port through which the HTTP door starts an import; src/jobs runs it on bull (or in the process).
import type { Actor } from '../models/audit-log.js';

export interface ImportJobs {
  /** Starts the import; starting it twice runs it once. */
  start(importId: string, actor: Actor): Promise<void>;
}
