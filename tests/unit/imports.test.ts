/**
 * No import cycles in src/: reads every .ts file under src/, takes its relative imports and
 * re-exports (`import type` included: a type-only cycle still ties two files together), and
 * fails naming each cycle found, as `a.ts → b.ts → a.ts`. Also pins the rule of
 * docs/architecture.md that no instruction-family file imports the translator class
 * (src/translate/function.ts): families see it only through the FuncEnv interface.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';

/** Every .ts file under `dir`, as absolute paths. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/**
 * The relative modules `source` (the text of file `file`) imports or re-exports, as absolute
 * .ts paths. Matches `import … from './x.js'`, `export … from './x.js'` and `import './x.js'`;
 * dynamic `import()` is left out (it does not tie load order).
 */
export function importsOf(file: string, source: string): string[] {
  const out: string[] = [];
  const re = /^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  return out;
}

/** The cycles of the graph, each once, as the list of its files starting from the first found. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const keys = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (n: string): void => {
    if (onPath.has(n)) {
      const cycle = path.slice(path.indexOf(n));
      const key = [...cycle].sort().join('|');
      if (!keys.has(key)) {
        keys.add(key);
        cycles.push([...cycle, n]);
      }
      return;
    }
    if (seen.has(n)) return;
    seen.add(n);
    path.push(n);
    onPath.add(n);
    for (const m of graph.get(n) ?? []) visit(m);
    path.pop();
    onPath.delete(n);
  };
  for (const n of graph.keys()) visit(n);
  return cycles;
}

function srcGraph(): Map<string, string[]> {
  const src = join(packageRoot, 'src');
  const graph = new Map<string, string[]>();
  for (const f of tsFiles(src)) graph.set(f, importsOf(f, readFileSync(f, 'utf8')));
  return graph;
}

test('no import cycle in src/', () => {
  const src = join(packageRoot, 'src');
  const cycles = findCycles(srcGraph()).map((c) => c.map((f) => relative(src, f)).join(' → '));
  assert.deepEqual(cycles, [], `import cycles in src/:\n  ${cycles.join('\n  ')}`);
});

test('no instruction family imports the translator class (src/translate/function.ts)', () => {
  const fn = join(packageRoot, 'src', 'translate', 'function.ts');
  const importers = [...srcGraph()].filter(([, to]) => to.includes(fn)).map(([f]) => relative(packageRoot, f));
  // module.ts drives the translation of each function; nothing else may reach into it.
  assert.deepEqual(importers, ['src/translate/module.ts']);
});

test('the cycle finder finds a cycle, names it once, and passes a DAG', () => {
  const dag = new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]);
  assert.deepEqual(findCycles(dag), []);
  const cyclic = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []]]);
  assert.deepEqual(findCycles(cyclic), [['a', 'b', 'c', 'a']]);
});

test('importsOf reads import, import type, export-from and bare imports, not other strings', () => {
  const text = [
    "import { a } from './a.js';",
    "import type { B } from '../b.js';",
    "export { c } from './c.js';",
    "import './d.js';",
    "import {\n  e,\n  f,\n} from './ef.js';",
    "import { x } from 'node:fs';",
    "const s = 'import y from \"./no.js\"';",
  ].join('\n');
  const got = importsOf('/r/src/x/m.ts', text).map((p) => relative('/r/src', p));
  assert.deepEqual(got, ['x/a.ts', 'b.ts', 'x/c.ts', 'x/d.ts', 'x/ef.ts']);
});
