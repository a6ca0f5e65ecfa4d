// Every job the service runs on bull, in the order they start. Adding a job is one file (a JobPlugin)
// and one line here.
import type { AnyJobPlugin } from './job-plugin.js';
import { ledgerRecoveryJob } from './ledger-recovery-job.js';
import { ticketSlaJob } from './ticket-sla-job.js';
import { birthdayCareJob } from './birthday-care-job.js';
import { campaignJob } from './campaign-job.js';
import { dailyMarketingJob } from './daily-marketing-job.js';
import { monthlyReportJob } from './monthly-report-job.js';
import { memberImportJob } from './member-import-job.js';
import { levelRecomputeJob } from './level-recompute-job.js';
import { dailyBackupJob } from './backup-job.js';
import { cardSyncJob } from './card-sync-job.js';
import { paymentReconcileJob } from './payment-reconcile-job.js';
import { tallyFoldJob } from './tally-fold-job.js';

export const JOBS: readonly AnyJobPlugin[] = [
  ledgerRecoveryJob,
  ticketSlaJob,
  birthdayCareJob,
  campaignJob,
  dailyMarketingJob,
  monthlyReportJob,
  memberImportJob,
  levelRecomputeJob,
  dailyBackupJob,
  cardSyncJob,
  paymentReconcileJob,
  tallyFoldJob,
];
