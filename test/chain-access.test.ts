// Roles for a chain: every admin API route and every store command is tried with every credential a
// chain hands out (总部, the store's manager, another store's manager, a cashier, an agent, an
// integration); the answers must be what the README's access tables say, and the tables what the code
// says. A store manager's reports, exports, imports, segments, campaigns and coupons reach their stores only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { readFile } from 'node:fs/promises';
import { API_ROUTES } from '../src/adapters/http/app.js';
import { accessOf, CREDENTIALS } from '../src/adapters/http/access-table.js';
import { STAFF_COMMANDS } from '../src/bot/commands/index.js';
import { CHAT_CREDENTIALS, mayRun } from '../src/bot/commands/command-table.js';
import { accessTables } from '../scripts/readme-access.js';

let svc: TestService;
const tokens: Record<string, string> = {};
/** Each credential's own chat account. */
const chatIds: Record<string, string> = {
  owner: 'owner-1',
  manager: 'manager-1',
  otherManager: 'manager-2',
  cashier: 'cashier-1',
  agent: 'agent-1',
  integration: 'kiosk-user',
};
const sample: Record<string, string> = {};

beforeAll(async () => {
  svc = await startTestService();
  const staff = (await svc.call('GET', '/api/staff')).body.staff as Array<{ id: string; name: string }>;
  const idOf = (name: string) => staff.find((s) => s.name === name)!.id;
  const stores = (await svc.call('GET', '/api/stores')).body.stores as Array<{ id: string; code: string }>;
  sample.s001 = stores.find((s) => s.code === 'S001')!.id;
  sample.s002 = (await svc.call('POST', '/api/stores', { body: { code: 'S002', name: '二店' } })).body.id;
  const other = await svc.call('POST', '/api/staff', {
    body: { name: '二店店长', roles: ['manager'], storeIds: [sample.s002] },
  });
  await svc.call('POST', `/api/staff/${other.body.id}/identities`, {
    body: { channel: 'http', externalId: 'manager-2' },
  });
  await svc.call('POST', `/api/stores/${sample.s002}/groups`, {
    body: { channel: 'http', chatId: 'store-2' },
  });
  const issue = async (staffId: string) =>
    (await svc.call('POST', `/api/staff/${staffId}/tokens`, { body: {} })).body.token as string;
  tokens.owner = await issue(idOf('总部王总'));
  tokens.manager = await issue(idOf('店长老李'));
  tokens.otherManager = await issue(other.body.id);
  tokens.cashier = await issue(idOf('收银员小王'));
  tokens.agent = await issue(idOf('客服小张'));
  tokens.integration = (await svc.call('POST', '/api/integrations', { body: { label: 'kiosk' } })).body.token;
  sample.cashierStaff = idOf('收银员小王');

  // S001's own records, which another store's manager must not reach.
  const member = await svc.call('POST', '/api/members', {
    body: { phone: '13611110001', name: '一店会员', storeId: sample.s001 },
  });
  sample.member = member.body.id;
  sample.template = (
    await svc.call('POST', '/api/coupon-templates', {
      body: { name: '一店券', type: 'cash', valueFen: 100, storeIds: [sample.s001] },
      token: tokens.manager,
    })
  ).body.id;
  sample.segment = (
    await svc.call('POST', '/api/segments', { body: { name: '一店会员', filter: {} }, token: tokens.manager })
  ).body.id;
  sample.campaign = (
    await svc.call('POST', '/api/campaigns', {
      body: { name: '一店活动', segmentId: sample.segment, message: '一店欢迎您', sendOn: '2099-01-01' },
      key: 'campaign-s001',
      token: tokens.manager,
    })
  ).body.id;
  const imported = await fetch(`${svc.url}/api/imports/members?format=csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.manager}` },
    body: '手机号,姓名,性别,生日,余额,积分,标签\n13611110002,导入会员,,,,,\n',
  });
  sample.import = ((await imported.json()) as { id: string }).id;
});
afterAll(async () => {
  await svc?.stop();
});

