// A segment's size from the member tallies: what a manager sees is the number of active members the filter
// selects — counted member by member as the oracle — through every change a member goes through
// (registration, import, tags, freezing, a lost card replaced, moving up a level), before and after the
// minutes are folded, across registration days, under many writers at once, and for members stored before
// the tallies existed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import {
  businessDay,
  now,
  resetClock,
  shiftClock,
  startOfBusinessDay,
  endOfBusinessDay,
} from '../src/domain/clock.js';
import { membersIn } from '../src/domain/marketing/segments.js';
import type { SegmentFilter } from '../src/domain/models/segment.js';
import {
  TallyFoldModel,
  TallyGroupModel,
  TallyPendingModel,
  TallySlotModel,
} from '../src/domain/models/member-tally.js';
import { MemberModel } from '../src/domain/models/member.js';
import { Types } from 'mongoose';
import { backfillTallies } from '../src/domain/tallies/tallies-backfill.js';
import { eventually } from './support/eventually.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
let svc: TestService;
let s001: string;
let s002: string;
const days: string[] = [];

interface ApiFilter {
  levels?: string[];
  tags?: string[];
  storeIds?: string[];
  registeredFrom?: string;
  registeredTo?: string;
}
const filters: Record<string, () => ApiFilter> = {
  everyone: () => ({}),
  normal: () => ({ levels: ['normal'] }),
  silver: () => ({ levels: ['silver'] }),
  'store 2': () => ({ storeIds: [s002] }),
  'store 1, normal': () => ({ storeIds: [s001], levels: ['normal'] }),
  tea: () => ({ tags: ['爱喝茶'] }),
  'tea, store 2': () => ({ tags: ['爱喝茶'], storeIds: [s002] }),
  'first day': () => ({ registeredFrom: days[0], registeredTo: days[0] }),
  'from the second day': () => ({ registeredFrom: days[1] ?? days[0] }),
  'tea, to the first day': () => ({ tags: ['爱喝茶'], registeredTo: days[0] }),
};

const size = async (filter: ApiFilter) => {
  const res = await svc.call('POST', '/api/segments/preview', { body: filter });
  expect(res.status).toBe(200);
  return res.body.size as number;
};

/** The same filter counted the slow way: every active member it selects, one at a time. */
async function counted(filter: ApiFilter): Promise<number> {
  const domainFilter: SegmentFilter = {
    ...(filter.levels ? { levels: filter.levels } : {}),
    ...(filter.tags ? { tags: filter.tags } : {}),
    ...(filter.storeIds ? { storeIds: filter.storeIds } : {}),
    ...(filter.registeredFrom ? { registeredFrom: startOfBusinessDay(filter.registeredFrom) } : {}),
    ...(filter.registeredTo ? { registeredTo: endOfBusinessDay(filter.registeredTo) } : {}),
  };
  let n = 0;
  for await (const _ of membersIn(domainFilter)) n++;
  return n;
}

async function expectSizesAsCounted(): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const [name, filter] of Object.entries(filters)) {
    sizes[name] = await size(filter());
    expect({ [name]: sizes[name] }).toEqual({ [name]: await counted(filter()) });
  }
  return sizes;
}

const register = (phone: string, storeId: string, tags?: string[]) =>
  svc.call('POST', '/api/members', {
    body: { phone, storeId, ...(tags ? { tags } : {}) },
    key: `reg-${phone}`,
  });
const tag = (phone: string, change: { add?: string[]; remove?: string[] }) =>
  svc.call('PUT', `/api/members/${phone}/tags`, { body: change });

beforeAll(async () => {
  // Noon in Beijing, so a few minutes on stay in the same day.
  const noon = startOfBusinessDay(businessDay(now())).getTime() + DAY + 12 * 3_600_000;
  shiftClock(noon - Date.now());
  svc = await startTestService();
  await eventually(async () => (await TallySlotModel.exists({ _id: 'backfilled' })) !== null);
  s001 = (await svc.call('GET', '/api/stores')).body.stores[0].id;
  const created = await svc.call('POST', '/api/stores', { body: { code: 'S002', name: '二店' } });
  expect(created.status).toBe(201);
  s002 = created.body.id;
  days.push(businessDay(now()));
});
afterAll(async () => {
  await svc?.stop();
  resetClock();
});

