// The direction of dependency, checked on the source: entry -> features -> engine -> foundations.
// A file may import its own layer or a lower one; an import that runs back up fails this test.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'src');

/** Highest first; the first pattern a path matches decides its layer (see ARCHITECTURE.md). */
const LAYERS: Array<{ name: string; rank: number; match: RegExp }> = [
  { name: 'pages', rank: 9, match: /^src\/pages\// },
  { name: 'entry', rank: 5, match: /^src\/(main|wiring|server-call)\.ts$/ },
  { name: 'features', rank: 4, match: /^src\/(functions|jobs|settings|ui)\/|^src\/budget\/usage\.ts$/ },
  { name: 'engine', rank: 3, match: /^src\/(engine|cache|openai)\/|^src\/budget\/ledger\.ts$/ },
  { name: 'i18n', rank: 1, match: /^src\/i18n\// },
  { name: 'platform', rank: 1, match: /^src\/platform\// },
];

/** Only the composition root builds adapters; everything else receives ports. */
const ADAPTERS = /^src\/platform\/apps-script\.ts$/;
const MAY_USE_ADAPTERS = /^src\/(main|wiring)\.ts$/;
/** Pure server modules a page may bundle (everything else of the server only as `import type`). */
const SHARED_WITH_PAGES = new Set(['src/engine/tasks.ts', 'src/jobs/columns.ts']);
const APPS_SCRIPT_GLOBAL =
  /(?<![\w.])(SpreadsheetApp|UrlFetchApp|CacheService|PropertiesService|LockService|ScriptApp|HtmlService|Session|Utilities|Logger)\s*\./;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(d.name) && !d.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm;
  for (let m; (m = re.exec(text));) {
    if (!m[3].startsWith('.')) continue;
    const target = resolve(dirname(file), m[3]);
    const to = relative(ROOT, /\.\w+$/.test(target) ? target : `${target}.ts`);
    out.push({ from: relative(ROOT, file), to, typeOnly: !!m[2] });
  }
  return out;
}

function layerOf(path: string) {
  const layer = LAYERS.find((l) => l.match.test(path));
  if (!layer) throw new Error(`${path} is in no layer: add its folder to LAYERS and ARCHITECTURE.md`);
  return layer;
}

const files = sourceFiles(SRC);
const imports = files.flatMap(importsOf).filter((i) => i.to.endsWith('.ts'));

test('every source file belongs to a layer', () => {
  for (const file of files) expect(() => layerOf(relative(ROOT, file))).not.toThrow();
});

function upward(list: Import[]): string[] {
  return list
    .filter((i) => layerOf(i.from).name !== 'pages')
    .filter((i) => layerOf(i.to).rank > layerOf(i.from).rank)
    .map((i) => `${i.from} (${layerOf(i.from).name}) -> ${i.to} (${layerOf(i.to).name})`);
}

test('no server module imports a module of a higher layer', () => {
  expect(upward(imports)).toEqual([]);
});

test('platform and i18n import nothing from outside their own folder', () => {
  const outward = imports
    .filter((i) => /^src\/(platform|i18n)\//.test(i.from))
    .filter((i) => i.from.split('/')[1] !== i.to.split('/')[1])
    .map((i) => `${i.from} -> ${i.to}`);
  expect(outward).toEqual([]);
});

test('only the entry point and the wiring import the Apps Script adapters', () => {
  const users = imports.filter((i) => ADAPTERS.test(i.to) && !MAY_USE_ADAPTERS.test(i.from));
  expect(users.map((i) => i.from)).toEqual([]);
});

test('no server module imports page code', () => {
  const intoPages = imports.filter((i) => layerOf(i.from).name !== 'pages' && layerOf(i.to).name === 'pages');
  expect(intoPages.map((i) => `${i.from} -> ${i.to}`)).toEqual([]);
});

test('pages take server code as types only, except the pure modules they share', () => {
  const values = imports
    .filter((i) => layerOf(i.from).name === 'pages' && layerOf(i.to).name !== 'pages')
    .filter((i) => !i.typeOnly && !SHARED_WITH_PAGES.has(i.to))
    .map((i) => `${i.from} -> ${i.to}`);
  expect(values).toEqual([]);
});

test('Apps Script services are named only in the entry point, the wiring and the adapters', () => {
  const named = files
    .map((f) => relative(ROOT, f))
    .filter((f) => !/^src\/pages\//.test(f) && !MAY_USE_ADAPTERS.test(f) && !ADAPTERS.test(f))
    .flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .map((line, n) => ({ line, where: `${f}:${n + 1}` }))
        .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && APPS_SCRIPT_GLOBAL.test(line))
        .map(({ where }) => where),
    );
  expect(named).toEqual([]);
});

test('the layer check reports an import that runs back up', () => {
  expect(imports.length).toBeGreaterThan(50);
  const planted = [
    { from: 'src/engine/pipeline.ts', to: 'src/jobs/runner.ts', typeOnly: false },
    { from: 'src/jobs/runner.ts', to: 'src/engine/pipeline.ts', typeOnly: false },
  ];
  expect(upward(planted)).toEqual(['src/engine/pipeline.ts (engine) -> src/jobs/runner.ts (features)']);
});

/**
 * Column jobs are arranged by what a job is made of (ARCHITECTURE.md, "Column jobs"): the step engine in
 * `jobs/engine/`, the Batch API flow in `jobs/batch/`, evaluations in `jobs/evaluation/`, and what they
 * share (spec, store, status, access, lifecycle) at the top of `jobs/`.
 */
const JOB_PARTS = ['engine', 'batch', 'evaluation'];
const jobPart = (path: string) => /^src\/jobs\/([^/]+)\//.exec(path)?.[1];

test('src/jobs holds its parts in their folders, and nothing of them beside', () => {
  const jobFiles = files.map((f) => relative(ROOT, f)).filter((f) => f.startsWith('src/jobs/'));
  const folders = [...new Set(jobFiles.map(jobPart).filter((p): p is string => p !== undefined))].sort();
  expect(folders).toEqual([...JOB_PARTS].sort());
  const astray = jobFiles.filter((f) => /^src\/jobs\/(batch-|evaluation-|evaluation\.ts)/.test(f));
  expect(astray).toEqual([]);
});

/** Imports between the parts that run the wrong way: the engine knows neither flow, the flows not each other. */
function crossings(list: Import[]): string[] {
  return list
    .filter((i) => {
      const from = jobPart(i.from);
      const to = jobPart(i.to);
      if (!from || !to || from === to || !JOB_PARTS.includes(to)) return false;
      return (
        from === 'engine' ||
        (from === 'batch' && to === 'evaluation') ||
        (from === 'evaluation' && to === 'batch')
      );
    })
    .map((i) => `${i.from} -> ${i.to}`);
}

test('the step engine imports neither the Batch API flow nor evaluations, and those two not each other', () => {
  expect(crossings(imports)).toEqual([]);
  expect(
    crossings([{ from: 'src/jobs/engine/claim.ts', to: 'src/jobs/batch/state.ts', typeOnly: false }]),
  ).toEqual(['src/jobs/engine/claim.ts -> src/jobs/batch/state.ts']);
});

/**
 * Groups of files that import each other in a circle, type-only imports included: a circle means
 * none of its files can be read, tested or moved without the others (strongly connected components,
 * Tarjan's algorithm).
 */
function importCircles(list: Import[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const i of list) edges.set(i.from, [...(edges.get(i.from) ?? []), i.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number));
      } else if (onStack.has(next))
        low.set(file, Math.min(low.get(file) as number, index.get(next) as number));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    for (let member = ''; member !== file;) {
      member = stack.pop() as string;
      onStack.delete(member);
      group.push(member);
    }
    if (group.length > 1) circles.push(group.sort());
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return circles;
}

test('no files in src/ import each other in a circle, not even through type-only imports', () => {
  expect(importCircles(imports)).toEqual([]);
});

test('the circle check reports files that import each other through a third', () => {
  const planted = [
    { from: 'src/engine/pipeline.ts', to: 'src/engine/asking.ts', typeOnly: false },
    { from: 'src/engine/asking.ts', to: 'src/engine/shared-cell.ts', typeOnly: false },
    { from: 'src/engine/shared-cell.ts', to: 'src/engine/pipeline.ts', typeOnly: true },
    { from: 'src/engine/pipeline.ts', to: 'src/engine/batch.ts', typeOnly: false },
  ];
  expect(importCircles(planted)).toEqual([
    ['src/engine/asking.ts', 'src/engine/pipeline.ts', 'src/engine/shared-cell.ts'],
  ]);
});
