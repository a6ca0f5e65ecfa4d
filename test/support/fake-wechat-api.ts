// A local stand-in for api.weixin.qq.com: issues tokens, records messages, can refuse a token once, and
// answers the member-card API (卡券 · 会员卡) the way WeChat does, including its errcodes.
import http from 'node:http';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FakeCardUpdate {
  code: string;
  card_id: string;
  bonus?: number;
  balance?: number;
  add_bonus?: number;
  add_balance?: number;
  record_bonus?: string;
  record_balance?: string;
  custom_field_value1?: string;
}

export interface FakeWechatApi {
  base: string;
  tokensIssued: number;
  custom: Array<{ touser: string; text: string; token: string }>;
  templates: Array<{ touser: string; template_id: string; text: string }>;
  /** Every API call (not stable_token), in arrival order, failed ones too. */
  calls: Array<{ path: string; body: Json; token: string }>;
  /** Cards made by /card/create, by card_id, with later /card/update changes merged in. */
  cards: Map<string, Json>;
  /** activateuserform/set bodies, by card_id. */
  userForms: Map<string, Json>;
  /** membercard/activate bodies, by code. */
  activations: Map<string, Json>;
  /** Accepted membercard/updateuser calls, in the order they were applied. */
  updates: FakeCardUpdate[];
  /** How long membercard/updateuser takes to answer, so a test can make calls overlap. */
  updateDelayMs: number;
  /** The next API call with this token answers 40001. */
  revoke(token: string): void;
  /** The next `times` calls to this path answer this errcode before doing anything. */
  failNext(path: string, errcode: number, times?: number): void;
  /** What activatetempinfo/get answers for this activate_ticket. */
  addActivateTicket(ticket: string, info: { phone: string }): void;
  /** What membercard/userinfo/get answers for this code. */
  setUserInfo(code: string, info: { openid: string; phone?: string }): void;
  /** The user deleted the card (or gave it away): calls on this code answer 40127. */
  deleteCode(code: string): void;
  /** An encrypt_code that /card/code/decrypt turns back into this code. */
  encryptCode(code: string): string;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential',
  40056: 'invalid code',
  40071: 'invalid card type',
  40097: 'invalid args',
  40127: 'user deleted card or card given to friend',
  41011: 'missing required field',
  41012: 'missing card_id',
  45021: 'field size out of limit',
  47001: 'data format error',
};
const fail = (errcode: number) => ({ errcode, errmsg: ERRMSG[errcode] ?? 'error' });
const ok = (more: Json = {}) => ({ errcode: 0, errmsg: 'ok', ...more });
const mobile = (value?: string) =>
  value === undefined ? [] : [{ name: 'USER_FORM_INFO_FLAG_MOBILE', value }];
// WeChat limits record_* to 14 characters, not bytes: spread counts code points.
const tooLong = (s: unknown) => typeof s === 'string' && [...s].length > 14;

function merge(into: Json, changes: Json): Json {
  for (const [k, v] of Object.entries(changes)) {
    const both = v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object';
    into[k] = both ? merge(into[k], v) : v;
  }
  return into;
}

