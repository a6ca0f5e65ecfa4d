// Our FerretDB build serves lookups from the indexes, on SQLite and on PostgreSQL alike: the engine's own
// explain of a find by _id, or by an indexed field, names an index, never a scan of the table.
import { afterAll, beforeAll, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { startTestService, type TestService } from './support/service.js';
import { withoutPoolSettings, withSessionSettings } from '../src/infra/ferretdb.js';
import { dropRetiredIndexes } from '../src/infra/database.js';

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

it('a find by an indexed field, equal or $in, is served by that index and still finds arrays holding the value', async () => {
  const db = mongoose.connection.db!;
  const people = db.collection<{ _id: string; level: string | string[]; tags: string[] | string }>(
    'explain_people',
  );
  await people.createIndex({ level: 1 });
  await people.createIndex({ tags: 1 });
  for (let b = 0; b < 3; b++)
    await people.insertMany(
      Array.from({ length: 1000 }, (_, i) => ({
        _id: `p${b * 1000 + i}`,
        level: i % 3 === 0 ? 'gold' : 'silver',
        tags: i % 10 === 0 ? ['vip', 'new'] : [],
      })),
    );
  // MongoDB's {field: v} also matches an array holding v; the pushdown must keep those documents.
  await people.insertOne({ _id: 'array-level', level: ['gold', 'x'], tags: 'vip' });

  for (const filter of [{ level: 'gold' }, { tags: { $in: ['vip', 'none'] } }]) {
    const explained = await db.command({ explain: { find: 'explain_people', filter } });
    const plan = JSON.stringify(explained.queryPlanner);
    expect(explained.filterPushdown).toBe(true);
    // SQLite: "SEARCH … USING INDEX …_level_1"; PostgreSQL: Bitmap Index Scans of that index (the value, and
    // the range where jsonb keeps arrays).
    expect(plan).toMatch(/USING INDEX \S+_(level|tags)_1|"Index Name":"[^"]+_(level|tags)_/);
    expect(plan).not.toMatch(/Seq Scan|SCAN explain_people/);
  }
  expect(await people.countDocuments({ level: 'gold' })).toBe(1003); // 334 of each thousand, and the array
  expect(await people.countDocuments({ tags: 'vip' })).toBe(301);
  expect(await people.countDocuments({ level: 'gold', tags: { $in: ['vip'] } })).toBe(103);
  expect(await people.countDocuments({ level: { $eq: 'silver' } })).toBe(1998);
  // PostgreSQL's jsonb cannot hold U+0000: such a value is filtered in Go, never a failed query.
  expect(await people.countDocuments({ level: 'gold\u0000' })).toBe(0);
  expect(await people.countDocuments({ level: { $in: ['gold\u0000', 'silver'] } })).toBe(1998);
});

it('a filter on two fields is served by a compound index on both, never by the one whose values are everywhere', async () => {
  const db = mongoose.connection.db!;
  const entries = db.collection<{ _id: string; day: string | string[]; kind: string | string[] }>(
    'explain_ledger',
  );
  await entries.createIndex({ day: 1, kind: 1 });
  await entries.createIndex({ kind: 1 });
  // An import day: thousands of openings, and a few entries of other kinds over two days.
  for (let b = 0; b < 3; b++)
    await entries.insertMany(
      Array.from({ length: 1000 }, (_, i) => ({
        _id: `e${b * 1000 + i}`,
        day: i % 20 === 0 ? (i % 40 === 0 ? '2026-12-03' : '2026-12-04') : '2026-12-04',
        kind: i % 20 === 0 ? 'consume' : 'opening',
      })),
    );
  // Arrays that hold a wanted value match in MongoDB, so the pushdown keeps them.
  await entries.insertMany([
    { _id: 'kind-array', day: '2026-12-04', kind: ['consume', 'x'] },
    { _id: 'day-array', day: ['2026-12-03', 'x'], kind: 'recharge' },
    { _id: 'both-arrays', day: ['2026-12-03'], kind: ['recharge'] },
    { _id: 'other-day', day: '2026-11-01', kind: 'consume' },
  ]);

  const filter = { day: { $in: ['2026-12-04', '2026-12-03'] }, kind: { $in: ['consume', 'recharge'] } };
  const explained = await db.command({ explain: { find: 'explain_ledger', filter } });
  const plan = JSON.stringify(explained.queryPlanner);
  expect(explained.filterPushdown).toBe(true);
  // SQLite: the compound index searched on both of its columns ("<expr>=? AND <expr>=?"), not the day
  // alone (every opening). PostgreSQL: its planner chooses among the indexes by its statistics.
  expect(plan).toMatch(
    /USING INDEX \S+_day_1_kind_1 \(<expr>=\? AND <expr>=\?\)|"Index Name":"[^"]+_(day___kind|kind)___/,
  );
  expect(plan).not.toMatch(/Seq Scan|SCAN explain_ledger/);
  expect(
    (await entries.find(filter).toArray()).map((e) => e._id).filter((id) => !id.startsWith('e')),
  ).toEqual(expect.arrayContaining(['kind-array', 'day-array', 'both-arrays']));
  expect(await entries.countDocuments(filter)).toBe(150 + 3);
  expect(await entries.countDocuments({ ...filter, _id: { $in: ['e0', 'e1', 'day-array'] } })).toBe(2);
});

it('dropRetiredIndexes, which every start runs, drops an index a later version replaced and keeps its replacement', async () => {
  const ledger = mongoose.connection.db!.collection('ledgerentries');
  await ledger.createIndex({ day: 1 }); // as an older version left it
  await dropRetiredIndexes(mongoose.connection.db!);
  const names = (await ledger.indexes()).map((index) => index.name);
  expect(names).not.toContain('day_1');
  expect(names).toContain('day_1_kind_1');
  await dropRetiredIndexes(mongoose.connection.db!); // nothing left to drop is no error
});

it('FerretDB’s PostgreSQL sessions plan no JIT and no parallel workers; psql and pg_dump never get those settings', () => {
  const url = withSessionSettings('postgres://postgres@127.0.0.1:5432/huiyuan');
  const given = new URL(url).searchParams;
  expect(given.get('jit')).toBe('off');
  expect(given.get('max_parallel_workers_per_gather')).toBe('0');
  expect(given.get('pool_max_conns')).toBe('80');
  // One a deployment set itself is kept.
  expect(
    new URL(withSessionSettings(`${url.split('?')[0]}?pool_max_conns=120`)).searchParams.get(
      'pool_max_conns',
    ),
  ).toBe('120');
  expect(new URL(withoutPoolSettings(url)).search).toBe('');
});
