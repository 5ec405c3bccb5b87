// The repository's contract checker (npm run check-bundle) on small built folders with one defect
// each: it must find what Sheets or Apps Script would trip over.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkBundle,
  CUSTOM_FUNCTIONS,
  SCOPES,
  SERVER_FUNCTIONS,
  URL_FETCH_WHITELIST,
} from '../../scripts/bundle-contract';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function stub(name: string, params: string[], marked: boolean): string {
  const doc = marked
    ? `/**\n * Does ${name}.\n${params.map((p) => ` * @param {string} ${p} the ${p}\n`).join('')} * @return {string} the answer\n * @customfunction\n */\n`
    : '';
  return `${doc}function ${name}(${params.join(', ')}) {\n  return Bundle_.${name}.apply(this, arguments);\n}\n`;
}

interface Variant {
  prelude?: string;
  drop?: string;
  unmark?: string;
  markServer?: string;
  scopes?: string[];
}

function built(variant: Variant = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-contract-'));
  dirs.push(dir);
  const formulas = Object.entries(CUSTOM_FUNCTIONS)
    .filter(([name]) => name !== variant.drop)
    .map(([name, params]) => stub(name, params, name !== variant.unmark));
  const servers = SERVER_FUNCTIONS.map((name) => stub(name, [], name === variant.markServer));
  const body = `var Bundle_ = (function () { ${variant.prelude ?? ''} return {}; })();\n`;
  writeFileSync(join(dir, 'Code.js'), body + [...formulas, ...servers].join('\n'));
  const manifest = {
    runtimeVersion: 'V8',
    oauthScopes: variant.scopes ?? SCOPES,
    urlFetchWhitelist: URL_FETCH_WHITELIST,
  };
  writeFileSync(join(dir, 'appsscript.json'), JSON.stringify(manifest));
  return dir;
}

test('a folder that keeps the contract has no problem', () => {
  expect(checkBundle(built()).problems).toEqual([]);
});

test('a missing custom function is found', () => {
  expect(checkBundle(built({ drop: 'GPT_TRANSLATE' })).problems.join('\n')).toContain(
    'no top-level "function GPT_TRANSLATE("',
  );
});

test('a custom function without @customfunction JSDoc is found (Sheets would not offer it)', () => {
  expect(checkBundle(built({ unmark: 'GPT_CLASSIFY' })).problems.join('\n')).toContain(
    'GPT_CLASSIFY: no JSDoc with @customfunction',
  );
});

test('a server function marked @customfunction is found (it would show in every formula list)', () => {
  expect(checkBundle(built({ markServer: 'saveApiKey' })).problems.join('\n')).toContain(
    'marked @customfunction but not a formula: saveApiKey',
  );
});

test('a broad scope in the manifest is found', () => {
  const scopes = [...SCOPES, 'https://www.googleapis.com/auth/spreadsheets'];
  expect(checkBundle(built({ scopes })).problems.join('\n')).toContain(
    'scopes the add-on does not need: https://www.googleapis.com/auth/spreadsheets',
  );
});

test('a service called while the bundle loads is found', () => {
  const dir = built({ prelude: 'PropertiesService.getScriptProperties();' });
  expect(checkBundle(dir).problems.join('\n')).toContain('loading Code.js calls services: PropertiesService');
});

test('a folder that was not built says to build', () => {
  expect(checkBundle(join(tmpdir(), 'no-such-dist')).problems[0]).toContain('run npm run build');
});
