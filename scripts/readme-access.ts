// The README's two access tables, made from the route table and the command registry, and the README
// text with them put between their markers.
import { API_ROUTES } from '../src/adapters/http/app.js';
import { accessTable } from '../src/adapters/http/access-table.js';
import { STAFF_COMMANDS } from '../src/bot/commands/index.js';
import { commandTable } from '../src/bot/commands/command-table.js';
import { format, resolveConfig } from 'prettier';

const START = '<!-- access tables: written by `npm run access-table`, do not edit by hand -->';
const END = '<!-- end of access tables -->';

/** The tables as prettier writes them, so `npm run lint` and the README agree. */
export async function accessTables(): Promise<string> {
  const text = [
    '**Admin API** (`本店`: the store manager’s own stores’ records only; `—`: refused with 403)',
    '',
    accessTable(API_ROUTES),
    '',
    '**Store commands** in a store’s group chat (`—`: refused with a sentence saying who may)',
    '',
    commandTable(STAFF_COMMANDS),
  ].join('\n');
  return (await format(text, { ...(await resolveConfig('README.md')), parser: 'markdown' })).trim();
}

/** The README with the tables between the markers (the markers must be there). */
export function withAccessTables(readme: string, tables: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${START} … ${END}`);
  return `${readme.slice(0, start + START.length)}\n\n${tables}\n\n${readme.slice(end)}`;
}