describe('a segment size from the tallies', () => {
  it('follows registrations, tags, freezing, a lost card and a level, before and after the minutes fold', async () => {
    expect((await register('13611110001', s001)).status).toBe(201);
    expect((await register('13611110002', s002, ['爱喝茶'])).status).toBe(201);
    expect((await register('13611110003', s002)).status).toBe(201);
    const start = await expectSizesAsCounted();
    expect(start['store 2']).toBe(2);
    expect(start['tea, store 2']).toBe(1);

    await tag('13611110003', { add: ['爱喝茶', '周末客'] });
    await tag('13611110002', { remove: ['爱喝茶'] });
    const frozen = await svc.call('POST', '/api/members/13611110001/freeze', {
      body: { reason: '会员挂失' },
      key: 'freeze-1',
    });
    expect(frozen.status).toBe(200);
    // Moving up: ¥1,000 spent reaches silver.
    await svc.call('POST', '/api/members/13611110003/recharge', { body: { amount: '1000' }, key: 'r-3' });
    await svc.call('POST', '/api/members/13611110003/consume', { body: { amount: '1000' }, key: 'c-3' });
    const changed = await expectSizesAsCounted();
    expect(changed.silver).toBe(start.silver! + 1);
    expect(changed['tea, store 2']).toBe(1);
    expect(changed.everyone).toBe(start.everyone! - 1);

    // The minutes close and fold: the same figures, now read from folded groups.
    shiftClock(10 * MINUTE);
    const folded = await expectSizesAsCounted();
    expect(folded).toEqual(changed);
    expect(await TallyGroupModel.exists({ tag: '爱喝茶' })).not.toBeNull();

    const unfrozen = await svc.call('POST', '/api/members/13611110001/unfreeze', { key: 'unfreeze-1' });
    expect(unfrozen.status).toBe(200);
    expect((await expectSizesAsCounted()).everyone).toBe(start.everyone);
  });

  it('counts by registration day, and imported members on the day they came', async () => {
    shiftClock(DAY);
    days.push(businessDay(now()));
    expect((await register('13611110004', s001, ['爱喝茶'])).status).toBe(201);
    const csv = ['手机号,姓名,标签', '13611110005,导入甲,爱喝茶', '13611110006,导入乙,', ''].join('\n');
    const upload = await fetch(`${svc.url}/api/imports/members?format=csv`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN}`,
        'idempotency-key': 'import-tallies',
        'content-type': 'application/octet-stream',
      },
      body: csv,
    });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as { id: string };
    await eventually(async () => (await svc.call('GET', `/api/imports/${id}`)).body.state === 'done');
    const sizes = await expectSizesAsCounted();
    expect(sizes['from the second day']).toBe(3);
    expect(sizes['first day']).toBe(sizes.everyone! - 3);
    shiftClock(DAY); // a day of minutes folded at once
    expect(await expectSizesAsCounted()).toEqual(sizes);
  });

  it('stays exact when many writers change the same members at once', async () => {
    const phones = ['13611110007', '13611110008'];
    for (const phone of phones) expect((await register(phone, s002)).status).toBe(201);
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => {
          const phone = phones[i % 2]!;
          const key = `${round}-${i}`;
          switch ((i >> 1) % 4) {
            case 0:
              return svc.call('POST', `/api/members/${phone}/freeze`, {
                body: { reason: '核对' },
                key: `f${key}`,
              });
            case 1:
              return svc.call('POST', `/api/members/${phone}/unfreeze`, { key: `u${key}` });
            case 2:
              return tag(phone, { add: ['爱喝茶'] });
            default:
              return tag(phone, { remove: ['爱喝茶'] });
          }
        }),
      );
      await expectSizesAsCounted();
    }
    shiftClock(10 * MINUTE);
    await expectSizesAsCounted();
  });

  it('stays exact when the clock is set back past the last fold', async () => {
    shiftClock(3 * DAY); // a clock set ahead: a change, and its minutes folded
    await tag('13611110004', { add: ['周末客'] });
    shiftClock(10 * MINUTE);
    await expectSizesAsCounted();
    shiftClock(-3 * DAY - 10 * MINUTE); // and corrected
    await tag('13611110005', { add: ['周末客'] });
    await svc.call('POST', '/api/members/13611110006/freeze', { body: { reason: '核对' }, key: 'f-back' });
    await expectSizesAsCounted();
    shiftClock(10 * MINUTE);
    await expectSizesAsCounted();
  });

  it('a change whose tally did not follow (a crash between the two) is put right by the fold job', async () => {
    const before = await expectSizesAsCounted();
    const member = (await svc.call('GET', '/api/members/13611110004')).body;
    // What a crash leaves: the change's note, the member written, no tally slot for it.
    await TallyPendingModel.collection.insertOne({
      _id: `${member.id}:crashed`,
      memberId: new Types.ObjectId(member.id),
      at: new Date(now().getTime() - 2 * MINUTE),
    } as never);
    await MemberModel.updateOne({ _id: member.id }, { $set: { status: 'frozen' } });
    expect(await size(filters.everyone!())).toBe(before.everyone);
    const fold = svc.queues.find((q) => q.name === 'tally-fold')!;
    await fold.add({});
    await eventually(async () => (await TallyPendingModel.countDocuments()) === 0);
    expect((await expectSizesAsCounted()).everyone).toBe(before.everyone! - 1);
  });

  it('reads store ids in either case', async () => {
    const upper = { storeIds: [s002.toUpperCase()] };
    expect(await size(upper)).toBe(await counted(upper));
    expect(await size(upper)).toBeGreaterThan(0);
  });

  it('members stored before the tallies get theirs from one pass at start-up', async () => {
    const before = await expectSizesAsCounted();
    await Promise.all([
      TallySlotModel.deleteMany({}),
      TallyGroupModel.deleteMany({}),
      TallyFoldModel.deleteMany({}),
    ]);
    await backfillTallies();
    expect(await expectSizesAsCounted()).toEqual(before);
    shiftClock(10 * MINUTE);
    expect(await expectSizesAsCounted()).toEqual(before);
  });
});
