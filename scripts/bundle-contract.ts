// The add-on's public contract, checked on a built folder (npm run check-bundle, and
// test/integration/bundle.test.ts): what Sheets, google.script.run and clasp need from dist/.
// Sheets only sees top-level `function` declarations and reads their JSDoc for autocomplete; a
// function marked @customfunction appears in every user's formula list, so only the formulas may be.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

export const CUSTOM_FUNCTIONS: Record<string, string[]> = {
  GPT: ['prompt', 'value', 'model', 'temperature', 'max_tokens', 'examples'],
  GPT_SENTIMENT: ['text', 'labels', 'examples'],
  GPT_CLASSIFY: ['text', 'categories', 'examples'],
  GPT_EXTRACT: ['text', 'what', 'examples'],
  GPT_SUMMARIZE: ['text', 'max_words'],
  GPT_TRANSLATE: ['text', 'target_language', 'source_language'],
};

/** The server functions the brief names, plus the add-on's triggers. */
export const SERVER_FUNCTIONS = [
  'saveApiKey',
  'deleteApiKey',
  'getSettings',
  'saveSettings',
  'getUsage',
  'setBudget',
  'startColumnJob',
  'runJobStep',
  'getJobStatus',
  'cancelJob',
  'onOpen',
  'onInstall',
];

export const SCOPES = [
  'https://www.googleapis.com/auth/script.container.ui',
  'https://www.googleapis.com/auth/script.external_request',
  'https://www.googleapis.com/auth/script.scriptapp',
  'https://www.googleapis.com/auth/spreadsheets.currentonly',
];
export const URL_FETCH_WHITELIST = ['https://api.openai.com/'];

/** Every Apps Script service the bundle could reach for; loading it must touch none. */
const SERVICES = [
  'SpreadsheetApp',
  'PropertiesService',
  'CacheService',
  'UrlFetchApp',
  'LockService',
  'ScriptApp',
  'HtmlService',
  'Session',
  'Utilities',
  'Logger',
  'DriveApp',
  'GmailApp',
];

export interface TopLevelFunction {
  doc: string;
  params: string[];
}

/** Top-level `function NAME(params)` declarations with the JSDoc block right above each. */
export function topLevelFunctions(code: string): Map<string, TopLevelFunction> {
  const found = new Map<string, TopLevelFunction>();
  const re = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)?\n?^function ([A-Za-z_$][\w$]*)\(([^)]*)\)/gm;
  for (let m; (m = re.exec(code));) {
    const params = m[3]
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    found.set(m[2], { doc: m[1] ?? '', params });
  }
  return found;
}

/** What loading the code in a fresh context touched of the services, or the error it threw. */
export function loadTouches(code: string): {
  touched: string[];
  globals: Record<string, unknown>;
  error?: string;
} {
  const touched: string[] = [];
  const trap = (name: string): unknown =>
    new Proxy(function () {}, {
      get: (_t, p) => (touched.push(`${name}.${String(p)}`), trap(`${name}.${String(p)}`)),
      apply: () => (touched.push(`${name}()`), trap(`${name}()`)),
    });
  const globals: Record<string, unknown> = {};
  for (const service of SERVICES) globals[service] = trap(service);
  try {
    vm.runInNewContext(code, globals, { filename: 'Code.js', timeout: 5000 });
    return { touched, globals };
  } catch (e) {
    return { touched, globals, error: e instanceof Error ? e.message : String(e) };
  }
}

