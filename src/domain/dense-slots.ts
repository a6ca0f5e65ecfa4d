// Numbered slots claimed densely from 1 upwards by insert (the member directory, a member's wallet): every
// slot below a taken one is taken, so the first free one is found by doubling then halving over lookups
// by _id, starting from a hint.
export type SlotTaken = (n: number) => Promise<boolean>;

/** The lowest free slot, searching up from `hint` (a hint past a free slot starts again from 1). */
export async function firstFreeSlot(taken: SlotTaken, hint = 1): Promise<number> {
  if (hint > 1 && !(await taken(hint - 1))) hint = 1;
  let low = hint;
  if (!(await taken(low))) return low;
  let step = 1;
  while (await taken(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step; // free
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await taken(mid)) low = mid;
    else high = mid;
  }
  return high;
}

/** Lookups sent at once when reading slots back; more slots are read in more rounds of this size. */
const READ_ROUND = 16;

/**
 * Reads slots 1, 2, 3… back, a round of lookups at a time, yielding what each round found. Dense slots end
 * at the first missing one; with `pastGaps`, reading goes on past a short gap and ends only after a round
 * that found nothing.
 */
export async function* slotRounds<T>(
  find: (n: number) => Promise<T | null>,
  { pastGaps = false } = {},
): AsyncGenerator<T[]> {
  for (let from = 1; ; from += READ_ROUND) {
    const round = await Promise.all(Array.from({ length: READ_ROUND }, (_, i) => find(from + i)));
    const found = round.filter((slot): slot is Awaited<T> & {} => slot !== null);
    if (found.length) yield found;
    if (pastGaps ? found.length === 0 : found.length < READ_ROUND) return;
  }
}

/**
 * Slots after `after`, in order, `round` of them per query (`read` is given their ids, for one `$in` on
 * _id), until a short round ends the dense run. `slotId` names slot n; each slot yields its number.
 */
export async function* slotsAfter<T>(
  read: (ids: string[]) => Promise<T[]>,
  slotId: (n: number) => string,
  numberOf: (slot: T) => number,
  after: number,
  round: number,
): AsyncGenerator<Array<T & { n: number }>> {
  for (let from = after + 1; ; from += round) {
    const found = await read(Array.from({ length: round }, (_, i) => slotId(from + i)));
    const slots = found.map((s) => ({ ...s, n: numberOf(s) })).sort((a, b) => a.n - b.n);
    if (slots.length) yield slots;
    if (slots.length < round) return;
  }
}
