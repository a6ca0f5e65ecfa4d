// Members stored before the directory, listings, tallies and phone tails existed get theirs: each pass
// runs once per database (it leaves a mark), detached from whatever started it. One list, so the service's
// start and the benchmarks that seed a database behind its back run the same passes.
import { backfillDirectory } from './directory/member-directory.js';
import { backfillListings } from './listings/listings-backfill.js';
import { backfillTallies } from './tallies/tallies-backfill.js';
import { backfillPhoneTails } from './members/phone-tail.js';

/** Resolves when every pass has finished; never rejects (a failure is reported as detached work's are). */
export async function runStartUpBackfills(): Promise<void> {
  await Promise.all([backfillDirectory(), backfillListings(), backfillTallies(), backfillPhoneTails()]);
}
