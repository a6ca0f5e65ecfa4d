// The process logger (pino). Phone numbers never reach a log line unmasked, and every line written while
// a request is handled carries its request id.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino } from 'pino';

/** The request being handled: its id for the log lines written on its behalf, and its database commands. */
export interface RequestContext {
  requestId: string;
  /** Database commands sent while handling it (the hot paths' budget; see docs/BENCHMARKS.md). */
  dbRoundTrips: number;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

const PHONE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

/** 13800138000 → 138****8000, anywhere inside a string. */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE, '$1****$3');
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhonesIn(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return maskedError(value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

/** An error as pino serialises it (type, message, stack, own fields), with phones masked in each. */
function maskedError(err: Error): Error {
  const copy = new Error(maskPhonesIn(err.message));
  copy.name = err.name;
  copy.stack = err.stack === undefined ? undefined : maskPhonesIn(err.stack);
  for (const [k, v] of Object.entries(err)) (copy as unknown as Record<string, unknown>)[k] = maskDeep(v, 1);
  return copy;
}

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  mixin() {
    const context = requestContext.getStore();
    return context ? { requestId: context.requestId } : {};
  },
  hooks: {
    logMethod(args, method) {
      // Mask every string and object argument before pino formats it.
      const masked = args.map((a) => maskDeep(a)) as Parameters<typeof method>;
      method.apply(this, masked);
    },
  },
});

export type Logger = typeof logger;
