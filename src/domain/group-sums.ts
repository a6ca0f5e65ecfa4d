// Grouped sums that work on every engine we run on. FerretDB v1.24 computes only the first accumulator
// of a $group stage (the others come back 0), so each sum gets a pipeline of its own and the results
// are merged here.
import type { Model, PipelineStage } from 'mongoose';

export type SumSpec = Record<string, string | 1>;

export type GroupRow<K extends string> = { _id: unknown } & Record<K, number>;

/**
 * Groups documents matching `match` by `by` (a field path like "$memberId", or null for one group) and
 * sums each named field ("$balanceDeltaFen", or 1 to count).
 */
export async function groupSums<K extends string>(
  model: Model<never> | Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  match: Record<string, unknown>,
  by: string | null,
  sums: Record<K, string | 1>,
): Promise<Array<GroupRow<K>>> {
  const rows = new Map<string, GroupRow<K>>();
  for (const [name, source] of Object.entries(sums) as Array<[K, string | 1]>) {
    const pipeline: PipelineStage[] = [{ $match: match }, { $group: { _id: by, value: { $sum: source } } }];
    for (const r of await model.aggregate<{ _id: unknown; value: number }>(pipeline)) {
      const key = JSON.stringify(r._id);
      let row = rows.get(key);
      if (!row) {
        row = { _id: r._id, ...Object.fromEntries(Object.keys(sums).map((k) => [k, 0])) } as GroupRow<K>;
        rows.set(key, row);
      }
      (row as Record<string, unknown>)[name] = r.value;
    }
  }
  return [...rows.values()];
}
