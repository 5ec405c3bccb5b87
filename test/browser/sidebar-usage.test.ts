// Budgets and usage: saving budgets from the page, formulas spending tokens, bars that follow,
// and clearing the cache after a confirmation on the page.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveKey, startBridge, waitForText, type Bridge } from './bridge';

const REVIEWS = [
  'Great product, arrived early.',
  'Terrible support, never again.',
  'It is okay, nothing special.',
  'Love it! Works perfectly.',
  'Broke after two days.',
  'Average quality for the price.',
  'Excellent value and fast shipping.',
  'The color was not as pictured.',
  'Does what it says.',
  'Worst purchase this year.',
  'Pretty good overall.',
  'Packaging was damaged but the item is fine.',
  'Absolutely fantastic.',
  'Not worth the money.',
  'Fine.',
  'I would buy it again.',
  'Stopped working, refund requested.',
  'Comfortable and stylish.',
  'Meh.',
];

let browser: Browser;
let bridge: Bridge;
let page: Page | undefined;

beforeAll(async () => {
  const sheets = { Sheet1: [['Review', 'Sentiment'], ...REVIEWS.map((r) => [r, ''])], Notes: [['']] };
  [browser, bridge] = await Promise.all([launchBrowser(), startBridge({ spreadsheet: { sheets } })]);
  await saveKey(bridge.emu);
});
afterAll(async () => {
  await bridge?.close();
  await browser?.close();
});
afterEach(async () => {
  await page?.context().close();
  page = undefined;
});

interface Scope {
  sheet: string | null;
  limit: number | null;
  period: string | null;
  used: number;
}

async function usage(): Promise<{ spreadsheet: Scope; sheets: Scope[] }> {
  const result = await bridge.emu.run('getUsage');
  expect(result.ok).toBe(true);
  return result.value as { spreadsheet: Scope; sheets: Scope[] };
}

async function barValue(p: Page, scope: string): Promise<number> {
  return Number(await p.getAttribute(`${scope} .bar`, 'aria-valuenow'));
}

test('budgets set on the page hold, formulas spend tokens, and the bars move after Refresh', async () => {
  page = await bridge.open(browser);
  const sheetRow = '#usage-tabs [data-sheet="Sheet1"]';
  await page.locator(sheetRow).waitFor();

  await page.fill('#usage-spreadsheet .tokens', '200,000');
  await page.selectOption('#usage-spreadsheet .period', 'monthly');
  await page.click('#usage-spreadsheet .save');
  await waitForText(page, '#usage-spreadsheet .status', /Budget saved/);

  await page.fill(`${sheetRow} .tokens`, '50000');
  await page.selectOption(`${sheetRow} .period`, 'daily');
  await page.click(`${sheetRow} .save`);
  await waitForText(page, `${sheetRow} .status`, /Budget saved/);

  let report = await usage();
  expect(report.spreadsheet).toMatchObject({ limit: 200000, period: 'monthly' });
  expect(report.sheets.find((s) => s.sheet === 'Sheet1')).toMatchObject({ limit: 50000, period: 'daily' });
  expect(await page.inputValue('#usage-spreadsheet .tokens')).toBe('200,000');
  expect(await page.getAttribute('#usage-spreadsheet .bar', 'aria-valuemax')).toBe('200000');
  expect(await page.getAttribute(`${sheetRow} .bar`, 'aria-valuemax')).toBe('50000');
  expect(await page.getAttribute(`${sheetRow} .bar`, 'role')).toBe('progressbar');
  const before = [await barValue(page, '#usage-spreadsheet'), await barValue(page, sheetRow)];

  const result = await bridge.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A20)');
  expect(result.ok).toBe(true);
  report = await usage();
  expect(report.spreadsheet.used).toBeGreaterThan(0);

  await page.click('#usage-refresh');
  await page.waitForFunction(
    `Number(document.querySelector('#usage-spreadsheet .bar').getAttribute('aria-valuenow')) > ${before[0]}`,
  );
  const after = [await barValue(page, '#usage-spreadsheet'), await barValue(page, sheetRow)];
  expect(after[0]).toBe(report.spreadsheet.used);
  expect(after[1]).toBeGreaterThan(before[1]);
  const width = (await page.getAttribute('#usage-spreadsheet .bar-fill', 'style')) ?? '';
  expect(width).toMatch(/width: \d/);
  const used = report.spreadsheet.used.toLocaleString('en-US');
  expect(await page.textContent('#usage-spreadsheet .usage-used')).toBe(
    `${used} / 200,000 tokens this month`,
  );
  const left = (200000 - report.spreadsheet.used).toLocaleString('en-US');
  expect(await page.textContent('#usage-spreadsheet .usage-cost')).toMatch(
    new RegExp(`^${left} left · est\\. (< )?\\$0\\.\\d{4} spent in all$`),
  );

  // An empty tab budget removes it; the spreadsheet budget still applies.
  await page.fill(`${sheetRow} .tokens`, '');
  await page.click(`${sheetRow} .save`);
  await waitForText(page, `${sheetRow} .status`, /removed/);
  expect((await usage()).sheets.find((s) => s.sheet === 'Sheet1')?.limit).toBeNull();
  expect(await page.isHidden(`${sheetRow} .bar`)).toBe(true);
});

test('a budget that is not a whole number is refused on the page without a server call', async () => {
  page = await bridge.open(browser);
  await page.locator('#usage-spreadsheet .tokens').waitFor();
  const calls = bridge.calls.length;
  await page.fill('#usage-spreadsheet .tokens', '12.5k');
  await page.click('#usage-spreadsheet .save');
  await waitForText(page, '#usage-spreadsheet .status', /whole number/);
  expect(bridge.calls.slice(calls).some((c) => c.fn === 'setBudget')).toBe(false);
});

test('Clear cache asks on the page first, and only a confirmed clear starts a new cache epoch', async () => {
  const epoch = () => bridge.emu.properties('document')['cache:epoch'];
  const warm = await bridge.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A20)');
  expect(warm.ok).toBe(true);
  const before = epoch();
  page = await bridge.open(browser);
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });

  await page.click('#cache-clear');
  expect(await page.isVisible('#cache-confirm')).toBe(true);
  expect(await page.isDisabled('#cache-clear')).toBe(true);
  expect(await page.textContent('#cache-confirm')).toMatch(/Forget every cached answer/);
  await page.click('#cache-confirm-no');
  expect(await page.isHidden('#cache-confirm')).toBe(true);
  expect(bridge.calls.some((c) => c.fn === 'clearCache')).toBe(false);
  expect(epoch()).toBe(before);

  await page.click('#cache-clear');
  await page.click('#cache-confirm-yes');
  await waitForText(page, '#cache-message', /Cache cleared/);
  expect(await page.isHidden('#cache-confirm')).toBe(true);
  expect(bridge.calls.filter((c) => c.fn === 'clearCache')).toHaveLength(1);
  expect(epoch()).toBeTruthy();
  expect(epoch()).not.toBe(before);
  expect(dialogs).toBe(0);
});
