// Lookups at a size, one caller at a time (latency, not throughput): find, update and delete by _id, and
// a find by an indexed field (equality and $in), among BENCH_LOOKUP_DOCS documents (default 50,000), with
// the plan the engine's explain names. Run it
// with FERRETDB_BIN pointing at another build to compare builds on the same data size.
import mongoose from 'mongoose';
import type { BenchEngine } from './engine.js';
import { addDriven, addRow, drive } from './stats.js';

const DOCS = Number(process.env.BENCH_LOOKUP_DOCS ?? 50_000);
const CALLS = 500;

export async function runLookupBench(engine: BenchEngine): Promise<void> {
  // A client of its own (the driver mongoose ships), apart from the service's connection.
  const client = new mongoose.mongo.MongoClient(engine.uri);
  await client.connect();
  try {
    const db = client.db(`lookup_${Date.now()}`);
    const docs = db.collection<{ _id: string; n: number; phone: string; tags: string[]; pad: string }>(
      'docs',
    );
    await docs.createIndex({ phone: 1 });
    const pad = 'x'.repeat(400);
    for (let from = 0; from < DOCS; from += 1000) {
      await docs.insertMany(
        Array.from({ length: Math.min(1000, DOCS - from) }, (_, i) => ({
          _id: `m${from + i}`,
          n: 0,
          phone: `138${String(from + i).padStart(8, '0')}`,
          tags: (from + i) % 100 === 0 ? ['vip'] : [],
          pad,
        })),
      );
    }
    for (const [what, filter] of [
      ['_id', { _id: 'm1' }],
      ['an indexed field', { phone: '13800000001' }],
    ] as const) {
      const explained = await db.command({ explain: { find: 'docs', filter } });
      const plan = JSON.stringify(explained.queryPlanner);
      const node = /Index Scan|Bitmap Index Scan|USING INDEX|Seq Scan|SCAN docs/.exec(plan)?.[0] ?? 'unknown';
      addRow({
        engine: engine.name,
        what: `explain find by ${what} among ${DOCS}`,
        rate: node,
        p50: '',
        p99: '',
        notes: '',
      });
    }
    const at = (i: number) => `m${(i * 7919) % DOCS}`;
    const phoneAt = (i: number) => `138${String((i * 7919) % DOCS).padStart(8, '0')}`;
    addDriven(
      engine.name,
      `find by an indexed field among ${DOCS} (1 caller)`,
      await drive(1, CALLS, (i) => docs.findOne({ phone: phoneAt(i) })),
    );
    addDriven(
      engine.name,
      `find by $in of 20 on an indexed field among ${DOCS} (1 caller)`,
      await drive(1, CALLS / 5, (i) =>
        docs.find({ phone: { $in: Array.from({ length: 20 }, (_, j) => phoneAt(i * 20 + j)) } }).toArray(),
      ),
    );
    addDriven(
      engine.name,
      `findOne by _id among ${DOCS} (1 caller)`,
      await drive(1, CALLS, (i) => docs.findOne({ _id: at(i) })),
    );
    addDriven(
      engine.name,
      `updateOne by _id among ${DOCS} (1 caller)`,
      await drive(1, CALLS, (i) => docs.updateOne({ _id: at(i + 1) }, { $set: { n: i } })),
    );
    addDriven(
      engine.name,
      `deleteOne by _id among ${DOCS} (1 caller)`,
      await drive(1, CALLS, (i) => docs.deleteOne({ _id: at(i + 2) })),
    );
    await db.dropDatabase();
  } finally {
    await client.close();
  }
}
