// The web console at /console and the rendered API reference at /api/docs: a fixed list of files (no path
// from the request ever reaches the file system), under a policy that runs only our own scripts.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Router from '@koa/router';

const here = (name: string) => fileURLToPath(new URL(`./console/${name}`, import.meta.url));
// chart.js exports no path to its browser build; it sits beside the package's own entry.
const chartJs = path.join(
  path.dirname(createRequire(import.meta.url).resolve('chart.js')),
  'chart.umd.min.js',
);

const FILES: Record<string, { file: string; type: string }> = {
  '/console': { file: here('index.html'), type: 'text/html; charset=utf-8' },
  '/console/console.js': { file: here('console.js'), type: 'text/javascript; charset=utf-8' },
  '/console/console.css': { file: here('console.css'), type: 'text/css; charset=utf-8' },
  '/console/docs.js': { file: here('docs.js'), type: 'text/javascript; charset=utf-8' },
  '/console/chart.js': { file: chartJs, type: 'text/javascript; charset=utf-8' },
  '/api/docs': { file: here('docs.html'), type: 'text/html; charset=utf-8' },
};

const POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'";

export function consoleRouter(): Router {
  const router = new Router();
  for (const [path, { file, type }] of Object.entries(FILES)) {
    router.get(path, async (ctx) => {
      ctx.type = type;
      ctx.set('Content-Security-Policy', POLICY);
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = await readFile(file);
    });
  }
  router.redirect('/console/', '/console');
  return router;
}
