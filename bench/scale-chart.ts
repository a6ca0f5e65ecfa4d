// Draws bench/results/scale-*.json (written by `npm run bench -- scale`) as docs/scale.svg: for each
// engine, the median latency of each measure against the number of members, both axes logarithmic, so a
// flat line is a measure that does not grow with the programme.
import { writeFile } from 'node:fs/promises';
import { readResults, slowestFirst, type CommandTimes, type ScalePoint } from './scale-bench.js';

const ENGINES = ['FerretDB/SQLite', 'FerretDB/PostgreSQL'];
const WIDTH = 520;
const HEIGHT = 360;
const PAD = { left: 60, right: 150, top: 36, bottom: 44 };
const COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#637939',
  '#843c39',
];

const log = Math.log10;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function panel(engine: string, points: ScalePoint[], x0: number): string {
  const measures = Object.keys(points[0]!.p50);
  const all = points.flatMap((p) => Object.values(p.p50)).filter((v) => v > 0);
  const [yMin, yMax] = [Math.floor(log(Math.min(...all))), Math.ceil(log(Math.max(...all)))];
  const [xMin, xMax] = [log(points[0]!.members), log(points.at(-1)!.members)];
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const x = (members: number) => x0 + PAD.left + ((log(members) - xMin) / (xMax - xMin || 1)) * w;
  const y = (msValue: number) =>
    PAD.top + h - ((log(Math.max(msValue, 10 ** yMin)) - yMin) / (yMax - yMin || 1)) * h;
  const parts = [
    `<text x="${x0 + PAD.left}" y="20" font-weight="bold">${escape(engine)}: p50 ms against members</text>`,
  ];
  for (let e = yMin; e <= yMax; e++) {
    parts.push(
      `<line x1="${x0 + PAD.left}" x2="${x0 + PAD.left + w}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#ddd"/>`,
    );
    parts.push(
      `<text x="${x0 + PAD.left - 6}" y="${y(10 ** e) + 4}" text-anchor="end">${10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(-e)}</text>`,
    );
  }
  for (const p of points)
    parts.push(
      `<text x="${x(p.members)}" y="${HEIGHT - 20}" text-anchor="middle">${p.members.toLocaleString('en')}</text>`,
    );
  measures.forEach((m, i) => {
    const colour = COLOURS[i % COLOURS.length];
    // A measure not taken at a size (whole reads stop at 100,000) ends its line there, not at the axis.
    const line = points
      .filter((p) => (p.p50[m] ?? 0) > 0)
      .map((p) => `${x(p.members).toFixed(1)},${y(p.p50[m]!).toFixed(1)}`)
      .join(' ');
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${line}"/>`);
    parts.push(
      `<text x="${x0 + PAD.left + w + 8}" y="${PAD.top + 12 + i * 15}" fill="${colour}">${escape(m)}</text>`,
    );
  });
  return parts.join('\n');
}

export async function drawScaleChart(): Promise<void> {
  const panels: string[] = [];
  for (const engine of ENGINES) {
    const points = await readResults(engine);
    if (points?.length) panels.push(panel(engine, points, panels.length * WIDTH));
  }
  if (!panels.length) throw new Error('no results yet: run `npm run bench -- scale` first');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${panels.length * WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
${panels.join('\n')}
</svg>
`;
  await writeFile('docs/scale.svg', svg);
  console.log('drew docs/scale.svg\n');
  for (const engine of ENGINES) {
    const points = await readResults(engine);
    if (points?.length) console.log(markdownTable(engine, points));
  }
}

const fmt = (msValue: number | undefined) =>
  msValue === undefined
    ? '–'
    : msValue >= 1000
      ? `${(msValue / 1000).toFixed(1)} s`
      : `${msValue.toFixed(1)} ms`;

/** The window's command with the longest p99, e.g. "insert ledgerentries 10.9 ms". */
function slowestCommand(times: Record<string, CommandTimes> | undefined): string {
  const slowest = slowestFirst(times)[0];
  return slowest ? `${slowest[0]} ${fmt(slowest[1].p99)}` : '–';
}

/** The same figures as a table for docs/BENCHMARKS.md: p50 (p99 for the chat doors) at each size. */
function markdownTable(engine: string, points: ScalePoint[]): string {
  const sizes = points.map((p) => p.members.toLocaleString('en'));
  const first = points[0]!;
  const last = points.at(-1)!;
  const lines = [
    `| ${engine} | ${sizes.join(' | ')} | last ÷ first |`,
    `| --- | ${sizes.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const m of Object.keys(first.p50)) {
    const cells = points.map((p) => fmt(p.p50[m]) + (p.p99[m] !== undefined ? ` / ${fmt(p.p99[m])}` : ''));
    const ratio =
      last.p50[m] !== undefined ? (last.p99[m] ?? last.p50[m]!) / (first.p99[m] ?? first.p50[m]!) : NaN;
    lines.push(`| ${m} | ${cells.join(' | ')} | ${Number.isNaN(ratio) ? '–' : `${ratio.toFixed(2)}×`} |`);
  }
  lines.push(`| import rows/s | ${points.map((p) => Math.round(p.importRowsPerSecond)).join(' | ')} | |`);
  lines.push(
    `| export rows/s (peak RSS) | ${points.map((p) => `${Math.round(p.exportRowsPerSecond)} (${p.exportPeakRssMb} MB)`).join(' | ')} | |`,
  );
  lines.push(
    `| engine: insertMany docs/s | ${points.map((p) => Math.round(p.ceilingInsertDocsPerSecond)).join(' | ')} | |`,
  );
  lines.push(`| engine: findOne by _id | ${points.map((p) => fmt(p.ceilingFindByIdMs)).join(' | ')} | |`);
  lines.push(
    `| engine: insertOne into the ledger | ${points.map((p) => (p.ceilingLedgerInsertMs ? `${fmt(p.ceilingLedgerInsertMs.p50)} / ${fmt(p.ceilingLedgerInsertMs.p99)}` : '–')).join(' | ')} | |`,
  );
  for (const door of ['查余额', '消费'])
    lines.push(
      `| ${door}: slowest round trip, p99 | ${points.map((p) => slowestCommand(p.chatCommands?.[door])).join(' | ')} | |`,
    );
  lines.push(
    `| jobs busy during the chat windows | ${points.map((p) => (p.jobsDuringChat ? p.jobsDuringChat.join(', ') || 'none' : '–')).join(' | ')} | |`,
  );
  return lines.join('\n') + '\n';
}
