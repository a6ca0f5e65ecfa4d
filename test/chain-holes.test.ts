// The smaller holes found by attacking the service as a chain's staff, each closed: amounts read alike in
// chat and HTTP, circular invites, guessed codes at once, racing replacement cards, imported opening
// balances, spreadsheet formulas in exports, and phone numbers in log lines.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';

const run = promisify(execFile);
let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, text: string) =>
  (await svc.say(from, text, { group: 'store-1' })).join('\n');
const member = async (ref: string) => (await svc.call('GET', `/api/members/${ref}`)).body;

describe('one amount parser for chat and HTTP', () => {
  it('“1,000” is a thousand yuan in chat as over HTTP; “88,50” is refused in both and changes nothing', async () => {
    await svc.call('POST', '/api/members', { body: { phone: '13622220001', name: '千元' } });
    const receipt = await inGroup('cashier-1', '充值 13622220001 1,000');
    expect(receipt).toContain('1000.00');
    expect((await member('13622220001')).balanceFen).toBe(100_000 + 12_000); // the 1000 → 120 tier
    const entries = await LedgerEntryModel.countDocuments();
    expect(await inGroup('cashier-1', '消费 13622220001 88,50')).toContain('金额「88,50」不对');
    const http = await svc.call('POST', '/api/members/13622220001/consume', {
      body: { amount: '88,50' },
      key: 'comma-http',
    });
    expect(http.body.error.code).toBe('INVALID_AMOUNT');
    expect(await LedgerEntryModel.countDocuments()).toBe(entries);
  });
});

describe('老带新 pays once per pair', () => {
  it('A invites B, then A names B’s code: refused, and only the first referral was rewarded', async () => {
    const a = (await svc.call('POST', '/api/members', { body: { phone: '13622220011' } })).body.id;
    const codeA = (await svc.call('GET', `/api/members/${a}/invite-code`)).body.inviteCode;
    const b = await svc.call('POST', '/api/members', { body: { phone: '13622220012', inviteCode: codeA } });
    expect(b.status).toBe(201);
    const codeB = (await svc.call('GET', `/api/members/${b.body.id}/invite-code`)).body.inviteCode;
    const pointsA = (await member(a)).points;
    const back = await svc.call('POST', `/api/members/${a}/referral`, { body: { inviteCode: codeB } });
    expect([back.status, back.body.error.code]).toEqual([409, 'REFERRAL_CIRCULAR']);
    expect((await member(a)).points).toBe(pointsA);
    expect((await member(b.body.id)).points).toBe(b.body.points);
  });
});

describe('a code guessed many times at once', () => {
  it('40 guesses at the same instant: at most five are compared, then the phone change is locked', async () => {
    const id = (await svc.call('POST', '/api/members', { body: { phone: '13622220021' } })).body.id;
    expect(
      (await svc.call('POST', `/api/members/${id}/phone-change`, { body: { phone: '13622220022' } })).status,
    ).toBe(202);
    const right = svc.sms.lastCodeFor('13622220022')!;
    const wrong = right === '000000' ? '111111' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        svc.call('POST', `/api/members/${id}/phone-change/confirm`, {
          body: { phone: '13622220022', code: wrong },
        }),
      ),
    );
    const results = answers.map((a) => a.body.error?.details?.result);
    expect(results.filter((r) => r === 'wrong').length).toBeLessThanOrEqual(4);
    expect(results.filter((r) => r !== 'wrong').every((r) => r === 'locked')).toBe(true);
    const late = await svc.call('POST', `/api/members/${id}/phone-change/confirm`, {
      body: { phone: '13622220022', code: right },
    });
    expect(late.body.error.details.result).toBe('locked');
    expect((await member(id)).phone).toBe('13622220021');
  });
});

