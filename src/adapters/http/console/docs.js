// Renders /api/openapi.json as one section per tag: method, path, summary, roles, body and query fields.
const doc = await (await fetch('/api/openapi.json')).json();
const main = document.getElementById('docs');
const el = (tag, text, cls) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};
const byTag = new Map();
for (const [path, methods] of Object.entries(doc.paths ?? {})) {
  for (const [method, op] of Object.entries(methods)) {
    const tag = op.tags?.[0] ?? 'other';
    byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method, op }]);
  }
}
main.replaceChildren(el('p', `${doc.info?.title ?? 'API'} ${doc.info?.version ?? ''}`));
for (const [tag, ops] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) {
  main.append(el('h2', tag));
  const table = el('table');
  for (const { path, method, op } of ops) {
    const tr = el('tr');
    tr.append(el('td', method.toUpperCase()), el('td', path), el('td', op.summary ?? ''));
    const schema = op.requestBody?.content?.['application/json']?.schema;
    const fields = [
      ...Object.keys(schema?.properties ?? {}).map((f) => `body.${f}`),
      ...(op.parameters ?? []).filter((p) => p.in === 'query').map((p) => `?${p.name}`),
    ];
    tr.append(el('td', fields.join(' ')));
    table.append(tr);
  }
  main.append(table);
}
