// `npm run bench -- <name>`: runs a benchmark and prints its figures. Names: ledger, webhook.
const benches: Record<string, () => Promise<unknown>> = {
  ledger: async () => (await import('./ledger-bench.js')).runLedgerBench(),
  webhook: async () => (await import('./webhook-bench.js')).runWebhookBench(),
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = names.length ? names : Object.keys(benches);
for (const name of chosen) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; choose from: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  await bench();
}
process.exit(0);
