// The managers' and agents' console: plain DOM over the admin API, signed in with a token kept for the tab.
const $ = (id) => document.getElementById(id);
const yuan = (fen) => `¥${(fen / 100).toFixed(2)}`;
let token = sessionStorage.getItem('huiyuan-token') ?? '';
let currentMember = null;
let currentTicket = null;
const charts = {};

async function api(method, path, body, headers = {}) {
  const res = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body && !(body instanceof Blob) ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body instanceof Blob ? body : body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error?.message ?? `HTTP ${res.status}`);
  return data;
}

function rows(table, items, cells, onClick) {
  const body = $(table).querySelector('tbody');
  body.replaceChildren(
    ...items.map((item) => {
      const tr = document.createElement('tr');
      for (const text of cells(item)) {
        const td = document.createElement('td');
        td.textContent = String(text ?? '');
        tr.append(td);
      }
      if (onClick) {
        tr.className = 'clickable';
        tr.addEventListener('click', () => onClick(item));
      }
      return tr;
    }),
  );
}

function show(tab) {
  for (const section of document.querySelectorAll('.tab')) section.hidden = section.id !== tab;
  for (const button of document.querySelectorAll('nav button[data-tab]')) {
    button.classList.toggle('active', button.dataset.tab === tab);
  }
  if (tab === 'tickets') loadTickets().catch(alertError);
  if (tab === 'reports') loadReports().catch(alertError);
}

const alertError = (err) => alert(err.message);

async function signIn(given) {
  token = given;
  await api('GET', '/api/members?limit=1');
  sessionStorage.setItem('huiyuan-token', token);
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  show('members');
}

$('sign-in-form').addEventListener('submit', (e) => {
  e.preventDefault();
  signIn($('token').value.trim()).catch(() => ($('sign-in-error').textContent = '令牌无效或没有权限'));
});
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem('huiyuan-token');
  location.reload();
});
for (const button of document.querySelectorAll('nav button[data-tab]')) {
  button.addEventListener('click', () => show(button.dataset.tab));
}

// Members: search, detail, freeze.
$('search-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = $('search').value.trim();
  const found = /^\d{10,11}$/.test(q)
    ? await api('GET', `/api/members?${q.length === 11 ? 'phone' : 'card'}=${q}`)
    : await api('GET', `/api/members?q=${encodeURIComponent(q)}`);
  rows(
    'member-list',
    found.members,
    (m) => [
      m.cardNumber,
      m.name,
      m.phone,
      yuan(m.balanceFen),
      `${m.points} 积分`,
      m.status === 'frozen' ? '冻结' : '正常',
    ],
    openMember,
  );
});

async function openMember(m) {
  const [member, history, tags] = await Promise.all([
    api('GET', `/api/members/${m.id}`),
    api('GET', `/api/members/${m.id}/history?limit=20`),
    api('GET', `/api/members/${m.id}/tags`).catch(() => ({ tags: [] })),
  ]);
  currentMember = member;
  $('member-detail').hidden = false;
  $('member-title').textContent = `${member.name ?? '会员'}（卡号 ${member.cardNumber}）`;
  $('member-facts').textContent =
    `手机 ${member.phone} · 余额 ${yuan(member.balanceFen)} · 积分 ${member.points} · 累计消费 ${yuan(member.totalSpendFen)}`;
  $('member-status').textContent =
    member.status === 'frozen' ? `冻结（${member.frozen?.reason ?? ''}）` : '正常';
  $('member-tags').textContent = tags.tags.length ? `标签：${tags.tags.join('、')}` : '';
  rows('member-history', history.entries, (e) => [
    e.no,
    e.at.slice(0, 16).replace('T', ' '),
    e.kind,
    yuan(e.balanceDeltaFen),
    e.pointsDelta,
    yuan(e.balanceAfterFen),
  ]);
}

$('freeze').addEventListener('click', async () => {
  const reason = prompt('冻结原因');
  if (!reason) return;
  await api(
    'POST',
    `/api/members/${currentMember.id}/freeze`,
    { reason },
    { 'idempotency-key': crypto.randomUUID() },
  ).catch(alertError);
  await openMember(currentMember);
});
$('unfreeze').addEventListener('click', async () => {
  await api('POST', `/api/members/${currentMember.id}/unfreeze`, undefined, {
    'idempotency-key': crypto.randomUUID(),
  }).catch(alertError);
  await openMember(currentMember);
});