function checkCode(code: string, problems: string[], passed: string[]): void {
  const fns = topLevelFunctions(code);
  for (const [name, params] of Object.entries(CUSTOM_FUNCTIONS)) {
    const fn = fns.get(name);
    if (!fn) {
      problems.push(`custom function ${name}: no top-level "function ${name}(" in Code.js`);
      continue;
    }
    const before = problems.length;
    if (fn.params.join(',') !== params.join(','))
      problems.push(
        `custom function ${name}: parameters (${fn.params.join(', ')}), expected (${params.join(', ')})`,
      );
    if (!/@customfunction\b/.test(fn.doc))
      problems.push(`custom function ${name}: no JSDoc with @customfunction`);
    const undocumented = params.filter((p) => !new RegExp(`@param \\{[^}]+\\} ${p} \\S`).test(fn.doc));
    if (undocumented.length)
      problems.push(`custom function ${name}: no @param for ${undocumented.join(', ')}`);
    if (!/@return /.test(fn.doc)) problems.push(`custom function ${name}: no @return in its JSDoc`);
    if (problems.length === before) passed.push(`custom function ${name} with its JSDoc`);
  }
  const marked = [...fns].filter(
    ([name, fn]) => !(name in CUSTOM_FUNCTIONS) && /@customfunction\b/.test(fn.doc),
  );
  if (marked.length)
    problems.push(`marked @customfunction but not a formula: ${marked.map(([name]) => name).join(', ')}`);
  const missing = SERVER_FUNCTIONS.filter((name) => !fns.has(name));
  if (missing.length) problems.push(`server functions not at top level: ${missing.join(', ')}`);
  else
    passed.push(
      `server functions at top level (${SERVER_FUNCTIONS.length} of the contract, ${fns.size} in all)`,
    );
  const underscored = [...fns.keys()].filter((name) => name.endsWith('_'));
  if (underscored.length)
    problems.push(`names ending in "_" are private to google.script.run: ${underscored.join(', ')}`);
  if (/^\s*(export|import)\s/m.test(code))
    problems.push('Code.js has ES module syntax; Apps Script cannot load it');
  if (/\brequire\(/.test(code)) problems.push('Code.js calls require(); Apps Script has no module loader');

  const load = loadTouches(code);
  if (load.error) problems.push(`Code.js throws while loading: ${load.error}`);
  else if (load.touched.length)
    problems.push(`loading Code.js calls services: ${[...new Set(load.touched)].slice(0, 5).join(', ')}`);
  else passed.push('Code.js loads in a fresh context without calling any service');
  const notFunctions = Object.keys(CUSTOM_FUNCTIONS).filter(
    (n) => fns.has(n) && typeof load.globals[n] !== 'function',
  );
  if (!load.error && notFunctions.length)
    problems.push(`not functions after loading: ${notFunctions.join(', ')}`);
}

function checkManifest(text: string, problems: string[], passed: string[]): void {
  let manifest: { runtimeVersion?: unknown; oauthScopes?: unknown; urlFetchWhitelist?: unknown };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch {
    problems.push('appsscript.json is not valid JSON');
    return;
  }
  if (manifest.runtimeVersion !== 'V8') problems.push('appsscript.json: runtimeVersion is not V8');
  const scopes = Array.isArray(manifest.oauthScopes) ? (manifest.oauthScopes as string[]) : [];
  const extra = scopes.filter((s) => !SCOPES.includes(s));
  const absent = SCOPES.filter((s) => !scopes.includes(s));
  if (extra.length)
    problems.push(`appsscript.json asks for scopes the add-on does not need: ${extra.join(', ')}`);
  if (absent.length) problems.push(`appsscript.json lacks the scopes: ${absent.join(', ')}`);
  if (!extra.length && !absent.length) passed.push(`manifest: V8 and exactly ${SCOPES.length} narrow scopes`);
  const whitelist = Array.isArray(manifest.urlFetchWhitelist) ? manifest.urlFetchWhitelist : [];
  if (whitelist.join() !== URL_FETCH_WHITELIST.join())
    problems.push(
      `appsscript.json urlFetchWhitelist is [${whitelist.join(', ')}], expected [${URL_FETCH_WHITELIST}]`,
    );
}

function checkPages(dir: string, problems: string[], passed: string[]): void {
  const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
  for (const page of pages) {
    const text = readFileSync(join(dir, page), 'utf8');
    const external = [...text.matchAll(/<script[^>]+src=["']([^"']+)/g)].map((m) => m[1]);
    if (external.length) problems.push(`${page} loads external scripts: ${external.join(', ')}`);
  }
  if (pages.length) passed.push(`pages without external scripts: ${pages.join(', ')}`);
}

/** The contract's problems in a built folder (empty when it holds), and what passed. */
export function checkBundle(dir: string): { problems: string[]; passed: string[] } {
  const problems: string[] = [];
  const passed: string[] = [];
  const codePath = join(dir, 'Code.js');
  if (!existsSync(codePath)) return { problems: [`${codePath} does not exist: run npm run build`], passed };
  checkCode(readFileSync(codePath, 'utf8'), problems, passed);
  const manifestPath = join(dir, 'appsscript.json');
  if (existsSync(manifestPath)) checkManifest(readFileSync(manifestPath, 'utf8'), problems, passed);
  else problems.push(`${manifestPath} does not exist`);
  checkPages(dir, problems, passed);
  return { problems, passed };
}
