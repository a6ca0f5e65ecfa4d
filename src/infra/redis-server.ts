// Makes sure Redis answers at REDIS_URL, starting a local redis-server when none does and one is installed.
import { Redis } from 'ioredis';
import { findOnPath, startServer, waitForPort, type StartedServer } from './processes.js';

export interface RedisAvailability {
  url: string;
  available: boolean;
  startedHere?: StartedServer;
  reason?: string;
}

export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1500,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function ensureRedis(url: string): Promise<RedisAvailability> {
  if (await redisAnswers(url)) return { url, available: true };
  const parsed = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname);
  const binary = findOnPath('redis-server');
  if (!local || !binary) {
    return { url, available: false, reason: local ? 'redis-server is not installed' : 'Redis is remote' };
  }
  try {
    return { url, available: true, startedHere: await startRedisServer(Number(parsed.port || 6379), binary) };
  } catch (err) {
    return { url, available: false, reason: `redis-server did not start: ${(err as Error).message}` };
  }
}

/** A throwaway redis-server on loopback (nothing kept on disk), ready when this resolves. */
export async function startRedisServer(port: number, binary = 'redis-server'): Promise<StartedServer> {
  const server = startServer(binary, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  try {
    await waitForPort('127.0.0.1', port, 10_000, server.child);
    return server;
  } catch (err) {
    await server.stop();
    throw err;
  }
}