export async function startFakeWechatApi(): Promise<FakeWechatApi> {
  const revoked = new Set<string>();
  const failures = new Map<string, { errcode: number; times: number }>();
  const tickets = new Map<string, { phone: string }>();
  const users = new Map<string, { openid: string; phone?: string }>();
  const deleted = new Set<string>();
  const wallets = new Map<string, { bonus: number; balance: number }>();
  let cardSeq = 0;
  let qrSeq = 0;
  const api: Omit<FakeWechatApi, 'base' | 'close'> = {
    tokensIssued: 0,
    custom: [],
    templates: [],
    calls: [],
    cards: new Map(),
    userForms: new Map(),
    activations: new Map(),
    updates: [],
    updateDelayMs: 0,
    revoke: (t) => revoked.add(t),
    failNext: (path, errcode, times = 1) => failures.set(path, { errcode, times }),
    addActivateTicket: (ticket, info) => tickets.set(ticket, info),
    setUserInfo: (code, info) => users.set(code, info),
    deleteCode: (code) => deleted.add(code),
    encryptCode: (code) => Buffer.from(`enc:${code}`).toString('base64'),
  };
  const wallet = (code: string) => wallets.get(code) ?? { bonus: 0, balance: 0 };

  const routes: Record<string, (body: Json, token: string) => unknown> = {
    '/cgi-bin/message/custom/send': (body, token) => {
      api.custom.push({ touser: body.touser, text: body.text.content, token });
      return ok();
    },
    '/cgi-bin/message/template/send': (body) => {
      api.templates.push({
        touser: body.touser,
        template_id: body.template_id,
        text: body.data.content.value,
      });
      return ok({ msgid: 1 });
    },
    '/card/create': (body) => {
      // WeChat wants the object named after the type: card_type MEMBER_CARD carries card.member_card.
      const type = body.card?.card_type;
      if (typeof type !== 'string' || !body.card[type.toLowerCase()]) return fail(41011);
      const cardId = `p-card-${++cardSeq}`;
      api.cards.set(cardId, body.card);
      return ok({ card_id: cardId });
    },
    '/card/update': (body) => {
      if (!body.card_id) return fail(41012);
      const card = api.cards.get(body.card_id);
      if (!card) return fail(40071);
      merge(card, { member_card: body.member_card ?? {} });
      return ok({ send_check: false });
    },
    '/card/qrcode/create': () => {
      const n = ++qrSeq;
      return ok({
        ticket: `t-${n}`,
        url: `http://weixin.qq.com/q/${n}`,
        show_qrcode_url: `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=t-${n}`,
      });
    },
    '/card/membercard/activateuserform/set': (body) => {
      if (!body.card_id) return fail(41012);
      api.userForms.set(body.card_id, body);
      return ok();
    },
    '/card/membercard/activate': (body) => {
      if (!body.code || !body.membership_number) return fail(41011);
      if (deleted.has(body.code)) return fail(40127);
      api.activations.set(body.code, body);
      wallets.set(body.code, { bonus: body.init_bonus ?? 0, balance: body.init_balance ?? 0 });
      return ok();
    },
    '/card/membercard/activatetempinfo/get': (body) => {
      const info = tickets.get(body.activate_ticket);
      if (!info) return fail(40097);
      return ok({ info: { common_field_list: mobile(info.phone) } });
    },
    '/card/membercard/userinfo/get': (body) => {
      if (deleted.has(body.code)) return fail(40127);
      const user = users.get(body.code);
      if (!user) return fail(40056);
      const activation = api.activations.get(body.code);
      return ok({
        openid: user.openid,
        membership_number: activation?.membership_number,
        has_active: !!activation,
        ...wallet(body.code),
        user_info: { common_field_list: mobile(user.phone) },
      });
    },
    '/card/membercard/updateuser': async (body) => {
      if (!body.code) return fail(41011);
      if (deleted.has(body.code)) return fail(40127);
      if (tooLong(body.record_bonus) || tooLong(body.record_balance)) return fail(45021);
      if (api.updateDelayMs) await new Promise((r) => setTimeout(r, api.updateDelayMs));
      const keys = ['code', 'card_id', 'bonus', 'balance', 'add_bonus', 'add_balance'] as const;
      const more = ['record_bonus', 'record_balance', 'custom_field_value1'] as const;
      const fields = [...keys, ...more].filter((k) => body[k] !== undefined);
      api.updates.push(Object.fromEntries(fields.map((k) => [k, body[k]])) as FakeCardUpdate);
      // Absolute bonus/balance override add_*, as WeChat documents.
      const w = wallet(body.code);
      const next = {
        bonus: body.bonus ?? w.bonus + (body.add_bonus ?? 0),
        balance: body.balance ?? w.balance + (body.add_balance ?? 0),
      };
      wallets.set(body.code, next);
      const openid = users.get(body.code)?.openid ?? `o_${body.code}`;
      return ok({ result_bonus: next.bonus, result_balance: next.balance, openid });
    },
    '/card/code/decrypt': (body) => {
      const text = typeof body.encrypt_code === 'string' ? body.encrypt_code : '';
      const plain = Buffer.from(text, 'base64').toString();
      const valid = plain.startsWith('enc:') && api.encryptCode(plain.slice(4)) === text;
      return valid ? ok({ code: plain.slice(4) }) : fail(40056);
    },
  };

  const answer = async (path: string, body: Json, token: string): Promise<unknown> => {
    api.calls.push({ path, body, token });
    const failure = failures.get(path);
    if (failure) {
      if (--failure.times <= 0) failures.delete(path);
      return fail(failure.errcode);
    }
    if (revoked.delete(token)) return fail(40001);
    const route = routes[path];
    return route ? route(body, token) : { errcode: 40004, errmsg: 'unknown path' };
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (o: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      if (url.pathname === '/cgi-bin/stable_token') {
        api.tokensIssued++;
        return setTimeout(() => send({ access_token: `token-${api.tokensIssued}`, expires_in: 7200 }), 50);
      }
      // A body that is not JSON, or lacks what a route reads, is WeChat's 47001 rather than a crashed fake.
      const token = url.searchParams.get('access_token') ?? '';
      Promise.resolve()
        .then(() => answer(url.pathname, raw ? (JSON.parse(raw) as Json) : {}, token))
        .catch(() => fail(47001))
        .then(send);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(api, {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
