// The add-on's pages (the sidebar, the column-job dialog) in Chromium with their server calls
// answered by the add-on bundle in the Apps Script emulator, which talks to the OpenAI stub as if
// it were api.openai.com.
//
//   page --google.script.run shim--> POST /run --> emu.run(fn, args, {user, locale}) --> stub
//
// Only 127.0.0.1 is reachable from the page: every other request is blocked and recorded.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Emulator, EmulatorOptions } from '../../tools/emulator';
import { startStub, type StubHandle } from '../../tools/openai-stub';
import { startHarness, TODAY, type Harness } from '../integration/harness';

export { GOOD_KEY, NOQUOTA_KEY, REVOKED_KEY, saveKey } from '../integration/harness';

const ROOT = join(__dirname, '..', '..');
export const SIDEBAR_HTML = join(ROOT, 'dist', 'Sidebar.html');
export const COLUMN_JOB_HTML = join(ROOT, 'dist', 'ColumnJob.html');
export const EVALUATE_HTML = join(ROOT, 'dist', 'Evaluate.html');
export const MODEL_PREVIEW_HTML = join(ROOT, 'dist', 'ModelPreview.html');

/** The built pages, with what shows that each has loaded and its size in Sheets. */
export const PAGES = {
  Sidebar: { file: SIDEBAR_HTML, ready: '#key', width: 300, height: 900 },
  ColumnJob: { file: COLUMN_JOB_HTML, ready: '#job-form', width: 420, height: 560 },
  Evaluate: { file: EVALUATE_HTML, ready: '#job-form', width: 560, height: 640 },
  ModelPreview: { file: MODEL_PREVIEW_HTML, ready: '#current', width: 640, height: 620 },
} as const;
export type PageName = keyof typeof PAGES;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * google.script.run as the page sees it in Sheets: chainable withSuccessHandler,
 * withFailureHandler and withUserObject, then any server function by name. Failures arrive
 * as an Error; names ending in "_" are private, as in Apps Script.
 */
export const SCRIPT_RUN_SHIM = `(function () {
  function deliver(handler, value, userObject) {
    if (handler) handler(value, userObject);
  }
  function runner(success, failure, userObject) {
    var own = {
      withSuccessHandler: function (f) { return runner(f, failure, userObject); },
      withFailureHandler: function (f) { return runner(success, f, userObject); },
      withUserObject: function (o) { return runner(success, failure, o); }
    };
    return new Proxy(own, {
      get: function (target, name) {
        if (typeof name !== 'string' || name === 'then' || name === 'toJSON') return undefined;
        if (Object.prototype.hasOwnProperty.call(target, name)) return target[name];
        return function () {
          var args = Array.prototype.slice.call(arguments);
          var fail = function (error) {
            if (failure) failure(error, userObject);
            else console.error(error);
          };
          if (/_$/.test(name)) {
            setTimeout(function () { fail(new Error('Script function not found: ' + name)); }, 0);
            return;
          }
          fetch('/run', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ fn: name, args: args })
          })
            .then(function (response) { return response.json(); })
            .then(function (reply) {
              if (reply && reply.error) {
                var error = new Error(reply.error.message);
                error.name = reply.error.name || 'Error';
                fail(error);
              } else {
                deliver(success, reply.value, userObject);
              }
            }, function (error) {
              fail(error instanceof Error ? error : new Error(String(error)));
            });
        };
      }
    });
  }
  var noop = function () {};
  window.google = {
    script: {
      run: runner(null, null, undefined),
      host: { close: noop, setHeight: noop, setWidth: noop, editor: { focus: noop } }
    }
  };
})();`;

export interface RunCall {
  fn: string;
  args: unknown[];
  user: string | undefined;
  locale: string;
  /** When the bridge received the call and when it answered (Date.now()); endedAt is unset while in flight. */
  startedAt: number;
  endedAt?: number;
}

export interface OpenOptions {
  /** Which page (default the sidebar). */
  page?: PageName;
  /** Viewport size; by default the page's size in Sheets (sidebar 300 px wide, dialog 420 x 560). */
  width?: number;
  height?: number;
  /**
   * The sidebar's folds (and the folded key field) as the page arranges them, or all opened first
   * the way a reader clicks each heading (the default: tests of what a section does).
   */
  folds?: 'arranged' | 'open';
}

