// Provisions the engines for the whole test run by the same chain as `npm start`:
// MONGODB_URI / REDIS_URL when set, otherwise an embedded server and a local redis-server.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedMongo, type EmbeddedMongo } from '../src/infra/embedded-mongo.js';
import { ferretBackendFrom } from '../src/infra/ferretdb.js';
import { ensureRedis, type RedisAvailability } from '../src/infra/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedMongo | undefined;
  let dataDir: string | undefined;
  let mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-test-'));
    embedded = await startEmbeddedMongo({
      dataDir,
      persistent: false,
      backend: ferretBackendFrom(process.env),
      progress: (line) => console.log(`[test engines] ${line}`),
    });
    mongoUri = embedded.uri;
    console.log(`[test engines] MongoDB wire: ${embedded.engine}`);
  }
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis: RedisAvailability = await ensureRedis(redisUrl);
  if (!redis.available) throw new Error(`Tests need Redis at ${redisUrl}: ${redis.reason}`);

  project.provide('mongoUri', mongoUri);
  project.provide('redisUrl', redisUrl);

  return async () => {
    await embedded?.stop();
    await redis.startedHere?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