/** A request for a route that, where the route is store-bound, names S001's records. */
function requestFor(path: string, who: string): { path: string; body?: unknown; raw?: string } {
  const params: Record<string, string> = {
    id: path.startsWith('/api/coupon-templates')
      ? sample.template!
      : path.startsWith('/api/imports')
        ? sample.import!
        : path.startsWith('/api/segments')
          ? sample.segment!
          : path.startsWith('/api/campaigns')
            ? sample.campaign!
            : path.startsWith('/api/stores')
              ? sample.s001!
              : path.startsWith('/api/staff')
                ? sample.cashierStaff!
                : path.startsWith('/api/tickets')
                  ? 'T-none'
                  : sample.member!,
    sn: 'NOSUCHSN',
    format: 'csv',
    code: 'silver',
    jobId: 'none',
    userId: chatIds[who]!,
  };
  const filled = path.replace(/:(\w+)/g, (_, name: string) => params[name]!);
  const bodies: Record<string, unknown> = {
    '/api/coupon-templates': { name: '券', type: 'cash', valueFen: 100, storeIds: [sample.s001] },
    '/api/coupon-templates/:id/issue': { count: 1 },
    '/api/segments/preview': { storeIds: [sample.s001] },
    '/api/segments': { name: '分群', filter: { storeIds: [sample.s001] } },
    '/api/campaigns': { name: '活动', segmentId: sample.segment, message: '你好' },
    '/api/bot/messages': {
      channel: 'http',
      messageId: `walk-${who}-${Math.random()}`,
      from: { id: chatIds[who] },
      chat: { id: chatIds[who], kind: 'private' },
      text: '帮助',
    },
  };
  const queries: Record<string, string> = {
    '/api/exports/ledger.:format': `?storeId=${sample.s001}`,
    '/api/imports/members': `?format=csv&storeId=${sample.s001}`,
  };
  return {
    path: filled + (queries[path] ?? ''),
    ...(path === '/api/imports/members' ? { raw: '手机号\n' } : { body: bodies[path] ?? {} }),
  };
}

