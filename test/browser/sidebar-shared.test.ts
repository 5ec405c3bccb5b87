// The sidebar in a shared spreadsheet: the owner manages budgets (tokens and dollars), sees the last
// 30 days and warnings and keeps a backup key; an editor sees usage read-only and is told why.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveKey, startBridge, waitForText, type Bridge } from './bridge';

const EDITOR = 'editor@example.com';

let browser: Browser;
let bridge: Bridge;
let page: Page | undefined;

beforeAll(async () => {
  [browser, bridge] = await Promise.all([launchBrowser(), startBridge()]);
  await saveKey(bridge.emu);
  // A formula publishes who holds the key: from then on the owner is told apart from editors.
  bridge.emu.sheet('Sheet1').setValues('A2', [['Great kettle']]);
  await bridge.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
});
afterAll(async () => {
  await bridge?.close();
  await browser?.close();
});
afterEach(async () => {
  await page?.context().close();
  page = undefined;
  bridge.user = undefined;
  bridge.locale = 'en';
});

test('the owner saves a money budget beside the token budget and sees the last 30 days as a chart', async () => {
  page = await bridge.open(browser);
  await page.locator('#usage-spreadsheet .usd').waitFor();
  await page.fill('#usage-spreadsheet .usd', '2.50');
  await page.click('#usage-spreadsheet .save');
  await waitForText(page, '#usage-spreadsheet .status', /Budget saved/);
  const usage = (await bridge.emu.run('getUsage')).value as { spreadsheet: { limitUsd: number } };
  expect(usage.spreadsheet.limitUsd).toBe(2.5);
  await waitForText(page, '#usage-spreadsheet .usage-used', /\$0\.\d+ \/ \$2\.50 this month/);
  expect(await page.locator('#usage-spreadsheet svg.chart rect.day').count()).toBe(30);
  expect(await page.textContent('#usage-spreadsheet .usage-period')).toMatch(/The next period starts/);
  expect(await page.isVisible('#usage-role')).toBe(false);
});

test('a money budget that is not a number is refused on the page without a server call', async () => {
  page = await bridge.open(browser);
  await page.locator('#usage-spreadsheet .usd').waitFor();
  const before = bridge.calls.filter((c) => c.fn === 'setBudget').length;
  await page.fill('#usage-spreadsheet .usd', 'five dollars');
  await page.click('#usage-spreadsheet .save');
  await waitForText(page, '#usage-spreadsheet .status', /US dollars/);
  expect(bridge.calls.filter((c) => c.fn === 'setBudget').length).toBe(before);
});

test.each([
  ['en', /Only the spreadsheet’s owner .* can change budgets or clear the cache/],
  ['ja', /予算の変更やキャッシュの消去ができるのは、スプレッドシートのオーナー/],
] as const)('an editor sees usage read-only and is told who can change it (%s)', async (locale, note) => {
  bridge.user = EDITOR;
  bridge.locale = locale;
  page = await bridge.open(browser);
  await waitForText(page, '#usage-role', note);
  await page.locator('#usage-spreadsheet .usage-used').waitFor();
  expect(await page.isVisible('#usage-spreadsheet .budget-row')).toBe(false);
  expect(await page.isVisible('#cache-clear')).toBe(false);
  expect(await page.isVisible('#model-editor-note')).toBe(true);
});

test('the owner keeps a backup key, shown only masked', async () => {
  page = await bridge.open(browser);
  await page.click('#backup summary');
  await page.fill('#backup-input', 'sk-proj-backup0123456789abcdefghijklm');
  await page.click('#backup-save');
  await waitForText(page, '#backup-message', /Backup key saved/);
  expect(await page.textContent('#backup-status')).toBe('Backup key: sk-...jklm');
  expect(await page.inputValue('#backup-input')).toBe('');
  expect(await page.content()).not.toContain('backup0123456789');
});

test.each([
  ['en', /Nobody is recognized as this spreadsheet’s owner yet/],
  ['ja', /オーナーはまだ認識されていません/],
] as const)(
  'before the first formula the sidebar says a budget saved now waits for it, and offers no cache clearing (%s)',
  async (locale, note) => {
    const fresh = await startBridge();
    try {
      await saveKey(fresh.emu);
      fresh.locale = locale;
      page = await fresh.open(browser);
      await waitForText(page, '#usage-role', note);
      expect(await page.isVisible('#cache-clear')).toBe(false);
      expect(await page.isVisible('#usage-spreadsheet .save')).toBe(true);
    } finally {
      await page?.context().close();
      page = undefined;
      await fresh.close();
    }
  },
);
