// Ledger export at size: BENCH_EXPORT_ENTRIES (1,000,000) entries written straight into the ledger
// collection in batches (the bench measures the export, not the commits), then streamed out as CSV and
// .xlsx into a sink; rows/s and peak RSS, which must stay flat however many entries there are.
import { Types } from 'mongoose';
import { connectDatabase, disconnectDatabase } from '../src/infra/database.js';
import { LedgerEntryModel, slotId } from '../src/domain/models/ledger-entry.js';
import { ledgerRows, LEDGER_COLUMNS } from '../src/domain/exports/export-rows.js';
import { sheetStream } from '../src/adapters/http/spreadsheet.js';
import { addRow, drain, peakRss } from './stats.js';
import type { BenchEngine } from './engine.js';

const ENTRIES = Number(process.env.BENCH_EXPORT_ENTRIES ?? 1_000_000);
const MEMBERS = 10_000;
const BATCH = 5000;

export async function runExportBench(engine: BenchEngine) {
  await connectDatabase(engine.uri, `bench_export_${Date.now()}`, { maxPoolSize: 20 });
  const members = Array.from({ length: MEMBERS }, () => new Types.ObjectId());
  const at = new Date();
  const t = performance.now();
  for (let start = 0; start < ENTRIES; start += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, ENTRIES - start) }, (_, k) => {
      const i = start + k;
      const seq = Math.floor(i / MEMBERS) + 1;
      return {
        _id: slotId(members[i % MEMBERS]!, seq),
        no: `B${String(i).padStart(9, '0')}`,
        key: `bench:${i}`,
        requestKey: `bench:${i}`,
        fingerprint: 'bench',
        kind: 'consume',
        memberId: members[i % MEMBERS],
        seq,
        balanceDeltaFen: -100,
        pointsDelta: 0,
        spendDeltaFen: 100,
        balanceAfterFen: 1_000_000 - seq * 100,
        pointsAfter: 0,
        spendAfterFen: seq * 100,
        details: { paidFen: 100 },
        storeId: null,
        staffId: null,
        channel: 'bench',
        actor: { kind: 'system', name: 'bench' },
        at,
        day: '2026-12-02',
        month: '2026-12',
      };
    });
    await LedgerEntryModel.collection.insertMany(docs as never[], { ordered: false });
  }
  const seeded = (performance.now() - t) / 1000;
  console.log(`seeded ${ENTRIES} entries in ${seeded.toFixed(1)} s`);

  for (const format of ['csv', 'xlsx'] as const) {
    const rssBefore = Math.round(process.memoryUsage().rss / 1e6);
    const peak = peakRss();
    let rows = 0;
    const { bytes, seconds: s } = await drain(
      sheetStream(format, '流水', LEDGER_COLUMNS, counted(ledgerRows({}, (k) => k))),
    );
    addRow({
      engine: engine.name,
      what: `export: ledger as ${format}`,
      rate: `${Math.round(rows / s)} rows/s`,
      p50: '',
      p99: '',
      notes: `${rows} entries, ${(bytes / 1e6).toFixed(1)} MB in ${s.toFixed(1)} s; RSS ${rssBefore} → peak ${peak()} MB`,
    });
    async function* counted<T>(source: AsyncIterable<T>) {
      for await (const row of source) {
        rows++;
        yield row;
      }
    }
  }
  await disconnectDatabase();
}
