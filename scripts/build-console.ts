// Builds the console (console/ → console/dist) when its sources are newer than the last build, so
// `npm start` and `npm test` never serve a stale or missing console and a second run costs nothing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../console', import.meta.url));
const built = path.join(root, 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const force = process.argv.includes('--force');
if (!force && existsSync(built) && statSync(built).mtimeMs >= newestSource(root)) {
  console.log('console: up to date');
} else {
  const started = Date.now();
  await build({ configFile: path.join(root, 'vite.config.ts') });
  console.log(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
