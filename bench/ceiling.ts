// The engine's own ceiling with the same worker count the ledger uses: single-document insertOne,
// findOne by _id and updateOne by _id, through the same driver and pool. What the ledger does is
// built from these, so its figure is read against them.
import mongoose from 'mongoose';
import { addDriven, drive } from './stats.js';

export interface Ceiling {
  insertOne: number;
  findOne: number;
  updateOne: number;
}

const DOCS = 5000;
const SECONDS = Number(process.env.BENCH_CEILING_SECONDS ?? 8);

export async function measureCeiling(engine: string, workers: number): Promise<Ceiling> {
  const collection = mongoose.connection.db!.collection<{ _id: string; n: number; pad: string }>(
    `ceiling_${Date.now()}`,
  );
  const pad = 'x'.repeat(400); // about the size of a ledger entry
  // String keys like the ledger's slots: FerretDB pushes down _id lookups of strings and ObjectIds only.
  const key = (i: number) => `doc:${i}`;
  const inserts = await drive(
    workers,
    DOCS,
    (i) => collection.insertOne({ _id: key(i), n: 0, pad }),
    SECONDS,
  );
  const insertOne = addDriven(engine, `ceiling: insertOne (${workers} workers)`, inserts);
  const stored = Math.max(1, inserts.ops - inserts.failures);
  const random = () => key(Math.floor(Math.random() * stored));
  const findOne = addDriven(
    engine,
    `ceiling: findOne by _id (${workers} workers)`,
    await drive(workers, 20_000, () => collection.findOne({ _id: random() }), SECONDS),
  );
  const updateOne = addDriven(
    engine,
    `ceiling: updateOne by _id (${workers} workers)`,
    await drive(workers, 20_000, () => collection.updateOne({ _id: random() }, { $inc: { n: 1 } }), SECONDS),
  );
  await collection.drop().catch(() => undefined);
  return { insertOne, findOne, updateOne };
}
