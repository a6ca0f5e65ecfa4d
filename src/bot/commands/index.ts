// The store commands, in the order their words are tried (longer words before their prefixes).
import type { StaffCommandSpec } from './staff-command-spec.js';
import bindStore from './bind-store.js';
import consume from './consume.js';
import recharge from './recharge.js';
import points from './points.js';
import redeem from './redeem.js';
import reverse from './reverse.js';
import refund from './refund.js';
import report from './report.js';
import monthlyReport from './monthly-report.js';
import lookup from './lookup.js';
import openCard from './open-card.js';
import { tag, untag } from './tag.js';
import sellCountCard from './sell-count-card.js';
import useCountCard from './use-count-card.js';
import freeze from './freeze.js';
import unfreeze from './unfreeze.js';
import reportLost from './report-lost.js';
import replaceCard from './replace-card.js';
import resetPassword from './reset-password.js';
import recomputeLevels from './recompute-levels.js';
import levels from './levels.js';
import rules from './rules.js';
import confirm from './confirm.js';
import help from './help.js';

export const STAFF_COMMANDS: readonly StaffCommandSpec[] = [
  bindStore,
  consume,
  recharge,
  points,
  redeem,
  reverse,
  refund,
  report,
  monthlyReport,
  openCard,
  sellCountCard,
  useCountCard,
  tag,
  untag,
  lookup,
  freeze,
  unfreeze,
  reportLost,
  replaceCard,
  resetPassword,
  recomputeLevels,
  levels,
  rules,
  confirm,
  help,
];
