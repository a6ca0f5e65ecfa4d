// Prometheus metrics (prom-client): what the service did, counted where it happens, and what is waiting,
// read when scraped. Served at GET /metrics.
import type Bull from 'bull';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { noticeCountsByStatus } from '../domain/notifications/notice-store.js';

export interface Metrics {
  registry: Registry;
  messages: Counter<'channel' | 'outcome'>;
  ledger: Counter<'kind' | 'outcome'>;
  errors: Counter<'where'>;
  /** WeChat API calls answered with an error code, after retries (by path and errcode). */
  wechatErrors: Counter<'path' | 'errcode'>;
  /** Database commands each HTTP request (webhooks and the chat door included) sent, by route. */
  dbRoundTrips: Histogram<'route'>;
  /** Reads queue depths and notice states at scrape time. */
  watch(queues: readonly Bull.Queue[]): void;
  /** Reads how many chat messages are being handled at scrape time. */
  watchMessagesInFlight(read: () => number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'huiyuan_' });
  const messages = new Counter({
    name: 'huiyuan_messages_total',
    help: 'Chat messages handled, by channel and outcome (answered, redelivered, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const ledger = new Counter({
    name: 'huiyuan_ledger_operations_total',
    help: 'Ledger operations, by entry kind and outcome (committed, replayed, refused code)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'huiyuan_errors_total',
    help: 'Unexpected errors, by where they were caught',
    labelNames: ['where'] as const,
    registers: [registry],
  });
  const wechatErrors = new Counter({
    name: 'huiyuan_wechat_api_errors_total',
    help: 'WeChat API calls that ended in an error code, after retries, by path and errcode',
    labelNames: ['path', 'errcode'] as const,
    registers: [registry],
  });
  const dbRoundTrips = new Histogram({
    name: 'huiyuan_db_round_trips',
    help: 'Database commands sent while handling one HTTP request, by route',
    labelNames: ['route'] as const,
    buckets: [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32],
    registers: [registry],
  });
  let watched: readonly Bull.Queue[] = [];
  let inFlight: () => number = () => 0;
  new Gauge({
    name: 'huiyuan_messages_in_flight',
    help: 'Chat messages being handled now (late WeChat replies included)',
    registers: [registry],
    collect() {
      this.set(inFlight());
    },
  });
  new Gauge({
    name: 'huiyuan_queue_jobs',
    help: 'Jobs in each bull queue, by state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        watched.map(async (queue) => {
          const counts = await withTimeout(queue.getJobCounts(), 1000).catch(() => null);
          for (const [state, n] of Object.entries(counts ?? {}))
            this.set({ queue: queue.name, state }, Number(n));
        }),
      );
    },
  });
  new Gauge({
    name: 'huiyuan_notices',
    help: 'Stored notices, by status (queued, sent, dead)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, n] of Object.entries(await noticeCountsByStatus())) this.set({ status }, n);
    },
  });
  return {
    registry,
    messages,
    ledger,
    errors,
    wechatErrors,
    dbRoundTrips,
    watch: (queues) => (watched = queues),
    watchMessagesInFlight: (read) => (inFlight = read),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
