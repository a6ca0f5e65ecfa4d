// Ledger throughput: consumes by 50 workers spread over 1,000 members, then 50 workers on one member,
// read against the engine's ceiling measured just before with the same workers and pool.
import type { Types } from 'mongoose';
import { connectDatabase, disconnectDatabase } from '../src/infra/database.js';
import { LedgerService } from '../src/domain/ledger/ledger-service.js';
import { auditLedger } from '../src/domain/ledger/ledger-audit.js';
import { createMember } from '../src/domain/members/member-service.js';
import { offThePathSettled } from '../src/domain/off-the-path.js';
import { DEFAULT_RULES } from '../src/domain/models/programme.js';
import { addDriven, addRow, drive } from './stats.js';
import { measureCeiling } from './ceiling.js';
import type { BenchEngine } from './engine.js';

const WORKERS = 50;
const MEMBERS = 1000;
const SPREAD_OPS = 5000;
const HOT_OPS = 1000;
const SECONDS = Number(process.env.BENCH_LEDGER_SECONDS ?? 30);

export async function runLedgerBench(engine: BenchEngine) {
  await connectDatabase(engine.uri, `bench_ledger_${Date.now()}`, { maxPoolSize: WORKERS });
  const ceiling = await measureCeiling(engine.name, WORKERS);

  const ledger = new LedgerService({ rules: () => DEFAULT_RULES, maxAmountFen: 5_000_000 });
  const actor = { kind: 'system' as const };
  const ctx = { channel: 'bench', actor };
  const ids: Types.ObjectId[] = new Array(MEMBERS);
  const seeded = await drive(20, MEMBERS, async (i) => {
    const m = await createMember({ phone: `139${String(i).padStart(8, '0')}` }, actor);
    await ledger.recharge({ ...ctx, memberId: m._id, amountFen: 40_000, requestKey: `seed-${i}` });
    ids[i] = m._id;
  });
  if (seeded.failures) throw new Error(`seeding failed: ${seeded.firstFailure}`);

  const spread = await drive(
    WORKERS,
    SPREAD_OPS,
    (i) => ledger.consume({ ...ctx, memberId: ids[i % MEMBERS]!, amountFen: 100, requestKey: `spread-${i}` }),
    SECONDS,
  );
  const acrossMembers = addDriven(engine.name, `ledger: consume across ${MEMBERS} members`, spread);

  const hot = ids[0]!;
  await ledger.recharge({ ...ctx, memberId: hot, amountFen: 4_000_000, requestKey: 'hot-seed' });
  const oneMember = await drive(
    WORKERS,
    HOT_OPS,
    (i) => ledger.consume({ ...ctx, memberId: hot, amountFen: 100, requestKey: `hot-${i}` }),
    SECONDS,
  );
  addDriven(engine.name, 'ledger: consume on one member', oneMember);

  await offThePathSettled(30_000); // projections written after the last answers
  const audit = await auditLedger();
  const ratio = (n: number, of: number) => `${((100 * n) / of).toFixed(0)}%`;
  addRow({
    engine: engine.name,
    what: 'ledger: audit and ratio to the ceiling',
    rate: '',
    p50: '',
    p99: '',
    notes:
      `${audit.problems.length} audit problems over ${audit.entriesChecked} entries; across members = ` +
      `${ratio(acrossMembers, ceiling.insertOne)} of insertOne, ${ratio(acrossMembers, ceiling.updateOne)} of updateOne ` +
      `(target ≥ 50% of insertOne)`,
  });
  await disconnectDatabase();
}
