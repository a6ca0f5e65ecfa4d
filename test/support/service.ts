// Starts the real service for one test file: its own database and queue prefix on the shared engines.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startService, type RunningService, type ServiceOptions } from '../../src/service.js';
import { MemorySmsSender } from '../../src/domain/verification/sms-sender.js';
import { watchIndexCoverage } from './index-coverage.js';

export const ADMIN = 'test-admin-token';

export interface TestService extends RunningService {
  dbName: string;
  call: ApiCaller;
  /** The phone every verification code goes to. */
  sms: MemorySmsSender;
  /** Sends a chat message through POST /api/bot/messages and returns the replies' texts. */
  say: ChatSender;
}

export interface ChatOptions {
  /** A group chat id; private chat when omitted. */
  group?: string;
  /** Reuse a message id (a redelivery). */
  messageId?: string;
}

export type ChatSender = (from: string, text: string, options?: ChatOptions) => Promise<string[]>;

export type ApiCaller = (
  method: string,
  path: string,
  options?: { token?: string | null; body?: unknown; key?: string; raw?: string },
) => Promise<{ status: number; body: any; headers: Headers; text: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function startTestService(
  env: Record<string, string> = {},
  options: Omit<ServiceOptions, 'dbName' | 'queuePrefix'> = {},
  /** A database name to open again (a restored backup); a fresh one otherwise. */
  reuse: { dbName?: string } = {},
): Promise<TestService> {
  const tag = randomBytes(4).toString('hex');
  const dbName = reuse.dbName ?? `test_${tag}`;
  const config = loadConfig({
    MONGODB_URI: inject('mongoUri'),
    REDIS_URL: inject('redisUrl'),
    ADMIN_TOKEN: ADMIN,
    PORT: '0',
    LOAD_DEMO: 'always',
    ...env,
  });
  const sms = new MemorySmsSender();
  const service = await startService(config, {
    smsSender: sms,
    ...options,
    dbName,
    queuePrefix: `test-${tag}`,
  });
  const call: ApiCaller = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = opts.token === undefined ? ADMIN : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.key) headers['idempotency-key'] = opts.key;
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers,
      ...(opts.raw !== undefined
        ? { body: opts.raw }
        : opts.body !== undefined
          ? { body: JSON.stringify(opts.body) }
          : {}),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers, text };
  };
  let messageSeq = 0;
  const say: ChatSender = async (from, text, chat = {}) => {
    const res = await call('POST', '/api/bot/messages', {
      body: {
        channel: 'http',
        messageId: chat.messageId ?? `m-${tag}-${++messageSeq}`,
        from: { id: from },
        chat: chat.group ? { id: chat.group, kind: 'group' } : { id: from, kind: 'private' },
        text,
      },
    });
    if (res.status !== 200) throw new Error(`bot door answered ${res.status}: ${res.text}`);
    return (
      res.body.replies as Array<{
        type: string;
        text?: string;
        articles?: Array<{ title: string; description: string }>;
      }>
    ).map((r) => r.text ?? (r.articles ?? []).map((a) => `${a.title}\n${a.description}`).join('\n'));
  };
  const coverage = watchIndexCoverage();
  const stop = async () => {
    coverage.stopWatching();
    await service.stop();
    coverage.assertAllServed();
  };
  return { ...service, stop, dbName, call, sms, say };
}
