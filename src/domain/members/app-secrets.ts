// A secret shared by every instance without configuration: the first to ask inserts it, the rest read it.
import { randomBytes } from 'node:crypto';
import { now } from '../clock.js';
import { insertOnce } from '../insert-once.js';
import { AppSecretModel } from '../models/app-secret.js';

const cache = new Map<string, Promise<Buffer>>();

export function appSecret(name: string): Promise<Buffer> {
  let secret = cache.get(name);
  if (!secret) {
    secret = readOrMake(name);
    secret.catch(() => cache.delete(name)); // a database hiccup is not remembered
    cache.set(name, secret);
  }
  return secret;
}

async function readOrMake(name: string): Promise<Buffer> {
  await insertOnce(AppSecretModel, { _id: name, value: randomBytes(32).toString('base64'), at: now() });
  const doc = await AppSecretModel.findById(name).lean();
  if (!doc) throw new Error(`secret ${name} vanished`);
  return Buffer.from(doc.value, 'base64');
}
