// The domain's folders depend on each other one way only: no folder imports a folder that imports it
// back, directly or round a loop (type-only imports count: they are dependencies a reader follows too).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOMAIN = join(import.meta.dirname, '..', 'src', 'domain');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The folder of src/domain a file is in; files at its top are shared by all and belong to none. */
const folderOf = (path: string) => {
  const parts = relative(DOMAIN, path).split(sep);
  return parts.length > 1 ? parts[0]! : null;
};

/** folder → the folders its files import, each with one import that shows it. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(DOMAIN)) {
    const from = folderOf(file);
    if (!from) continue;
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(normalize(join(dirname(file), spec!)));
      if (!to || to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(DOMAIN, file)} imports ${spec}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every loop of folders, each as the imports that close it. */
function loops(graph: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const walk = (start: string, at: string, path: string[], seen: Set<string>) => {
    for (const [next, why] of graph.get(at) ?? []) {
      if (next === start) found.push([...path, why]);
      else if (!seen.has(next) && next > start) walk(start, next, [...path, why], new Set([...seen, next]));
    }
  };
  for (const start of graph.keys()) walk(start, start, [], new Set([start]));
  return found;
}

describe('src/domain', () => {
  it('has no folders that import each other, directly or round a loop', () => {
    expect(loops(folderGraph())).toEqual([]);
  });

  it('would see a loop if there were one (the check itself works)', () => {
    const graph = new Map([
      ['a', new Map([['b', 'a → b']])],
      ['b', new Map([['c', 'b → c']])],
      ['c', new Map([['a', 'c → a']])],
    ]);
    expect(loops(graph)).toEqual([['a → b', 'b → c', 'c → a']]);
    expect(folderGraph().get('checkout')?.has('ledger')).toBe(true);
  });
});
