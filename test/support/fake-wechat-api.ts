// A local stand-in for api.weixin.qq.com: issues tokens, records messages, can refuse a token once.
import http from 'node:http';

export interface FakeWechatApi {
  base: string;
  tokensIssued: number;
  custom: Array<{ touser: string; text: string; token: string }>;
  templates: Array<{ touser: string; template_id: string; text: string }>;
  /** The next API call with this token answers 40001. */
  revoke(token: string): void;
  close(): Promise<void>;
}

export async function startFakeWechatApi(): Promise<FakeWechatApi> {
  const revoked = new Set<string>();
  const api: Omit<FakeWechatApi, 'base' | 'close'> & { revoke(t: string): void } = {
    tokensIssued: 0,
    custom: [],
    templates: [],
    revoke: (t) => revoked.add(t),
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = raw ? (JSON.parse(raw) as Record<string, any>) : {}; // eslint-disable-line @typescript-eslint/no-explicit-any
      const send = (o: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      if (url.pathname === '/cgi-bin/stable_token') {
        api.tokensIssued++;
        return setTimeout(() => send({ access_token: `token-${api.tokensIssued}`, expires_in: 7200 }), 50);
      }
      const token = url.searchParams.get('access_token') ?? '';
      if (revoked.has(token)) {
        revoked.delete(token);
        return send({ errcode: 40001, errmsg: 'invalid credential' });
      }
      if (url.pathname === '/cgi-bin/message/custom/send') {
        api.custom.push({ touser: body.touser, text: body.text.content, token });
        return send({ errcode: 0, errmsg: 'ok' });
      }
      if (url.pathname === '/cgi-bin/message/template/send') {
        api.templates.push({
          touser: body.touser,
          template_id: body.template_id,
          text: body.data.content.value,
        });
        return send({ errcode: 0, errmsg: 'ok', msgid: 1 });
      }
      send({ errcode: 40004, errmsg: 'unknown path' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(api, {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as FakeWechatApi;
}
