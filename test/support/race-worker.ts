// A separate process that races consumes against one member, for the cross-process ledger test.
// argv: mongoUri dbName memberId attempts workerTag; prints one JSON line of outcome counts.
import { connectDatabase, disconnectDatabase } from '../../src/infra/database.js';
import { LedgerService } from '../../src/domain/ledger/ledger-service.js';
import { DEFAULT_RULES } from '../../src/domain/models/programme.js';
import { Types } from 'mongoose';

const [uri, dbName, memberId, attempts, tag] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
await connectDatabase(uri, dbName);
const ledger = new LedgerService({ rules: () => DEFAULT_RULES, maxAmountFen: 5_000_000 });
const outcomes: Record<string, number> = {};
await Promise.all(
  Array.from({ length: Number(attempts) }, async (_, i) => {
    try {
      await ledger.consume({
        memberId: new Types.ObjectId(memberId),
        amountFen: 1000,
        requestKey: `race:${tag}:${i}`,
        channel: 'test',
        actor: { kind: 'system' },
      });
      outcomes.ok = (outcomes.ok ?? 0) + 1;
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'ERROR';
      outcomes[code] = (outcomes[code] ?? 0) + 1;
    }
  }),
);
console.log(JSON.stringify(outcomes));
await disconnectDatabase();