/** An upload: the file as the body, as a browser or curl sends it. */
async function rawCall(path: string, token: string, key: string, body: string) {
  const res = await fetch(`${svc.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'text/csv' },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/** Routes where a store manager's call is narrowed to their stores rather than refused. */
const NARROWED = new Set([
  'GET /api/segments',
  'GET /api/reports/daily',
  'GET /api/coupon-templates',
  'GET /api/campaigns',
  'GET /api/reports/monthly',
  'GET /api/reports/monthly.xlsx',
  'GET /api/exports/members.:format',
  'GET /api/imports/members/template.:format',
]);

describe('every route with every credential', () => {
  it('the README’s access tables are the ones the route table and the command registry make', async () => {
    expect(await readFile('README.md', 'utf8')).toContain(await accessTables());
  });

  it('each credential is refused exactly where the table says, and a store manager at another store’s records', async () => {
    const mismatches: string[] = [];
    for (const spec of API_ROUTES) {
      const name = `${spec.method.toUpperCase()} ${spec.path}`;
      for (const credential of CREDENTIALS) {
        const access = accessOf(spec, credential);
        const req = requestFor(spec.path, credential.key);
        const key = `walk-${credential.key}-${spec.method}-${spec.path.replace(/[^a-z]/gi, '')}`;
        const res =
          req.raw !== undefined
            ? await rawCall(req.path, tokens[credential.key]!, key, req.raw)
            : await svc.call(spec.method.toUpperCase(), req.path, {
                token: tokens[credential.key]!,
                key,
                ...(spec.method === 'get' ? {} : { body: req.body }),
              });
        const refusedByStore =
          access === 'own-stores' && credential.key === 'otherManager' && !NARROWED.has(name);
        const expected = access === 'no' || refusedByStore ? 'refused' : 'answered';
        const got = res.status === 403 || res.status === 401 ? 'refused' : 'answered';
        if (res.status >= 500)
          mismatches.push(`${name} as ${credential.key}: ${res.status} (a crash is no answer)`);
        if (expected !== got)
          mismatches.push(`${name} as ${credential.key}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('the chain’s settings are 总部’s: a store manager cannot set 1 point per fen', async () => {
    const rules = (await svc.call('GET', '/api/programme')).body.rules;
    const asked = { ...rules, fenPerPoint: 1 };
    const refused = await svc.call('PUT', '/api/programme/rules', {
      body: asked,
      token: tokens.otherManager,
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await svc.call('GET', '/api/programme')).body.rules.fenPerPoint).toBe(rules.fenPerPoint);
  });

  it('another store’s manager reads their own store’s month and members, never S001’s', async () => {
    const report = (await svc.call('GET', '/api/reports/monthly', { token: tokens.otherManager })).body;
    expect(report.stores.map((s: { code: string }) => s.code)).toEqual(['S002']);
    expect([report.headquarters, report.outstanding]).toEqual([null, null]);
    const members = await svc.call('GET', '/api/exports/members.csv', { token: tokens.otherManager });
    expect(members.status).toBe(200);
    expect(members.text).not.toContain('13611110001');
    expect(members.text).not.toContain('13800138000');
    const own = await svc.call('GET', '/api/exports/members.csv', { token: tokens.manager });
    expect(own.text).toContain('13611110001');
    const segments = (await svc.call('GET', '/api/segments', { token: tokens.otherManager })).body.segments;
    expect(segments.map((s: { id: string }) => s.id)).not.toContain(sample.segment);
  });

  it('a coupon valid at every store is 总部’s to make; a store manager’s is for their stores', async () => {
    const everywhere = { name: '全场券', type: 'cash', valueFen: 100 };
    const refused = await svc.call('POST', '/api/coupon-templates', {
      body: everywhere,
      token: tokens.manager,
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'NOT_STAFF_OF_STORE']);
    expect(
      (await svc.call('POST', '/api/coupon-templates', { body: everywhere, token: tokens.owner })).status,
    ).toBe(201);
  });

  it('opening stored value is imported by 总部; a store manager imports profiles only', async () => {
    const upload = (token: string, key: string, csv: string) =>
      fetch(`${svc.url}/api/imports/members?format=csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'text/csv' },
        body: csv,
      });
    const header = '手机号,姓名,性别,生日,余额,积分,标签';
    const money = await upload(tokens.manager!, 'open-1', `${header}\n13611110031,甲,,,50000,,\n`);
    expect(money.status).toBe(403);
    expect((await upload(tokens.manager!, 'open-2', `${header}\n13611110032,乙,,,0,,\n`)).status).toBe(202);
    expect((await upload(tokens.owner!, 'open-3', `${header}\n13611110033,丙,,,100,10,\n`)).status).toBe(202);
  });

  it('总部 cannot make itself an admin', async () => {
    const res = await svc.call('POST', '/api/staff', {
      body: { name: '假管理员', roles: ['admin'] },
      token: tokens.owner,
    });
    expect(res.status).toBe(403);
    expect(
      (await svc.call('GET', '/api/staff', { token: ADMIN })).body.staff.map((s: { name: string }) => s.name),
    ).not.toContain('假管理员');
  });
});

describe('every store command with every person in the store’s group', () => {
  const REFUSED = /只有本店登记的店员|需要店长权限|需要总部权限|需要收银员或店长|只有管理员/;
  const SAMPLES: Record<string, string> = {
    bindStore: '绑定门店 S001',
    consume: '消费 13800138000 1',
    recharge: '充值 13800138000 1',
    points: '积分 13800138000 +1 测试',
    redeem: '核销 NOSUCHSN',
    reverse: '冲正 NOSUCH',
    refund: '退款 NOSUCH 测试',
    report: '日报',
    monthlyReport: '月报',
    openCard: '开卡 13611110009',
    sellCountCard: '售次卡 13800138000 NOPLAN',
    useCountCard: '核次 13800138000 洗车',
    tag: '打标签 13800138000 熟客',
    untag: '去标签 13800138000 熟客',
    lookup: '查 13800138000',
    freeze: '冻结 13611110001 测试',
    unfreeze: '解冻 13611110001',
    reportLost: '挂失 13611110001',
    replaceCard: '补卡 13611110001',
    resetPassword: '重置密码 13611110001',
    recomputeLevels: '更新等级',
    levels: '等级',
    rules: '规则',
    confirm: '确认',
    help: '帮助',
  };

  it('each is answered or refused as the table says', async () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(STAFF_COMMANDS.map((c) => c.kind).sort());
    const mismatches: string[] = [];
    for (const spec of STAFF_COMMANDS) {
      for (const who of CHAT_CREDENTIALS) {
        const reply = (await svc.say(chatIds[who.key]!, SAMPLES[spec.kind]!, { group: 'store-1' })).join(
          '\n',
        );
        const expected = mayRun(spec, who) ? 'answered' : 'refused';
        const got = REFUSED.test(reply) ? 'refused' : 'answered';
        if (expected !== got) mismatches.push(`${spec.kind} as ${who.key}: ${reply.slice(0, 80)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
