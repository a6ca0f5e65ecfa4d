// Starts a MongoDB-wire server when MONGODB_URI is not set, trying each engine this machine may offer.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildFerretDB, findFerretBinary, runFerretDB, type FerretBackend } from './ferretdb.js';
import { findOnPath, freePort, startServer, waitForPort } from './processes.js';

export interface EmbeddedMongo {
  uri: string;
  engine: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Data folder; the engine keeps its files under it. */
  dataDir: string;
  /** Keep data across restarts (npm start) or throw it away (tests). */
  persistent: boolean;
  progress?: (line: string) => void;
  /** FerretDB's storage; SQLite files in dataDir unless PostgreSQL is asked for. */
  backend?: FerretBackend;
}

const HOW_TO_FIX =
  'No MongoDB-compatible server could be started. Set MONGODB_URI to a running MongoDB or FerretDB ' +
  '(e.g. MONGODB_URI=mongodb://127.0.0.1:27017/huiyuan), put `mongod` or `ferretdb` on PATH, ' +
  'set MONGOMS_SYSTEM_BINARY to a mongod binary, or install Go so FerretDB can be built.';

export async function startEmbeddedMongo(options: EmbeddedOptions): Promise<EmbeddedMongo> {
  const progress = options.progress ?? (() => {});
  const failures: string[] = [];

  // FerretDB on PostgreSQL was asked for by name: no other engine will do.
  if (options.backend?.kind === 'postgresql') {
    const binary = (await findFerretBinary()) ?? (await buildFerretDB(progress));
    return ferretAt(binary, options);
  }

  const mongod = findOnPath('mongod');
  if (mongod) {
    try {
      return await runMongod(mongod, options.dataDir);
    } catch (err) {
      failures.push(`mongod: ${(err as Error).message}`);
    }
  }

  const ferret = await findFerretBinary();
  if (ferret) {
    try {
      return await ferretAt(ferret, options);
    } catch (err) {
      failures.push(`ferretdb: ${(err as Error).message}`);
    }
  }

  try {
    return await runMemoryServer(options);
  } catch (err) {
    const reason = firstLine(err);
    failures.push(`mongodb-memory-server: ${reason}`);
    progress(`mongodb-memory-server could not get MongoDB (${reason}); trying FerretDB next`);
  }

  if (findOnPath('go')) {
    try {
      const built = await buildFerretDB(progress);
      return await ferretAt(built, options);
    } catch (err) {
      failures.push(`building FerretDB: ${firstLine(err)}`);
    }
  }

  throw new Error(`${HOW_TO_FIX}\nTried:\n - ${failures.join('\n - ') || 'nothing was found'}`);
}

async function ferretAt(binary: string, options: EmbeddedOptions): Promise<EmbeddedMongo> {
  const backend = options.backend ?? { kind: 'sqlite' };
  const { uri, server } = await runFerretDB(
    binary,
    path.join(options.dataDir, 'ferretdb'),
    !options.persistent,
    undefined,
    backend,
  );
  return {
    uri,
    engine: `FerretDB on ${backend.kind === 'postgresql' ? 'PostgreSQL' : 'SQLite'} (${binary})`,
    stop: server.stop,
  };
}

async function runMongod(binary: string, dataDir: string): Promise<EmbeddedMongo> {
  const dbPath = path.join(dataDir, 'mongod');
  await mkdir(dbPath, { recursive: true });
  const port = await freePort();
  const server = startServer(binary, ['--dbpath', dbPath, '--bind_ip', '127.0.0.1', '--port', String(port)]);
  await waitForPort('127.0.0.1', port, 30_000, server.child);
  return { uri: `mongodb://127.0.0.1:${port}/`, engine: `mongod (${binary})`, stop: server.stop };
}

async function runMemoryServer(options: EmbeddedOptions): Promise<EmbeddedMongo> {
  const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server');
  // Fetch (or find) the binary first: a failed download is then one line from us, not the library's
  // twenty-line stack trace on the console.
  await MongoBinary.getPath();
  const instance = options.persistent
    ? { dbPath: path.join(options.dataDir, 'mongo-memory-server'), storageEngine: 'wiredTiger' as const }
    : {};
  if (options.persistent) await mkdir(instance.dbPath!, { recursive: true });
  const server = await MongoMemoryServer.create({ instance });
  return {
    uri: server.getUri(),
    engine: 'mongodb-memory-server',
    stop: async () => {
      await server.stop({ doCleanup: !options.persistent });
    },
  };
}

/** The useful line of an error: a download error's own message starts with its URL and ends in details. */
function firstLine(err: unknown): string {
  const message = (err as Error).message ?? String(err);
  const details = message
    .match(/Details:\s*(.+)/s)?.[1]
    ?.trim()
    .split('\n')[0];
  return details ?? message.split('\n')[0]!;
}
