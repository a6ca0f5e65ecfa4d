// Ledger throughput: consumes by 50 workers spread over 1,000 members, then 50 workers on one member.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Types } from 'mongoose';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, disconnectDatabase } from '../src/infra/database.js';
import { startEmbeddedMongo } from '../src/infra/embedded-mongo.js';
import { LedgerService } from '../src/domain/ledger/ledger-service.js';
import { auditLedger } from '../src/domain/ledger/ledger-audit.js';
import { createMember } from '../src/domain/members/member-service.js';
import { DEFAULT_RULES } from '../src/domain/programme/programme.js';
import { drive, report } from './stats.js';

const WORKERS = 50;
const MEMBERS = 1000;
const SPREAD_OPS = 5000;
const HOT_OPS = 1000;

export async function runLedgerBench() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'huiyuan-bench-'));
  const embedded = process.env.MONGODB_URI
    ? undefined
    : await startEmbeddedMongo({ dataDir, persistent: false });
  const uri = process.env.MONGODB_URI ?? embedded!.uri;
  const pool = Number(process.env.BENCH_POOL ?? 50);
  await connectDatabase(uri, `bench_${Date.now()}`, { maxPoolSize: pool });
  console.log(`ledger benchmark on ${embedded?.engine ?? uri}, ${WORKERS} workers, driver pool ${pool}`);

  const ledger = new LedgerService({ rules: () => DEFAULT_RULES, maxAmountFen: 5_000_000 });
  const actor = { kind: 'system' as const };
  const ctx = { channel: 'bench', actor };
  const ids: Types.ObjectId[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const m = await createMember({ phone: `139${String(i).padStart(8, '0')}` }, actor);
    await ledger.recharge({ ...ctx, memberId: m._id, amountFen: 40_000, requestKey: `seed-${i}` });
    ids.push(m._id);
  }

  const spread = await drive(WORKERS, SPREAD_OPS, (i) =>
    ledger.consume({ ...ctx, memberId: ids[i % MEMBERS]!, amountFen: 100, requestKey: `spread-${i}` }),
  );
  report({
    label: `consume across ${MEMBERS} members`,
    ops: SPREAD_OPS,
    ...spread,
    extra: `failures ${spread.failures}`,
  });

  const hot = ids[0]!;
  await ledger.recharge({ ...ctx, memberId: hot, amountFen: 4_000_000, requestKey: 'hot-seed' });
  const oneMember = await drive(WORKERS, HOT_OPS, (i) =>
    ledger.consume({ ...ctx, memberId: hot, amountFen: 100, requestKey: `hot-${i}` }),
  );
  report({
    label: 'consume on one member (contention)',
    ops: HOT_OPS,
    ...oneMember,
    extra: `failures ${oneMember.failures}`,
  });

  const audit = await auditLedger();
  console.log(
    `audit: ${audit.membersChecked} members, ${audit.entriesChecked} entries, ${audit.problems.length} problems`,
  );
  await disconnectDatabase();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
