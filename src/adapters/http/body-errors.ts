// A body parser whose failures are the client's: anything thrown while the body is read and decoded
// (bad JSON, a Content-Encoding the bytes do not match, too large) is a 4xx, never a 500. Errors from the
// handlers after it pass through untouched.
import type { Middleware } from 'koa';

export function refusingBadBodies(parser: Middleware): Middleware {
  return async (ctx, next) => {
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
