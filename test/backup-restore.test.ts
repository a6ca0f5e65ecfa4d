// Backups a shop can restore: a backup taken while 50 writers consume and recharge across 200 members is
// restored into a fresh engine and the service started on it; the audit is clean, everything acknowledged
// before the backup began is there, every request retried with its key applies exactly once, and notices
// already sent are not sent again. A damaged backup is refused by its checksum and writes nothing.
// Runs on the engine FERRETDB_BACKEND names (.ci/run sets it for each pass), with engines of its own.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { takeBackup, type TakenBackup } from '../src/infra/backup/backup.js';
import { ferretOn, restoreBackup, type RestoreTarget } from '../src/infra/backup/restore.js';
import { BackupDamaged } from '../src/infra/backup/backup-file.js';
import { bindMemberIdentity } from '../src/domain/members/identity-service.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';
import type { Notifier } from '../src/domain/notifications/notifier.js';

const run = promisify(execFile);
const backend = process.env.FERRETDB_BACKEND === 'postgresql' ? 'postgresql' : 'sqlite';
const PG_SERVER = 'postgres://postgres@127.0.0.1:5432';
const work: string[] = [];
const pgDatabases: string[] = [];
const engines: Array<() => Promise<void>> = [];

/** A fresh place for a database of this pass's kind: a folder, or a PostgreSQL database. */
async function freshTarget(): Promise<RestoreTarget> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-bk-'));
  work.push(dir);
  if (backend === 'sqlite') return { kind: 'sqlite', dir };
  const name = `huiyuan_bk_${randomBytes(4).toString('hex')}`;
  pgDatabases.push(name);
  return { kind: 'postgresql', url: `${PG_SERVER}/${name}` };
}

/** FerretDB on a target, started after any restore into it (as the restore command's own is). */
async function engineOn(target: RestoreTarget): Promise<string> {
  const { uri, stop } = await ferretOn(target, true);
  engines.push(stop);
  return uri;
}

/** Records what a chat channel of the test's was sent, and when. */
class RecordingNotifier implements Notifier {
  readonly channel = 'rec';
  readonly sent: Array<{ to: string; text: string; at: number }> = [];
  async send(to: string, text: string): Promise<void> {
    this.sent.push({ to, text, at: Date.now() });
  }
}

interface Request {
  key: string;
  member: string;
  kind: 'consume' | 'recharge';
  amount: string;
  status?: number;
  ackAt?: number;
}

