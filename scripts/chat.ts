// `npm run chat -- --as alice [--group store-1] [--url http://127.0.0.1:3000] [--token …]`:
// talks to a running Huiyuan as a user of the http channel, showing replies as a chat would. Lines can be
// typed or piped in (`printf '查积分\n会员卡\n' | npm run chat -- --as alice`): every line is answered in
// order, one at a time, and the end of input ends the session with exit code 0.
import { readFileSync } from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    as: { type: 'string', default: 'alice' },
    group: { type: 'string' },
    url: {
      type: 'string',
      default: process.env.HUIYUAN_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`,
    },
    token: { type: 'string' },
  },
});

function token(): string {
  if (values.token) return values.token;
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  try {
    return readFileSync(`${process.env.DATA_DIR ?? '.data'}/admin-token`, 'utf8').trim();
  } catch {
    console.error(
      'No token: pass --token, set ADMIN_TOKEN, or run from the folder where npm start made .data/',
    );
    process.exit(2);
  }
}

interface Reply {
  type: 'text' | 'news';
  text?: string;
  articles?: Array<{ title: string; description: string }>;
}

const bearer = token();
const interactive = process.stdin.isTTY === true;
const where = values.group ? `group ${values.group}` : 'private chat';
if (interactive) console.log(`Chatting as "${values.as}" in ${where} with ${values.url}. Ctrl-D to leave.\n`);
const rl = readline.createInterface({ input: process.stdin, terminal: interactive });
const prompt = () => {
  if (interactive) process.stdout.write(`${values.as}> `);
};

let seq = 0;
async function send(line: string): Promise<void> {
  const res = await fetch(`${values.url}/api/bot/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      channel: 'http',
      messageId: `cli-${process.pid}-${Date.now()}-${++seq}`,
      from: { id: values.as },
      chat: values.group ? { id: values.group, kind: 'group' } : { id: values.as, kind: 'private' },
      text: line,
    }),
  }).catch((err: Error) => ({
    ok: false,
    status: 0,
    json: async () => ({ error: { message: err.message } }),
  }));
  const body = (await res.json()) as { replies?: Reply[]; error?: { message: string } };
  if (!res.ok) {
    console.log(`  (error ${res.status}: ${body.error?.message})`);
    return;
  }
  if (!body.replies?.length) console.log('  (no reply)');
  for (const r of body.replies ?? []) {
    const text = r.text ?? (r.articles ?? []).map((a) => `【${a.title}】\n${a.description}`).join('\n');
    console.log(text.replace(/^/gm, '  bot│ '));
  }
}

// The async iterator hands lines over one at a time, keeping those that arrive while a request runs.
prompt();
for await (const line of rl) {
  if (line.trim()) {
    if (!interactive) console.log(`${values.as}> ${line}`);
    await send(line);
  }
  prompt();
}
if (interactive) console.log();
