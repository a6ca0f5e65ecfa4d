// The web console at /console (the Vue app built into console/dist) and the rendered API reference at
// /api/docs. Only files listed at start-up are served (no path from the request reaches the file system),
// under a policy that runs only our own scripts and styles.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Router from '@koa/router';

const here = (name: string) => fileURLToPath(new URL(`./console/${name}`, import.meta.url));
export const CONSOLE_DIST = fileURLToPath(new URL('../../../console/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

/** The built console's files by URL path; the hashed assets may be cached for good, the page never. */
function consoleFiles(): Record<string, { file: string; immutable: boolean }> {
  const files: Record<string, { file: string; immutable: boolean }> = {};
  if (!existsSync(path.join(CONSOLE_DIST, 'index.html'))) return files;
  files['/console'] = { file: path.join(CONSOLE_DIST, 'index.html'), immutable: false };
  const assets = path.join(CONSOLE_DIST, 'assets');
  for (const name of existsSync(assets) ? readdirSync(assets) : []) {
    if (/^[\w.-]+$/.test(name) && TYPES[path.extname(name)]) {
      files[`/console/assets/${name}`] = { file: path.join(assets, name), immutable: true };
    }
  }
  return files;
}

export function consoleRouter(): Router {
  const files: Record<string, { file: string; immutable: boolean }> = {
    ...consoleFiles(),
    '/console/docs.js': { file: here('docs.js'), immutable: false },
    '/console/docs.css': { file: here('docs.css'), immutable: false },
    '/api/docs': { file: here('docs.html'), immutable: false },
  };
  const router = new Router();
  for (const [urlPath, { file, immutable }] of Object.entries(files)) {
    router.get(urlPath, async (ctx) => {
      ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      ctx.set('Content-Security-Policy', POLICY);
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      ctx.body = await readFile(file);
    });
  }
  if (!files['/console']) {
    router.get('/console', (ctx) => {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = '管理后台尚未构建：请运行 npm run build:console（npm start 和 npm test 会自动构建）。';
    });
  }
  router.redirect('/console/', '/console');
  return router;
}