let first: TestService | undefined;
let second: TestService | undefined;
afterAll(async () => {
  await first?.stop().catch(() => undefined);
  await second?.stop().catch(() => undefined);
  for (const stop of engines) await stop();
  for (const d of work) await rm(d, { recursive: true, force: true });
  for (const name of pgDatabases) {
    await run('psql', [
      `${PG_SERVER}/postgres`,
      '-Atc',
      `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
    ]).catch(() => undefined);
  }
});

describe(`backup and restore on FerretDB/${backend}`, () => {
  const sentOnFirst = new RecordingNotifier();
  const sentOnSecond = new RecordingNotifier();
  const requests: Request[] = [];
  let backup: TakenBackup;
  let backupBegan = 0;
  let members: string[] = [];

  beforeAll(async () => {
    const target = await freshTarget();
    first = await startTestService({ MONGODB_URI: await engineOn(target) }, { notifiers: [sentOnFirst] });
    const svc = first;
    // 200 members, each told on a chat channel of ours, each with stored value to spend.
    members = [];
    for (let batch = 0; batch < 10; batch++) {
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          svc.call('POST', '/api/members', {
            body: { phone: `1365${String(batch * 20 + i).padStart(7, '0')}` },
          }),
        ),
      );
      for (const c of created) {
        expect(c.status).toBe(201);
        members.push(c.body.id);
        await bindMemberIdentity(new Types.ObjectId(c.body.id as string), 'rec', `rec-${c.body.id}`);
      }
    }
    for (let i = 0; i < members.length; i += 20) {
      await Promise.all(
        members
          .slice(i, i + 20)
          .map((id) =>
            svc.call('POST', `/api/members/${id}/recharge`, { body: { amount: '300' }, key: `seed-${id}` }),
          ),
      );
    }

    // 50 writers for a while; the backup begins part-way and the writers carry on through it.
    let writing = true;
    const writer = async (w: number) => {
      for (let n = 0; writing; n++) {
        const member = members[(w * 7 + n * 13) % members.length]!;
        const req: Request = {
          key: `w${w}-${n}`,
          member,
          kind: n % 3 === 0 ? 'recharge' : 'consume',
          amount: n % 3 === 0 ? '20' : '1.50',
        };
        requests.push(req);
        const res = await svc.call('POST', `/api/members/${member}/${req.kind}`, {
          body: { amount: req.amount },
          key: req.key,
        });
        req.status = res.status;
        req.ackAt = Date.now();
      }
    };
    const writers = Array.from({ length: 50 }, (_, w) => writer(w));
    // The backup begins once enough is acknowledged and told, not after a fixed time: on busy cores
    // 1.5 s once held fewer than 20 notices. The half second after lets each sent mark be written.
    await eventually(() => {
      const told = new Set(sentOnFirst.sent.map((s) => `${s.to}|${s.text}`));
      return told.size >= 30 && requests.filter((r) => r.status === 200).length >= 30;
    }, 60_000);
    await new Promise((r) => setTimeout(r, 600));
    backupBegan = Date.now();
    backup = await takeBackup(
      target.kind === 'sqlite'
        ? { kind: 'sqlite', dir: target.dir, dbName: svc.dbName }
        : { kind: 'postgresql', url: target.url, dbName: svc.dbName },
      await mkdtemp(path.join(os.tmpdir(), 'huiyuan-backups-')),
    );
    await new Promise((r) => setTimeout(r, 1000));
    writing = false;
    await Promise.all(writers);
    await first.stop();
    first = undefined;
  }, 300_000);

  it('restored into a fresh engine, the service on it is whole: audit clean, acknowledged work there, retries once', async () => {
    expect(requests.length).toBeGreaterThan(100);
    expect(new Date(backup.manifest.startedAt).getTime()).toBeGreaterThanOrEqual(backupBegan - 5);
    // Restored as an operator does it: the command restores, brings the cards up to the ledger, audits.
    const target = await freshTarget();
    const restored = await run(
      'npx',
      ['tsx', 'scripts/restore.ts', backup.file, '--to', target.kind === 'sqlite' ? target.dir : target.url],
      { timeout: 120_000 },
    );
    expect(restored.stdout).toContain('ledger audit: clean');
    expect(restored.stdout).toContain(`as of ${backup.manifest.startedAt}`);
    second = await startTestService(
      { MONGODB_URI: await engineOn(target), LOAD_DEMO: 'never' },
      { notifiers: [sentOnSecond] },
      { dbName: backup.manifest.dbName },
    );
    const svc = second;
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);

    // Every request again, with its key: what the backup holds is replayed, the rest applied now, once.
    const acknowledgedBefore = requests.filter((r) => r.status === 200 && r.ackAt! < backupBegan);
    expect(acknowledgedBefore.length).toBeGreaterThan(20);
    const replayed = new Set<string>();
    for (let i = 0; i < requests.length; i += 25) {
      await Promise.all(
        requests.slice(i, i + 25).map(async (r) => {
          const res = await svc.call('POST', `/api/members/${r.member}/${r.kind}`, {
            body: { amount: r.amount },
            key: r.key,
          });
          if (res.headers.get('idempotent-replayed') === 'true') replayed.add(r.key);
        }),
      );
    }
    for (const r of acknowledgedBefore)
      expect(replayed.has(r.key), `${r.key} was acknowledged before the backup`).toBe(true);
    // One pass over the ledger (FerretDB would scan once per query): each key's entries, counted.
    const applied = new Map<string, number>();
    for (const e of await LedgerEntryModel.find({}, { requestKey: 1 }).lean()) {
      applied.set(e.requestKey, (applied.get(e.requestKey) ?? 0) + 1);
    }
    for (const r of requests) {
      const count = applied.get(`http:admin-token:${r.key}`) ?? 0;
      expect(count, r.key).toBeLessThanOrEqual(1);
      if (r.status === 200) expect(count, r.key).toBe(1);
    }
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);

    // Notices sent before the backup began are not sent again by the restored service.
    await new Promise((r) => setTimeout(r, 2000));
    const before = new Set(
      sentOnFirst.sent.filter((s) => s.at < backupBegan - 500).map((s) => `${s.to}|${s.text}`),
    );
    expect(before.size).toBeGreaterThan(20);
    const again = sentOnSecond.sent.filter((s) => before.has(`${s.to}|${s.text}`));
    expect(again).toEqual([]);
  }, 300_000);

  it('npm run backup -- --verify audits a backup in a throwaway engine and prints what came back', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/backup.ts', '--verify', backup.file], {
      env: { ...process.env, FERRETDB_POSTGRESQL_URL: `${PG_SERVER}/huiyuan` },
      timeout: 120_000,
    });
    expect(stdout).toContain(`restored ${backup.manifest.dbName} as of ${backup.manifest.startedAt}`);
    expect(stdout).toMatch(/members 20\d, ledger entries \d+/);
    expect(stdout).toContain('ledger audit: clean');
  }, 120_000);

  it('a damaged backup is refused by its checksum, and nothing is written where it was to go', async () => {
    const bytes = await readFile(backup.file);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    const damaged = path.join(path.dirname(backup.file), 'damaged.huiyuan-backup');
    await writeFile(damaged, bytes);
    const engineFree = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-restore-to-'));
    work.push(engineFree);
    const target: RestoreTarget =
      backend === 'sqlite'
        ? { kind: 'sqlite', dir: engineFree }
        : { kind: 'postgresql', url: `${PG_SERVER}/huiyuan_bk_damaged_${randomBytes(3).toString('hex')}` };
    if (target.kind === 'postgresql') pgDatabases.push(new URL(target.url).pathname.slice(1));
    await expect(restoreBackup(damaged, target)).rejects.toThrow(BackupDamaged);
    await expect(restoreBackup(damaged, target)).rejects.toThrow(/checksum|damaged/);
    if (target.kind === 'sqlite') {
      expect(existsSync(path.join(engineFree, `${backup.manifest.dbName}.sqlite`))).toBe(false);
      expect(existsSync(path.join(engineFree, `${backup.manifest.dbName}.sqlite.restoring`))).toBe(false);
    } else {
      const { stdout } = await run('psql', [
        target.url,
        '-Atc',
        `SELECT count(*) FROM information_schema.schemata WHERE schema_name = '${backup.manifest.dbName}'`,
      ]);
      expect(stdout.trim()).toBe('0');
    }
    // Through the command an operator types: a clear sentence and a failing exit code.
    const cli = await run(
      'npx',
      ['tsx', 'scripts/restore.ts', damaged, '--to', target.kind === 'sqlite' ? engineFree : target.url],
      {
        timeout: 60_000,
      },
    ).catch((err: { code: number; stderr: string }) => err);
    expect((cli as { code: number }).code).toBe(2);
    expect((cli as { stderr: string }).stderr).toMatch(/damaged.*checksum.*nothing was restored/);
  }, 120_000);

  it('npm run restore over the database the settings name: refused without --force, replaced whole with it', async () => {
    const target = await freshTarget();
    await restoreBackup(backup.file, target);
    const env = {
      ...process.env,
      BACKUP_DATABASE: backup.manifest.dbName,
      ...(target.kind === 'sqlite'
        ? { BACKUP_SQLITE_DIR: target.dir }
        : { BACKUP_POSTGRESQL_URL: target.url }),
    };
    const restore = (...args: string[]) =>
      run('npx', ['tsx', 'scripts/restore.ts', backup.file, ...args], { env, timeout: 120_000 }).catch(
        (err: { code: number; stdout: string; stderr: string }) => err,
      );
    const refused = (await restore()) as { code?: number; stderr: string };
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds.*--force/);
    if (target.kind === 'postgresql') {
      // What the live database has and the backup lacks (a collection made since) goes with --force.
      await run('psql', [target.url, '-Atc', `CREATE TABLE "${backup.manifest.dbName}".made_since (x int)`]);
    }
    const forced = (await restore('--force')) as { stdout: string };
    expect(forced.stdout).toContain('ledger audit: clean');
    if (target.kind === 'postgresql') {
      const { stdout } = await run('psql', [
        target.url,
        '-Atc',
        `SELECT count(*) FROM information_schema.tables WHERE table_schema = '${backup.manifest.dbName}' AND table_name = 'made_since'`,
      ]);
      expect(stdout.trim()).toBe('0');
    }
  }, 180_000);
});
