// What the console's desk pages read that the API did not say before: the queue names its members and
// agents, and the import template carries hints and an example that a filled-in copy imports around.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';

let svc: TestService;
let agentToken: string;
beforeAll(async () => {
  svc = await startTestService();
  const staff = (await svc.call('GET', '/api/staff')).body.staff as Array<{ id: string; name: string }>;
  const agent = staff.find((s) => s.name === '客服小张')!;
  agentToken = (await svc.call('POST', `/api/staff/${agent.id}/tokens`, { body: {} })).body.token;
});
afterAll(async () => {
  await svc?.stop();
});

describe('the complaints queue over HTTP', () => {
  it('names the member and, once taken and answered, the agent', async () => {
    const filed = (await svc.say('alice', '投诉 积分没到账')).join('\n');
    const no = /编号 (T\w{5})/.exec(filed)![1]!;
    const queue = (await svc.call('GET', '/api/tickets?status=open', { token: agentToken })).body.tickets;
    const mine = queue.find((t: { id: string }) => t.id === no);
    expect(mine.member).toEqual({ id: mine.memberId, name: '张三', phone: '138****8000' });
    expect(mine.assigneeName).toBeNull();

    await svc.call('POST', `/api/tickets/${no}/assign`, { token: agentToken });
    const answered = await svc.call('POST', `/api/tickets/${no}/reply`, {
      token: agentToken,
      body: { text: '已为您补录积分' },
    });
    expect(answered.body).toMatchObject({ status: 'replied', assigneeName: '客服小张' });
    expect(answered.body.messages).toMatchObject([
      { from: 'member', text: '积分没到账', staffName: null },
      { from: 'agent', text: '已为您补录积分', staffName: '客服小张' },
    ]);
    expect((await svc.call('GET', `/api/tickets/${no}`, { token: agentToken })).body.member.name).toBe(
      '张三',
    );
  });

  it('gives the newest few of a status, newest first', async () => {
    const numbers: string[] = [];
    for (const text of ['投诉 第一件', '投诉 第二件']) {
      numbers.push(/编号 (T\w{5})/.exec((await svc.say('carol', text)).join('\n'))![1]!);
      await new Promise((r) => setTimeout(r, 5)); // distinct creation times
    }
    const ids = async (query: string) =>
      (
        (await svc.call('GET', `/api/tickets?${query}`, { token: agentToken })).body.tickets as Array<{
          id: string;
        }>
      ).map((t) => t.id);
    expect(await ids('status=open&newest=1')).toEqual([numbers[1]]);
    expect(await ids('status=open&newest=2')).toEqual([numbers[1], numbers[0]]);
    expect((await ids('status=open')).slice(-2)).toEqual(numbers); // without it: the whole queue, oldest first
    expect((await svc.call('GET', '/api/tickets?newest=0', { token: agentToken })).status).toBe(400);
  });
});

async function upload(format: 'csv' | 'xlsx', body: Buffer | string, key: string) {
  const res = await fetch(`${svc.url}/api/imports/members?format=${format}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'idempotency-key': key },
    body,
  });
  return { status: res.status, body: (await res.json()) as { id: string; state: string } };
}

const finished = (id: string) =>
  eventually(async () => {
    const job = (await svc.call('GET', `/api/imports/${id}`)).body;
    return job.state === 'done' ? job : undefined;
  });

describe('the import template', () => {
  it('has hints and an example under the headers; filled in, only the new rows import', async () => {
    const res = await fetch(`${svc.url}/api/imports/members/template.xlsx`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map(String);
    expect(row(1)).toEqual(['手机号', '姓名', '性别', '生日', '余额', '积分', '标签']);
    expect(row(2)[0]).toContain('必填');
    expect(row(2)[3]).toContain('1990-05-20');
    expect(row(3).slice(0, 3)).toEqual(['13800000000', '示例（导入时跳过此行）', '女']);

    // As downloaded, there is nothing to import.
    const untouched = Buffer.from(await book.xlsx.writeBuffer());
    expect((await upload('xlsx', untouched, 'template-untouched')).status).toBe(400);

    // A shop adds its members below the example and uploads the same file.
    sheet.addRow(['13688886666', '新客', '男', '1988-08-08', '', '', '']).commit();
    sheet.addRow(['1368888', '坏号', '', '', '', '', '']).commit();
    const filled = Buffer.from(await book.xlsx.writeBuffer());
    const started = await upload('xlsx', filled, 'template-filled');
    expect(started.status).toBe(202);
    const report = await finished(started.body.id);
    expect(report).toMatchObject({ total: 2, imported: 1 });
    expect(report.rejected).toEqual([{ row: 5, phone: '1368888', reason: '手机号格式不对' }]);
    expect((await svc.call('GET', '/api/members/13688886666')).body.name).toBe('新客');
    expect((await svc.call('GET', '/api/members/13800000000')).status).toBe(404);

    // The CSV template, re-saved with its example's birthday rewritten, still skips both rows.
    const csv = await (
      await fetch(`${svc.url}/api/imports/members/template.csv`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      })
    ).text();
    const resaved = `${csv.replace(',1990-05-20,', ',1990/5/20,').trimEnd()}\n13688887777,又一位,,,,,\n`;
    const second = await upload('csv', resaved, 'template-csv');
    expect((await finished(second.body.id)).imported).toBe(1);
    expect((await svc.call('GET', '/api/members/13688887777')).body.name).toBe('又一位');
  });
});
