// Importing and exporting members in the published template: an exact report of what was imported and
// what was refused and why; opening balances as ledger entries; export then import gives the same cards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

async function upload(to: TestService, format: 'csv' | 'xlsx', body: Buffer | string, key: string) {
  const res = await fetch(`${to.url}/api/imports/members?format=${format}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ADMIN}`,
      'idempotency-key': key,
      'content-type': 'application/octet-stream',
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as { id: string; state: string } };
}

const finished = (to: TestService, id: string) =>
  eventually(async () => {
    const job = (await to.call('GET', `/api/imports/${id}`)).body;
    return job.state === 'done' ? job : undefined;
  });

describe('member import', () => {
  it('imports good rows, reports duplicates and malformed rows exactly, and opens balances in the ledger', async () => {
    const template = await fetch(`${svc.url}/api/imports/members/template.csv`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const bytes = Buffer.from(await template.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so Excel reads the Chinese
    const lines = bytes.subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('手机号,姓名,性别,生日,余额,积分,标签');
    expect(lines.slice(1).join('\n')).toContain('必填：11 位手机号'); // hints, then an example row
    expect(lines).toHaveLength(3);

    const csv = [
      '手机号,姓名,性别,生日,余额,积分,标签',
      '13688880001,甲,男,1990-05-20,100,50,老客户、爱喝咖啡',
      '13688880002,乙,,,,,',
      '13688880001,甲二,,,,,',
      '13800138000,张三重复,,,,,',
      '1368888,坏号码,,,,,',
      '13688880003,丙,未知,,,,',
      '13688880004,丁,,1990-13-45,,,',
      '13688880005,戊,,,12.345,,',
      '',
    ].join('\n');
    const started = await upload(svc, 'csv', csv, 'import-1');
    expect(started.status).toBe(202);
    expect((await upload(svc, 'csv', csv, 'import-1')).body.id).toBe(started.body.id);
    const report = await finished(svc, started.body.id);
    expect(report).toMatchObject({ total: 8, processed: 8, imported: 2, progress: 100 });
    expect(report.rejected).toEqual([
      { row: 4, phone: '13688880001', reason: '文件中手机号重复' },
      { row: 5, phone: '13800138000', reason: '该手机号已有会员卡' },
      { row: 6, phone: '1368888', reason: '手机号格式不对' },
      { row: 7, phone: '13688880003', reason: '性别只能填男或女' },
      { row: 8, phone: '13688880004', reason: '生日格式应为 1990-05-20' },
      { row: 9, phone: '13688880005', reason: '余额格式不对（如 100 或 88.50）' },
    ]);
    expect((await svc.call('GET', '/api/members/13688880001')).body).toMatchObject({
      name: '甲',
      gender: 'male',
      birthday: '1990-05-20',
      balanceFen: 10000,
      points: 50,
    });
    const history = (await svc.call('GET', '/api/members/13688880001/history')).body.entries;
    expect(history).toMatchObject([{ kind: 'opening', balanceDeltaFen: 10000, pointsDelta: 50, seq: 1 }]);
    expect((await svc.call('GET', '/api/members/13688880001/tags')).body.manual).toEqual([
      '老客户',
      '爱喝咖啡',
    ]);
    expect((await svc.call('GET', '/api/members/13800138000')).body.name).toBe('张三'); // never merged
    expect((await svc.call('GET', '/api/ledger/audit')).body.problems).toEqual([]);

    const noHeader = await upload(svc, 'csv', '13688880009,己\n', 'import-2');
    expect(noHeader.status).toBe(400);
    expect((await upload(svc, 'xlsx', 'not a workbook', 'import-3')).status).toBe(400);
  });

  it('an .xlsx export reads back as the rows imported; importing it again merges nothing; moved to new phones it round-trips', async () => {
    const res = await fetch(`${svc.url}/api/exports/members.xlsx?tag=${encodeURIComponent('老客户')}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const file = Buffer.from(await res.arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => r.slice(1, 8))).toEqual([
      ['13688880001', '甲', '男', '1990-05-20', 100, 50, '老客户、爱喝咖啡'],
    ]);
    // Money is a number cell shown in yuan, so Excel can add it up.
    expect(book.worksheets[0]!.getRow(2).getCell(5).numFmt).toBe('"¥"#,##0.00');

    const again = await upload(svc, 'xlsx', file, 'roundtrip');
    const report = await finished(svc, again.body.id);
    expect(report).toMatchObject({
      total: 1,
      imported: 0,
      rejected: [{ row: 2, phone: '13688880001', reason: '该手机号已有会员卡' }],
    });
    expect((await svc.call('GET', '/api/members/13688880001')).body).toMatchObject({
      balanceFen: 10000,
      points: 50,
    });

    // The whole programme exported, its phones moved to numbers nobody holds, imports back field for field.
    const everyone = await fetch(`${svc.url}/api/exports/members.xlsx`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const all = new ExcelJS.Workbook();
    await all.xlsx.load((await everyone.arrayBuffer()) as ArrayBuffer);
    const sheet = all.worksheets[0]!;
    const originals = new Map<string, string>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const phone = String(row.getCell(1).value);
      const moved = `159${phone.slice(3)}`;
      originals.set(moved, phone);
      row.getCell(1).value = moved;
    });
    const moved = Buffer.from(await all.xlsx.writeBuffer());
    const back = await finished(svc, (await upload(svc, 'xlsx', moved, 'roundtrip-moved')).body.id);
    expect(back).toMatchObject({ total: originals.size, imported: originals.size, rejected: [] });
    for (const [copy, original] of originals) {
      const [a, b] = await Promise.all(
        [original, copy].map(async (p) => (await svc.call('GET', `/api/members/${p}`)).body),
      );
      expect(b).toMatchObject({
        name: a.name,
        gender: a.gender,
        birthday: a.birthday,
        balanceFen: a.balanceFen,
        points: a.points,
      });
      const [ta, tb] = await Promise.all(
        [original, copy].map(async (p) => (await svc.call('GET', `/api/members/${p}/tags`)).body),
      );
      expect(tb.manual).toEqual(ta.tags);
    }
    expect((await svc.call('GET', '/api/ledger/audit')).body.problems).toEqual([]);

    const csv = await fetch(`${svc.url}/api/exports/ledger.csv?from=2000-01-01`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      '流水号,时间,营业日,类型,卡号,余额变动,积分变动,消费金额,变动后余额,变动后积分,冲正原流水,门店,操作人',
    );
    expect(lines.some((l) => l.includes('期初导入'))).toBe(true);
  });
});
