// A body parser whose failures are the client's: anything thrown while the body is read (bad JSON, too
// large) is a 4xx, never a 500. Compressed request bodies are refused before a byte is read: no client of
// ours sends them, and a decompressor fed a body cut short emits an error after the request is gone,
// which nothing can catch and which ends the process (the abuse suite hit it with brotli). Errors from the
// handlers after it pass through untouched.
import type { Middleware } from 'koa';

export function refusingBadBodies(parser: Middleware): Middleware {
  return async (ctx, next) => {
    const encoding = ctx.get('content-encoding').trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      ctx.throw(415, `Content-Encoding ${encoding} is not accepted; send the body uncompressed`);
    }
    let parsed = false;
    try {
      await parser(ctx, async () => {
        parsed = true;
        await next();
      });
    } catch (err) {
      if (parsed) throw err;
      const status = (err as { status?: number }).status;
      throw Object.assign(err as Error, {
        status: status && status >= 400 && status < 500 ? status : 400,
        expose: true,
      });
    }
  };
}
