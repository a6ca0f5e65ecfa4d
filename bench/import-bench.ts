// Member import and export at size: BENCH_IMPORT_ROWS (100,000) generated template rows imported by the
// job's own function, a page of the member list through the directory and through a filter, then every
// member exported as .xlsx and as CSV into a sink; rows/s and peak RSS.
import { connectDatabase, disconnectDatabase } from '../src/infra/database.js';
import { createImport, runImport } from '../src/domain/imports/member-import.js';
import { memberRows, MEMBER_COLUMNS } from '../src/domain/exports/export-rows.js';
import { sheetStream } from '../src/adapters/http/spreadsheet.js';
import type { ImportRow } from '../src/domain/models/member-import.js';
import { addRow, drain, ms, peakRss } from './stats.js';
import { listMembers } from '../src/domain/members/member-list.js';
import type { BenchEngine } from './engine.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

export async function runImportBench(engine: BenchEngine) {
  await connectDatabase(engine.uri, `bench_import_${Date.now()}`, { maxPoolSize: 20 });
  const rows: ImportRow[] = Array.from({ length: ROWS }, (_, i) => ({
    row: i + 2,
    phone: `137${String(i).padStart(8, '0')}`,
    name: `会员${i}`,
    gender: i % 2 ? '男' : '女',
    birthday: '1990-05-20',
    balance: i % 3 ? '100' : '',
    points: i % 5 ? '20' : '',
    tags: i % 7 ? '' : '导入',
  }));
  const rssStart = Math.round(process.memoryUsage().rss / 1e6);
  const importPeak = peakRss();
  let t = performance.now();
  const { job } = await createImport(`bench-${Date.now()}`, rows);
  const stored = performance.now() - t;
  t = performance.now();
  const done = await runImport(job._id, { kind: 'system', name: 'bench' });
  const ran = performance.now() - t;
  addRow({
    engine: engine.name,
    what: `import: ${ROWS} rows`,
    rate: `${Math.round(ROWS / ((stored + ran) / 1000))} rows/s`,
    p50: '',
    p99: '',
    notes:
      `${((stored + ran) / 1000).toFixed(1)} s (upload stored ${(stored / 1000).toFixed(1)} s, job ${(ran / 1000).toFixed(1)} s; ` +
      `target < 60 s); ${done.imported} imported, ${done.rejected.length} rejected; RSS ${rssStart} → peak ${importPeak()} MB`,
  });

  // A page of the member list at this size: through the directory (lookups by _id) and with a filter (a
  // pass over the members in FerretDB's Go filter).
  for (const [what, query] of [
    ['member list page, unfiltered (directory)', { limit: 50, after: String(Math.floor(ROWS / 2)) }],
    ['member list page, filtered (scan)', { limit: 50, status: 'active' as const }],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await listMembers(query);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    addRow({
      engine: engine.name,
      what,
      rate: '',
      p50: ms(times[2]!),
      p99: ms(times[4]!),
      notes: `5 pages of 50 among ${ROWS} members`,
    });
  }

  for (const format of ['xlsx', 'csv'] as const) {
    const peak = peakRss();
    const { bytes, seconds: s } = await drain(sheetStream(format, '会员', MEMBER_COLUMNS, memberRows({})));
    addRow({
      engine: engine.name,
      what: `export: members as ${format}`,
      rate: `${Math.round(ROWS / s)} rows/s`,
      p50: '',
      p99: '',
      notes: `${ROWS} rows, ${(bytes / 1e6).toFixed(1)} MB in ${s.toFixed(1)} s; peak RSS ${peak()} MB`,
    });
  }
  await disconnectDatabase();
}
