// A local stand-in for the Telegram Bot API (telegraf's apiRoot points here): records what the bot sends.
import http from 'node:http';

export interface SentMessage {
  chat_id: string;
  text: string;
}

export interface FakeTelegram {
  apiRoot: string;
  sent: SentMessage[];
  webhooks: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const sent: SentMessage[] = [];
  const webhooks: Array<Record<string, unknown>> = [];
  let messageId = 100;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      let result: unknown = true;
      if (method === 'getMe')
        result = { id: 4242, is_bot: true, first_name: 'Huiyuan', username: 'huiyuan_test_bot' };
      else if (method === 'setWebhook') webhooks.push(body);
      else if (method === 'sendMessage') {
        sent.push({ chat_id: String(body.chat_id), text: String(body.text) });
        result = {
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: body.chat_id },
          text: body.text,
        };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    apiRoot: `http://127.0.0.1:${address.port}`,
    sent,
    webhooks,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
