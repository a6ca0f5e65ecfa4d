// Our FerretDB build looks documents up by _id on the _id index, on SQLite and on PostgreSQL alike: the
// engine's own explain of a find by _id names an index scan, never a scan of the table.
import { afterAll, beforeAll, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { startTestService, type TestService } from './support/service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

it('a find by _id among 3,000 documents is served by the _id index (the engine’s explain)', async () => {
  const db = mongoose.connection.db!;
  const things = db.collection<{ _id: string; n: number }>('explain_probe');
  for (let b = 0; b < 3; b++)
    await things.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: `m${b * 1000 + i}`, n: i })));
  const explained = await db.command({ explain: { find: 'explain_probe', filter: { _id: 'm1234' } } });
  const plan = JSON.stringify(explained.queryPlanner);
  expect(explained.filterPushdown).toBe(true);
  // SQLite: "SEARCH … USING INDEX …__id_"; PostgreSQL: "Index Scan" on the _id index with "=".
  expect(plan).toMatch(/USING INDEX|Index Scan/);
  expect(plan).not.toMatch(/Seq Scan|SCAN explain_probe/);
  expect(await things.findOne({ _id: 'm1234' })).toMatchObject({ n: 234 });
});