// The complaints desk: queue, reply, close.
async function loadTickets() {
  const { tickets } = await api('GET', '/api/tickets');
  rows('ticket-list', tickets, (t) => [t.id, t.status, t.sla, t.text.slice(0, 40)], openTicket);
}

async function openTicket(t) {
  currentTicket = await api('GET', `/api/tickets/${t.id}`);
  $('ticket-detail').hidden = false;
  $('ticket-title').textContent = `工单 ${currentTicket.id}（${currentTicket.status}）`;
  $('ticket-messages').replaceChildren(
    ...currentTicket.messages.map((m) => {
      const li = document.createElement('li');
      li.textContent = `${m.from}：${m.text}`;
      return li;
    }),
  );
}

$('send-reply').addEventListener('click', async () => {
  const text = $('ticket-reply').value.trim();
  if (!text) return;
  await api('POST', `/api/tickets/${currentTicket.id}/reply`, { text }).catch(alertError);
  $('ticket-reply').value = '';
  await openTicket(currentTicket);
  await loadTickets();
});
$('close-ticket').addEventListener('click', async () => {
  await api('POST', `/api/tickets/${currentTicket.id}/close`, {}).catch(alertError);
  await openTicket(currentTicket);
  await loadTickets();
});

// Reports: the month's table, the trend of six months, the level distribution.
function monthsBack(month, n) {
  const [y, m] = month.split('-').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

function draw(id, config) {
  charts[id]?.destroy();
  charts[id] = new Chart($(id), config);
  window.huiyuanCharts = charts;
}

async function loadReports() {
  if (!$('report-month').value) $('report-month').value = new Date().toISOString().slice(0, 7);
  const month = $('report-month').value;
  const months = monthsBack(month, 6);
  const reports = await Promise.all(months.map((m) => api('GET', `/api/reports/monthly?month=${m}`)));
  const r = reports.at(-1).overall;
  rows(
    'report-table',
    [
      ['消费', `${r.consumeCount} 笔`, yuan(r.consumeFen)],
      ['充值', `${r.rechargeCount} 笔`, `${yuan(r.rechargePaidFen)}（赠送 ${yuan(r.rechargeBonusFen)}）`],
      ['积分', `发放 ${r.pointsIssued}`, `使用 ${r.pointsTaken}`],
      ['冲正', `${r.reversalCount} 笔`, `退回消费 ${yuan(r.reversedConsumeFen)}`],
      ['新会员', `${r.newMembers} 位`, ''],
    ],
    (line) => line,
  );
  draw('trend-chart', {
    type: 'bar',
    data: {
      labels: months,
      datasets: [
        {
          label: '消费（元）',
          data: reports.map((x) => x.overall.consumeFen / 100),
          backgroundColor: '#1f6f50',
        },
      ],
    },
    options: { animation: false },
  });
  const { levels } = await api('GET', '/api/programme');
  const sizes = await Promise.all(
    levels.map((l) => api('POST', '/api/segments/preview', { levels: [l.code] }).then((s) => s.size)),
  );
  draw('level-chart', {
    type: 'doughnut',
    data: { labels: levels.map((l) => l.name), datasets: [{ data: sizes }] },
    options: { animation: false },
  });
}
$('report-month').addEventListener('change', () => loadReports().catch(alertError));

// Import with a progress bar, then the rows that were refused and why.
$('template-link').addEventListener('click', async (e) => {
  e.preventDefault();
  const res = await fetch('/api/imports/members/template.xlsx', {
    headers: { authorization: `Bearer ${token}` },
  });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = 'member-import-template.xlsx';
  link.click();
});
$('import-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('import-file').files[0];
  const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
  const started = await api('POST', `/api/imports/members?format=${format}`, file, {
    'idempotency-key': crypto.randomUUID(),
  }).catch(alertError);
  if (!started) return;
  $('import-progress').hidden = false;
  for (;;) {
    const job = await api('GET', `/api/imports/${started.id}`);
    $('import-progress').value = job.progress;
    $('import-summary').textContent =
      `已处理 ${job.processed}/${job.total}，导入 ${job.imported}，拒绝 ${job.rejected.length}`;
    if (job.state === 'done') {
      rows('import-rejected', job.rejected, (r) => [`第 ${r.row} 行`, r.phone, r.reason]);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

if (token) signIn(token).catch(() => sessionStorage.removeItem('huiyuan-token'));
