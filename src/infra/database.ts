// Connects mongoose and makes sure every model's indexes exist (unique keys are part of correctness).
import { readdir } from 'node:fs/promises';
import mongoose from 'mongoose';
import { requestContext } from './logger.js';

/**
 * Every model: each file in domain/models registers its models with mongoose when imported, so a model
 * is created with its indexes by being there (and models defined elsewhere, once imported, too).
 */
async function allModels(): Promise<mongoose.Model<unknown>[]> {
  const folder = new URL('../domain/models/', import.meta.url);
  for (const file of (await readdir(folder)).sort()) {
    if (/\.(ts|js)$/.test(file) && !file.endsWith('.d.ts')) await import(new URL(file, folder).href);
  }
  return Object.values(mongoose.models) as mongoose.Model<unknown>[];
}

/**
 * Indexes a later version replaced, dropped at start so no write keeps paying for them:
 * ledgerentries { day: 1 } gave way to { day: 1, kind: 1 }, which serves the same reads by its prefix.
 */
const RETIRED_INDEXES: Array<{ collection: string; name: string }> = [
  { collection: 'ledgerentries', name: 'day_1' },
];

export async function dropRetiredIndexes(db: mongoose.mongo.Db): Promise<void> {
  for (const { collection, name } of RETIRED_INDEXES) {
    await db
      .collection(collection)
      .dropIndex(name)
      .catch((err: { code?: number }) => {
        if (err.code !== 27 && err.code !== 26) throw err; // 27: IndexNotFound, 26: NamespaceNotFound
      });
  }
}

// Indexes are created explicitly below; background autoIndex would race the first requests.
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);

export async function connectDatabase(
  uri: string,
  dbName?: string,
  extra: mongoose.ConnectOptions = {},
): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    ...(dbName ? { dbName } : {}),
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: 50,
    // Every command is counted against the request that sent it (a cheap event; no listener, no cost).
    monitorCommands: true,
    ...extra,
  });
  countRoundTripsPerRequest(mongoose.connection.getClient());
  for (const model of await allModels()) {
    await model.createCollection().catch((err: { code?: number }) => {
      if (err.code !== 48) throw err; // 48: NamespaceExists
    });
    await model.createIndexes();
  }
  await dropRetiredIndexes(mongoose.connection.db!);
  return mongoose;
}

const counted = new WeakSet<object>();

/** Adds each command the driver sends to the round trips of the request being handled, if any. */
function countRoundTripsPerRequest(client: ReturnType<typeof mongoose.connection.getClient>): void {
  if (counted.has(client)) return;
  counted.add(client);
  client.on('commandStarted', () => {
    const context = requestContext.getStore();
    if (context) context.dbRoundTrips++;
  });
}

export async function databaseAnswers(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db || mongoose.connection.readyState !== 1) return false;
    await db.command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
