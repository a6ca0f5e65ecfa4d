// Every five minutes: changes to members whose tally did not follow (a crash between the two) are put
// right, and the member tallies' closed minutes are folded, so sizing a segment reads folded figures and
// only the last few minutes of slots, and never pays for a long quiet spell itself.
import { retallyPending } from '../domain/tallies/member-tally.js';
import { foldTallies } from '../domain/tallies/tally-fold.js';
import type { JobPlugin } from './job-plugin.js';

export const tallyFoldJob: JobPlugin = {
  name: 'tally-fold',
  schedules: () => [{ id: 'tally-fold', data: {}, schedule: { every: 5 * 60_000 } }],
  process: async () => ({ putRight: await retallyPending(), through: await foldTallies() }),
};
