// Secrets the demo makes for itself when none is configured, kept in the data folder across restarts.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A random secret kept in the data folder, made on first use. */
export async function persistentSecret(dataDir: string, name: string, prefix = ''): Promise<string> {
  const file = path.join(dataDir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = `${prefix}${randomBytes(18).toString('base64url')}`;
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
