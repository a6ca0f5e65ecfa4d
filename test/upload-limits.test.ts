// Uploads that cannot hurt the service: a zip bomb, a header that lies about its size, a sheet of a
// million rows and a CSV with one giant cell are each refused with 413 and a reason, nothing is imported,
// and /healthz answers the whole time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { writeZip } from './support/zip-writer.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

async function upload(format: 'csv' | 'xlsx', body: Buffer | string, key: string) {
  const res = await fetch(`${svc.url}/api/imports/members?format=${format}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'idempotency-key': key },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

/** Asks /healthz every 50 ms while `work` runs; returns how many asks failed or took over a second. */
async function healthDuring<T>(work: Promise<T>): Promise<{ result: T; failures: number; asked: number }> {
  let done = false;
  let failures = 0;
  let asked = 0;
  const probe = (async () => {
    while (!done) {
      asked++;
      const ok = await fetch(`${svc.url}/healthz`, { signal: AbortSignal.timeout(1000) })
        .then((r) => r.ok)
        .catch(() => false);
      if (!ok) failures++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await work.finally(() => (done = true));
  await probe;
  return { result, failures, asked };
}

async function membersCount(): Promise<number> {
  const audit = await svc.call('GET', '/api/ledger/audit');
  return audit.body.membersChecked as number;
}

async function templateXlsx(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('会员导入');
  sheet.addRow(['手机号', '姓名', '性别', '生日', '余额', '积分', '标签']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('uploads that cannot hurt the service', () => {
  it('a zip bomb (a small .xlsx that unpacks to 400 MB) is refused by its declared size, /healthz answering', async () => {
    const before = await membersCount();
    const good = await templateXlsx([['13688881111', '甲', '', '', '', '', '']]);
    // A real workbook's parts, with the first sheet swapped for 400 MB of spaces.
    const bomb = await writeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: { repeatByte: 0x20, size: 400 * 1024 * 1024 } },
    ]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    expect(good.length).toBeGreaterThan(0);
    const { result, failures, asked } = await healthDuring(upload('xlsx', bomb, 'bomb-1'));
    expect(result.status).toBe(413);
    expect(result.body.error?.code).toBe('UPLOAD_TOO_LARGE');
    expect(result.body.error?.message).toMatch(/unpacks to more than/);
    expect(asked).toBeGreaterThan(0);
    expect(failures).toBe(0);
    expect(await membersCount()).toBe(before);
  });

  it('a part whose header says 1 KB but inflates to 150 MB is refused, never read whole', async () => {
    const liar = await writeZip([
      {
        name: 'xl/worksheets/sheet1.xml',
        data: { repeatByte: 0x20, size: 150 * 1024 * 1024 },
        declaredSize: 1024,
      },
    ]);
    const res = await upload('xlsx', liar, 'liar-1');
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('UPLOAD_TOO_LARGE');
  });

  it('a sheet over the row cap is refused with the cap named, and nothing is imported', async () => {
    const before = await membersCount();
    const header = '手机号,姓名,性别,生日,余额,积分,标签';
    const rows = Array.from({ length: 200_001 }, (_, i) => `1${String(3600000000 + i)},x,,,,,`);
    const res = await upload('csv', [header, ...rows].join('\n'), 'many-rows-1');
    expect(res.status).toBe(413);
    expect(res.body.error?.message).toMatch(/at most 200000 rows/);
    expect(await membersCount()).toBe(before);
  });

  it('a CSV with one 19 MB cell is a 413 with a reason, not a 500', async () => {
    const csv = `手机号,姓名,性别,生日,余额,积分,标签\n13688882222,"${'长'.repeat(6_500_000)}",,,,,\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(19_000_000);
    const res = await upload('csv', csv, 'big-cell-1');
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('UPLOAD_TOO_LARGE');
  });

  it('an honest template still imports after the refusals', async () => {
    const file = await templateXlsx([['13688883333', '乙', '女', '1991-02-03', '10', '5', '']]);
    const res = await upload('xlsx', file, 'honest-1');
    expect(res.status).toBe(202);
  });
});
