// Every five minutes: the member tallies' closed minutes are folded, so sizing a segment reads folded
// figures and only the last few minutes of slots, and never pays for a long quiet spell itself.
import { foldTallies } from '../domain/tallies/tally-fold.js';
import type { JobPlugin } from './job-plugin.js';

export const tallyFoldJob: JobPlugin = {
  name: 'tally-fold',
  schedules: () => [{ id: 'tally-fold', data: {}, schedule: { every: 5 * 60_000 } }],
  process: async () => ({ through: await foldTallies() }),
};