describe('one coupon request delivered many times at once', () => {
  it('on a spent quota every delivery is refused and none issues a coupon', async () => {
    const t = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '一张券', type: 'cash', valueFen: 100, totalQuota: 1 },
    });
    const issue = (key: string) =>
      svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, { body: { count: 1 }, key });
    expect((await issue('first-holder')).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 8 }, () => issue('late-comer')));
    expect(answers.map((a) => a.status).filter((s) => s === 201)).toEqual([]);
    const report = (await svc.call('GET', '/api/reports/coupons')).body.templates as Array<{
      templateId: string;
      issued: number;
    }>;
    expect(report.find((r) => r.templateId === t.body.id)?.issued).toBe(1);
  });
});

describe('补卡 raced with different keys', () => {
  it('ten at once leave exactly one card number that opens the card; the others are refused', async () => {
    const created = (await svc.call('POST', '/api/members', { body: { phone: '13622220031' } })).body;
    await svc.call('POST', '/api/members/13622220031/recharge', { body: { amount: '100' }, key: 'rc-seed' });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        svc.call('POST', `/api/members/${created.id}/replace-card`, { body: {}, key: `replace-race-${i}` }),
      ),
    );
    const numbers = [
      ...new Set(answers.filter((a) => a.status === 200).map((a) => a.body.cardNumber as string)),
    ];
    const current = (await member(created.id)).cardNumber as string;
    const entries = await LedgerEntryModel.countDocuments();
    for (const n of [...numbers, created.cardNumber as string]) {
      const consume = await svc.call('POST', `/api/members/${n}/consume`, {
        body: { amount: '1' },
        key: `rc-${n}`,
      });
      if (n === current) expect(consume.status).toBe(200);
      else expect([n, consume.status, consume.body.error.code]).toEqual([n, 410, 'CARD_REPLACED']);
    }
    expect(await LedgerEntryModel.countDocuments()).toBe(entries + 1);
  });
});

describe('imported opening balances within the limits of every other door', () => {
  it('¥1,000,000 and 100,000,000 points are refused by row with the reason', async () => {
    const csv = [
      '手机号,姓名,性别,生日,余额,积分,标签',
      '13622220041,大额,,,1000000,,',
      '13622220042,多积分,,,,100000000,',
      '13622220043,正常,,,50000,1000000,',
    ].join('\n');
    const res = await fetch(`${svc.url}/api/imports/members?format=csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'idempotency-key': 'caps', 'content-type': 'text/csv' },
      body: csv,
    });
    const { id } = (await res.json()) as { id: string };
    const report = await eventually(async () => {
      const job = (await svc.call('GET', `/api/imports/${id}`)).body;
      return job.state === 'done' ? job : undefined;
    });
    expect(report.imported).toBe(1);
    expect(report.rejected).toEqual([
      { row: 2, phone: '13622220041', reason: '余额超过 50000 元上限' },
      { row: 3, phone: '13622220042', reason: '积分超过 1000000 上限' },
    ]);
  });
});

describe('exports safe in a spreadsheet', () => {
  it('a member named like a formula lands in members.csv as text, and negative amounts stay numbers', async () => {
    for (const [phone, name] of [
      ['13622220051', "=cmd|' /C calc'!A0"],
      ['13622220052', '=HYPERLINK("http://x","y")'],
      ['13622220053', '@SUM(1)'],
    ]) {
      expect((await svc.call('POST', '/api/members', { body: { phone, name } })).status).toBe(201);
    }
    const csv = (await svc.call('GET', '/api/exports/members.csv')).text;
    expect(csv).toContain(`'=cmd|' /C calc'!A0`);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toContain(`'@SUM(1)`);
    for (const line of csv.split('\n')) expect(line).not.toMatch(/(^|,)"?[=@+]/);
    const ledger = (await svc.call('GET', '/api/exports/ledger.csv')).text;
    expect(ledger).toMatch(/,-\d+\.\d{2},/);
  });
});

describe('phone numbers in log lines', () => {
  it('the service’s logger masks every phone: in objects, in sentences, in error messages and stacks', async () => {
    const { stdout } = await run('npx', ['tsx', 'test/support/log-worker.ts'], {
      env: { ...process.env, VITEST: '' },
      timeout: 60_000,
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(stdout).toContain('138****8000');
    expect(stdout).toContain('136****5678');
    expect(stdout).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });
});
