// The built dist/ against the public contract: what Sheets, google.script.run and clasp need.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vm from 'node:vm';
import {
  checkBundle,
  CUSTOM_FUNCTIONS,
  SERVER_FUNCTIONS,
  topLevelFunctions as parseTopLevel,
} from '../../scripts/bundle-contract';
import { sharedFile } from '../../scripts/shared-files';
import { describeWithShared } from '../support/shared-tests';

const DIST = resolve(__dirname, '../../dist');
const code = readFileSync(resolve(DIST, 'Code.js'), 'utf8');
const manifest = JSON.parse(readFileSync(resolve(DIST, 'appsscript.json'), 'utf8'));

const topLevelFunctions = () => parseTopLevel(code);

test.each(Object.entries(CUSTOM_FUNCTIONS))(
  '%s is a top-level function whose JSDoc has @customfunction, every @param and an example',
  (name, params) => {
    const fn = topLevelFunctions().get(name);
    expect(fn).toBeDefined();
    expect(fn?.params).toEqual(params);
    expect(fn?.doc).toMatch(/@customfunction/);
    for (const p of params) expect(fn?.doc).toMatch(new RegExp(`@param \\{[^}]+\\} ${p} \\S`));
    expect(fn?.doc).toMatch(new RegExp(`Example: =${name}\\(`));
    expect(fn?.doc).toMatch(/@return /);
  },
);

test.each(SERVER_FUNCTIONS)('the server function %s is a top-level function', (name) => {
  expect(topLevelFunctions().has(name)).toBe(true);
});

test('no exposed name ends in an underscore (those are private to google.script.run)', () => {
  for (const name of topLevelFunctions().keys()) expect(name.endsWith('_')).toBe(false);
});

test('the bundle has no module syntax and loads without touching any service', () => {
  expect(code).not.toMatch(/^\s*(import|export)\s/m);
  expect(code).not.toMatch(/\brequire\(/);
  const touched: string[] = [];
  const trap = (name: string): unknown =>
    new Proxy(function () {}, {
      get: (_t, p) => (touched.push(`${name}.${String(p)}`), trap(`${name}.${String(p)}`)),
      apply: () => (touched.push(`${name}()`), trap(`${name}()`)),
    });
  const sandbox: Record<string, unknown> = {};
  for (const s of [
    'SpreadsheetApp',
    'PropertiesService',
    'CacheService',
    'UrlFetchApp',
    'LockService',
    'Session',
    'Utilities',
  ]) {
    sandbox[s] = trap(s);
  }
  vm.runInNewContext(code, sandbox);
  expect(touched).toEqual([]);
  expect(typeof sandbox.GPT_SENTIMENT).toBe('function');
});

test('the manifest asks for V8 and only narrow scopes, and whitelists only the OpenAI API', () => {
  expect(manifest.runtimeVersion).toBe('V8');
  expect([...manifest.oauthScopes].sort()).toEqual(
    [
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/script.external_request',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
    ].sort(),
  );
  expect(manifest.urlFetchWhitelist).toEqual(['https://api.openai.com/']);
});

test('the repository’s own contract checker (npm run check-bundle) finds no problem in the build', () => {
  expect(checkBundle(DIST).problems).toEqual([]);
});

describeWithShared('checkBundle')('the contract checker that comes with the brief', () => {
  test('accepts the build', () => {
    const checker = sharedFile('checkBundle') as string;
    expect(() => execFileSync(process.execPath, [checker, DIST], { stdio: 'pipe' })).not.toThrow();
  });
});
