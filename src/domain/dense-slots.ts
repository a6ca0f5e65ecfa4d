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
