// Writes the README's access tables (admin API routes and store commands) from the route table and the
// command registry: `npm run access-table`. test/chain-access.test.ts fails when the README lags behind.
import { readFile, writeFile } from 'node:fs/promises';
import { accessTables, withAccessTables } from './readme-access.js';

const readme = await readFile('README.md', 'utf8');
const updated = withAccessTables(readme, await accessTables());
if (updated === readme) console.log('README.md: access tables are current');
else {
  await writeFile('README.md', updated);
  console.log('README.md: access tables written');
}
