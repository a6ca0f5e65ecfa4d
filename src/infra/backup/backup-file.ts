// One backup is one file, easy to copy off the machine: a first line naming the format, a second line of
// JSON (the manifest: when, which app and engine, which database, the payload's size and SHA-256), a third
// with the manifest's own SHA-256, then the payload (the engine's own snapshot). It is written under a temporary name and renamed when whole,
// and read back only after its checksum matches, so a damaged file is refused before anything is touched.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Transform, type Readable, type Writable } from 'node:stream';

export const BACKUP_MAGIC = 'HUIYUAN-BACKUP 1';

type Step = Readable | Transform | Writable;

/** A pipeline of a list built at run time (pipeline's own types want each stream spelled out). */
const pipeAll = (steps: Step[]) => (pipeline as (...streams: Step[]) => Promise<void>)(...steps);

export interface BackupManifest {
  format: 'huiyuan-backup';
  version: 1;
  /** The app's version that wrote it (package.json). */
  app: string;
  /** The engine and the tool that took the snapshot, with their versions. */
  engine: string;
  snapshotTool: string;
  backend: 'sqlite' | 'postgresql';
  dbName: string;
  /** When the snapshot began: everything acknowledged before it is in it. */
  startedAt: string;
  finishedAt: string;
  payload: { bytes: number; sha256: string; compression: 'gzip' | 'none' };
}

export class BackupDamaged extends Error {
  override readonly name = 'BackupDamaged';
}

/** Writes manifest and payload (gzipped if asked) to `file`, whole or not at all. */
export async function writeBackupFile(
  file: string,
  manifest: Omit<BackupManifest, 'payload' | 'finishedAt'>,
  payloadFile: string,
  compression: 'gzip' | 'none',
): Promise<BackupManifest> {
  // The payload is packed first (its checksum goes in the header), then header and payload are joined.
  const packed = `${file}.payload.partial`;
  const hash = createHash('sha256');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    const steps: Step[] = [createReadStream(payloadFile)];
    if (compression === 'gzip') steps.push(createGzip({ level: 6 }));
    steps.push(count, createWriteStream(packed));
    await pipeAll(steps);
    const full: BackupManifest = {
      ...manifest,
      finishedAt: new Date().toISOString(),
      payload: { bytes, sha256: hash.digest('hex'), compression },
    };
    const partial = `${file}.partial`;
    const out = createWriteStream(partial);
    const head = JSON.stringify(full);
    out.write(`${BACKUP_MAGIC}\n${head}\nsha256:${sha256Of(head)}\n`);
    await pipeline(createReadStream(packed), out);
    const handle = await open(partial, 'r+');
    await handle.sync();
    await handle.close();
    await rename(partial, file);
    return full;
  } finally {
    await rm(packed, { force: true });
    await rm(`${file}.partial`, { force: true });
  }
}

const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');

/** A manifest's fields as restore relies on them: names that go into paths and SQL are checked here. */
function checkManifest(file: string, m: BackupManifest): BackupManifest {
  const fine =
    m.format === 'huiyuan-backup' &&
    m.version === 1 &&
    (m.backend === 'sqlite' || m.backend === 'postgresql') &&
    typeof m.dbName === 'string' &&
    /^[A-Za-z0-9_-]{1,60}$/.test(m.dbName) &&
    !Number.isNaN(Date.parse(m.startedAt)) &&
    Number.isSafeInteger(m.payload?.bytes) &&
    /^[0-9a-f]{64}$/.test(m.payload?.sha256 ?? '') &&
    (m.payload.compression === 'gzip' || m.payload.compression === 'none');
  if (!fine)
    throw new BackupDamaged(`${file}: its manifest is not one this version writes; nothing was restored`);
  return m;
}

function checksumRefusal(file: string, manifest: BackupManifest): BackupDamaged {
  return new BackupDamaged(
    `${file} is damaged: its checksum does not match the manifest's (${manifest.payload.sha256.slice(0, 16)}…); ` +
      'nothing was restored',
  );
}

/** The manifest and where the payload starts; BackupDamaged when the head is not a backup's. */
export async function readManifest(file: string): Promise<{ manifest: BackupManifest; payloadAt: number }> {
  const handle = await open(file, 'r');
  try {
    const start = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(start, 0, start.length, 0);
    const text = start.subarray(0, bytesRead).toString('utf8');
    const first = text.indexOf('\n');
    const second = text.indexOf('\n', first + 1);
    const third = text.indexOf('\n', second + 1);
    if (first < 0 || second < 0 || third < 0 || text.slice(0, first) !== BACKUP_MAGIC) {
      throw new BackupDamaged(`${file} is not a Huiyuan backup (its first line is not "${BACKUP_MAGIC}")`);
    }
    const head = text.slice(first + 1, second);
    if (text.slice(second + 1, third) !== `sha256:${sha256Of(head)}`) {
      throw new BackupDamaged(
        `${file} is damaged: its manifest does not match its checksum; nothing was restored`,
      );
    }
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(head) as BackupManifest;
    } catch {
      throw new BackupDamaged(`${file}: its manifest is not readable JSON`);
    }
    return {
      manifest: checkManifest(file, manifest),
      payloadAt: Buffer.byteLength(text.slice(0, third + 1)),
    };
  } finally {
    await handle.close();
  }
}

/**
 * Checks the payload against the manifest's size and SHA-256, then writes it (unpacked) to `into`.
 * Nothing is written when the check fails.
 */
export async function extractPayload(file: string, into: string): Promise<BackupManifest> {
  const { manifest, payloadAt } = await readManifest(file);
  const size = (await stat(file)).size - payloadAt;
  if (size !== manifest.payload.bytes) {
    throw new BackupDamaged(
      `${file} is damaged: its payload has ${size} bytes where the manifest says ${manifest.payload.bytes}; nothing was restored`,
    );
  }
  // Hashed as it is unpacked, in one read: what is checked is what was written.
  const hash = createHash('sha256');
  const tee = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const steps: Step[] = [createReadStream(file, { start: payloadAt }), tee];
  if (manifest.payload.compression === 'gzip') steps.push(createGunzip());
  steps.push(createWriteStream(into));
  try {
    await pipeAll(steps);
  } catch (err) {
    await rm(into, { force: true });
    // Say whether it is the checksum that fails (a damaged copy), which the unpacking only ran into.
    const whole = createHash('sha256');
    for await (const chunk of createReadStream(file, { start: payloadAt })) whole.update(chunk as Buffer);
    if (whole.digest('hex') !== manifest.payload.sha256) throw checksumRefusal(file, manifest);
    throw new BackupDamaged(
      `${file} is damaged: its payload does not unpack (${(err as Error).message}); nothing was restored`,
    );
  }
  if (hash.digest('hex') !== manifest.payload.sha256) {
    await rm(into, { force: true });
    throw checksumRefusal(file, manifest);
  }
  return manifest;
}
