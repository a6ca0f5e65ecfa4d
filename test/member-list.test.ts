// The member list a manager pages through: every filter walks a listing or the directory a bounded number
// of slots per page, checks the whole filter on the members it reads, and follows members as they change
// (a tag removed, a card frozen and thawed, a level reached). Through GET /api/members, as the console asks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { ListingSlotModel } from '../src/domain/models/listing-slot.js';
import { backfillListings } from '../src/domain/listings/listings-backfill.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const ROWS = 620;
const phoneOf = (i: number) => `1370000${String(i).padStart(4, '0')}`;

/** Every page of a filter, in order: the phones listed and how many pages it took. */
async function allPages(filter: string): Promise<{ phones: string[]; pages: number; shortPages: number }> {
  const phones: string[] = [];
  let after: string | null = null;
  let pages = 0;
  let shortPages = 0;
  for (;;) {
    const res = await svc.call('GET', `/api/members?${filter}&limit=20${after ? `&after=${after}` : ''}`);
    expect(res.status).toBe(200);
    const listed = (res.body.members as Array<{ phone: string }>).map((m) => m.phone);
    phones.push(...listed);
    pages++;
    after = res.body.next;
    if (!after) return { phones, pages, shortPages };
    if (listed.length < 20) shortPages++;
    if (pages > 100) throw new Error('the list never ends');
  }
}

describe('the member list at the door', () => {
  beforeAll(async () => {
    const csv = [
      '手机号,姓名,性别,生日,余额,积分,标签',
      ...Array.from(
        { length: ROWS },
        (_, i) => `${phoneOf(i)},列表${i},,,,,${i % 3 === 0 ? '全部、常客' : '全部'}`,
      ),
    ].join('\n');
    const res = await fetch(`${svc.url}/api/imports/members?format=csv`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN}`,
        'idempotency-key': 'list-rows',
        'content-type': 'text/csv',
      },
      body: csv,
    });
    const { id } = (await res.json()) as { id: string };
    await eventually(async () =>
      (await svc.call('GET', `/api/imports/${id}`)).body.state === 'done' ? true : undefined,
    );
  });

  it('a tag pages through everyone holding it once, in order, and drops a member whose tag was removed', async () => {
    const tagged = Array.from({ length: ROWS }, (_, i) => i)
      .filter((i) => i % 3 === 0)
      .map(phoneOf);
    expect((await allPages('tag=常客')).phones).toEqual(tagged);

    await svc.call('PUT', `/api/members/${phoneOf(3)}/tags`, { body: { remove: ['常客'] } });
    await svc.call('PUT', `/api/members/${phoneOf(4)}/tags`, { body: { add: ['常客'] } });
    const after = (await allPages('tag=常客')).phones;
    expect(after).not.toContain(phoneOf(3));
    expect(after).toContain(phoneOf(4));
    // Given back, it is listed once, where it first was.
    await svc.call('PUT', `/api/members/${phoneOf(3)}/tags`, { body: { add: ['常客'] } });
    expect((await allPages('tag=常客')).phones.filter((p) => p === phoneOf(3))).toHaveLength(1);
  });

  it('a rare combination comes back in bounded pages, short ones with a next, and finds the member at the end', async () => {
    const last = phoneOf(ROWS - 1); // the last of the listing of 全部, which every row holds
    await svc.call('POST', `/api/members/${last}/freeze`, { body: { reason: '测试' } });
    const { phones, pages, shortPages } = await allPages('tag=全部&status=frozen');
    expect(phones).toEqual([last]);
    expect(pages).toBeGreaterThan(1); // the listing holds more slots than one page reads
    expect(shortPages).toBeGreaterThan(0);

    await svc.call('POST', `/api/members/${last}/unfreeze`, { body: { reason: '测试' } });
    expect((await allPages('status=frozen')).phones).not.toContain(last);
    expect((await allPages('status=active&tag=全部')).phones).toContain(last);
  });

  it('finds by a whole name, a whole phone, a tail; the store and registration dates narrow the directory', async () => {
    const byName = await svc.call('GET', `/api/members?q=${encodeURIComponent('列表17')}`);
    expect(byName.body.members.map((m: { phone: string }) => m.phone)).toEqual([phoneOf(17)]);
    const byPhone = await svc.call('GET', `/api/members?q=${phoneOf(42)}`);
    expect(byPhone.body.members.map((m: { phone: string }) => m.phone)).toEqual([phoneOf(42)]);
    const byTail = await svc.call('GET', `/api/members?q=${phoneOf(42).slice(-4)}`);
    expect(byTail.body.members.map((m: { phone: string }) => m.phone)).toContain(phoneOf(42));

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const registeredToday = (await allPages(`registeredFrom=${today}&registeredTo=${today}`)).phones;
    expect(registeredToday).toEqual(expect.arrayContaining([phoneOf(0), phoneOf(ROWS - 1)]));
    expect((await allPages('registeredTo=2001-01-01')).phones).toEqual([]);
  });

  it('a database from before the listings gets them from the start-up pass', async () => {
    const before = (await allPages('tag=常客')).phones;
    await ListingSlotModel.deleteMany({});
    expect((await allPages('tag=常客')).phones).toEqual([]);
    await backfillListings();
    expect((await allPages('tag=常客')).phones.sort()).toEqual(before.sort());
  });
});