export interface Bridge {
  readonly url: string;
  readonly emu: Emulator;
  readonly stub: StubHandle;
  /** Locale and user of the next server calls (user undefined: the spreadsheet owner). */
  locale: 'en' | 'ja';
  user: string | undefined;
  /** Added before each server call is answered, to watch the page while a call is in flight. */
  delayMs: number;
  /** Added before calls of the named server functions only (on top of delayMs). */
  callDelays: Record<string, number>;
  /** Where the cursor is in Sheets for the next server calls (default: A1 of the first tab). */
  activeCell: { sheet: string; a1: string } | undefined;
  /** Every server call the page made, in order. */
  readonly calls: RunCall[];
  /** Requests the page tried to send anywhere but 127.0.0.1. */
  readonly blocked: string[];
  /** A fresh emulator (new spreadsheet, empty stores) on the same stub. */
  reset(options?: EmulatorOptions): Promise<void>;
  /** Opens a page (the sidebar by default) in a new browser context and waits until it has loaded. */
  open(browser: Browser, options?: OpenOptions): Promise<Page>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

function pageWithShim(file: string): string {
  const html = readFileSync(file, 'utf8');
  const head = /<head[^>]*>/i.exec(html);
  if (!head) throw new Error(`${file} has no <head>`);
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n<script>${SCRIPT_RUN_SHIM}</script>${html.slice(at)}`;
}

export async function startBridge(options: EmulatorOptions = {}): Promise<Bridge> {
  const stub = await startStub({ today: TODAY });
  let harness: Harness = await startHarness(options, {}, stub);
  const contexts = new Set<BrowserContext>();
  const calls: RunCall[] = [];
  const blocked: string[] = [];

  const state = {
    locale: 'en' as 'en' | 'ja',
    user: undefined as string | undefined,
    delayMs: 0,
    callDelays: {} as Record<string, number>,
    activeCell: undefined as { sheet: string; a1: string } | undefined,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    const page = path === '/' ? 'Sidebar' : /^\/(\w+)\.html$/.exec(path)?.[1];
    if (req.method === 'GET' && page && Object.prototype.hasOwnProperty.call(PAGES, page)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(pageWithShim(PAGES[page as PageName].file));
      return;
    }
    if (req.method === 'POST' && path === '/run') {
      const { fn, args } = JSON.parse(await readBody(req)) as { fn: string; args: unknown[] };
      const call: RunCall = { fn, args, user: state.user, locale: state.locale, startedAt: Date.now() };
      calls.push(call);
      const delay = state.delayMs + (state.callDelays[fn] ?? 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const result = await harness.emu.run(fn, args, {
        user: call.user,
        locale: call.locale,
        // The emulator's active sheet and range follow this cell.
        ...(state.activeCell ? { callingCell: state.activeCell } : {}),
      });
      call.endedAt = Date.now();
      if (result.ok) sendJson(res, 200, { value: result.value ?? null });
      else
        sendJson(res, 200, {
          error: { name: result.error?.name ?? 'Error', message: result.error?.message ?? 'Unknown error' },
        });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendJson(res, 500, { error: { name: 'BridgeError', message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url,
    get emu() {
      return harness.emu;
    },
    stub,
    get locale() {
      return state.locale;
    },
    set locale(value) {
      state.locale = value;
    },
    get user() {
      return state.user;
    },
    set user(value) {
      state.user = value;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value) {
      state.delayMs = value;
    },
    get callDelays() {
      return state.callDelays;
    },
    set callDelays(value) {
      state.callDelays = value;
    },
    get activeCell() {
      return state.activeCell;
    },
    set activeCell(value) {
      state.activeCell = value;
    },
    calls,
    blocked,
    async reset(next = options) {
      await harness.close();
      harness = await startHarness(next, {}, stub);
      await stub.reset();
      calls.length = 0;
    },
    async open(browser, { page: name = 'Sidebar', width, height, folds = 'open' } = {}) {
      const spec = PAGES[name];
      const context = await browser.newContext({
        viewport: { width: width ?? spec.width, height: height ?? spec.height },
        locale: state.locale === 'ja' ? 'ja-JP' : 'en-US',
        // Bars show their final width at once, for assertions and screenshots.
        reducedMotion: 'reduce',
        serviceWorkers: 'block',
      });
      contexts.add(context);
      await context.route('**/*', (route) => {
        const target = new URL(route.request().url());
        if (target.hostname === '127.0.0.1') return route.continue();
        blocked.push(target.href);
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      await page.goto(name === 'Sidebar' ? url : `${url}${name}.html`);
      await page.locator(spec.ready).waitFor();
      if (name === 'Sidebar' && folds === 'open')
        await page.evaluate(
          `document.querySelectorAll('details.fold, #key-change').forEach((d) => (d.open = true))`,
        );
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness.close();
      await stub.stop();
    },
  };
}

/** Waits until the element shows text matching `pattern`, and returns its text. */
export async function waitForText(
  page: Page,
  selector: string,
  pattern: RegExp,
  timeout = 20000,
): Promise<string> {
  const locator = page.locator(selector, { hasText: pattern }).first();
  await locator.waitFor({ state: 'visible', timeout });
  return (await locator.textContent()) ?? '';
}

/** Values of every input on the page (not part of the serialized DOM). */
export async function inputValues(page: Page): Promise<string[]> {
  return (await page.evaluate(
    'Array.from(document.querySelectorAll("input")).map((i) => i.value)',
  )) as string[];
}

/** The most calls of `fn` that were in flight at the same moment (a call still open counts until now). */
export function maxInFlight(calls: readonly RunCall[], fn: string): number {
  const edges: Array<[number, number]> = [];
  for (const c of calls) {
    if (c.fn !== fn) continue;
    edges.push([c.startedAt, 1], [c.endedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  // At the same millisecond an answer comes before a new call: the page sends the next one after it.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, delta] of edges) {
    now += delta;
    most = Math.max(most, now);
  }
  return most;
}
