// `npm run bench [-- ledger webhook import export lookup scale --engines=sqlite,postgresql]` (`-- chart`
// draws the scale results): runs the benchmarks on each engine
// (fresh FerretDB on SQLite and on PostgreSQL; MONGODB_URI instead when set) and prints one table.
import { enginesAsked, startBenchEngine, type BenchEngine } from './engine.js';
import { printTable } from './stats.js';

const benches: Record<string, (engine: BenchEngine) => Promise<unknown>> = {
  ledger: async (engine) => (await import('./ledger-bench.js')).runLedgerBench(engine),
  webhook: async (engine) => (await import('./webhook-bench.js')).runWebhookBench(engine),
  import: async (engine) => (await import('./import-bench.js')).runImportBench(engine),
  export: async (engine) => (await import('./export-bench.js')).runExportBench(engine),
  lookup: async (engine) => (await import('./lookup-bench.js')).runLookupBench(engine),
  scale: async (engine) => (await import('./scale-bench.js')).runScaleBench(engine),
};

// Not a benchmark: draws the last scale results into docs/scale.svg.
if (process.argv.slice(2).includes('chart')) {
  await (await import('./scale-chart.js')).drawScaleChart();
  process.exit(0);
}

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
// scale seeds a million members per engine (tens of minutes): only when asked for by name.
const chosen = names.length ? names : Object.keys(benches).filter((b) => b !== 'scale');
for (const name of chosen) {
  if (!benches[name]) {
    console.error(`unknown benchmark "${name}"; choose from: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
}

for (const kind of enginesAsked(args)) {
  const engine = await startBenchEngine(kind);
  console.log(`\n== ${engine.name} (${engine.uri}) ==`);
  try {
    for (const name of chosen) await benches[name]!(engine);
  } finally {
    await engine.stop();
  }
}
printTable();
process.exit(0);
