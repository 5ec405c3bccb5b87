// One test file's browser and bridge, and the pages its tests open: started before the file's
// tests, closed after them, and the bridge set back to its defaults (English, the owner, no active
// cell, no delay) with every page of a test closed after that test.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveKey, startBridge, type Bridge, type OpenOptions } from './bridge';

export interface SessionSetup {
  /** The spreadsheet's tabs. */
  sheets: Record<string, unknown[][]>;
  /** A new emulator (new spreadsheet, empty stores) and a reset stub before every test, not one per file. */
  freshEach?: boolean;
  /** Saves the owner's good key, in each new emulator. */
  key?: boolean;
  /** More setup after the key: once, or before every test with `freshEach`. */
  prepare?: (bridge: Bridge) => Promise<void>;
}

export interface PageSession {
  readonly browser: Browser;
  readonly bridge: Bridge;
  /** Opens a page like `bridge.open`; it is closed after the test. */
  open(options?: OpenOptions): Promise<Page>;
}

/** Registers the file's hooks; call it at the top level of a test file. */
export function usePageSession({
  sheets,
  freshEach = false,
  key = false,
  prepare,
}: SessionSetup): PageSession {
  let browser: Browser | undefined;
  let bridge: Bridge | undefined;
  const pages: Page[] = [];
  const started = (): { browser: Browser; bridge: Bridge } => {
    if (!browser || !bridge) throw new Error('The page session starts in beforeAll; use it inside a test.');
    return { browser, bridge };
  };
  const setUp = async (b: Bridge): Promise<void> => {
    if (key) await saveKey(b.emu);
    if (prepare) await prepare(b);
  };

  beforeAll(async () => {
    [browser, bridge] = await Promise.all([launchBrowser(), startBridge({ spreadsheet: { sheets } })]);
    if (!freshEach) await setUp(bridge);
  });
  afterAll(async () => {
    await bridge?.close();
    await browser?.close();
  });
  if (freshEach)
    beforeEach(async () => {
      const b = started().bridge;
      await b.reset({ spreadsheet: { sheets } });
      await setUp(b);
    });
  afterEach(async () => {
    const b = started().bridge;
    b.locale = 'en';
    b.user = undefined;
    b.activeCell = undefined;
    b.delayMs = 0;
    b.callDelays = {};
    for (const page of pages.splice(0)) await page.context().close();
  });

  return {
    get browser() {
      return started().browser;
    },
    get bridge() {
      return started().bridge;
    },
    async open(options) {
      const s = started();
      const page = await s.bridge.open(s.browser, options);
      pages.push(page);
      return page;
    },
  };
}
