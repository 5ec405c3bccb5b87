// Model, base URL and "Try it", and what the page does with hostile sheet names and answers.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveKey, startBridge, waitForText, type Bridge } from './bridge';

let browser: Browser;
let bridge: Bridge;
let page: Page | undefined;

beforeAll(async () => {
  [browser, bridge] = await Promise.all([launchBrowser(), startBridge()]);
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

interface SettingsValue {
  model: string;
  baseUrl: string;
  defaultModel: string;
  defaultBaseUrl: string;
}

async function serverSettings(): Promise<SettingsValue> {
  const result = await bridge.emu.run('getSettings');
  expect(result.ok).toBe(true);
  return result.value as SettingsValue;
}

test('choosing another model saves it, getSettings reports it, and the reopened sidebar shows it', async () => {
  const before = await serverSettings();
  page = await bridge.open(browser);
  const automatic = await page.textContent('#model-select option[value=""]');
  expect(automatic).toBe(`Automatic (${before.defaultModel})`);
  expect(await page.textContent('#model-automatic-note')).toBe(
    'Automatic: the cheapest current model your key can use.',
  );
  expect(await page.inputValue('#model-select')).toBe('');

  await page.selectOption('#model-select', 'gpt-5.4-nano');
  await waitForText(page, '#model-message', /Saved\. Formulas now use gpt-5\.4-nano/);
  expect((await serverSettings()).model).toBe('gpt-5.4-nano');
  expect(bridge.calls.some((c) => c.fn === 'saveSettings')).toBe(true);
  await page.context().close();

  page = await bridge.open(browser);
  expect(await page.inputValue('#model-select')).toBe('gpt-5.4-nano');
  await page.selectOption('#model-select', '');
  await waitForText(page, '#model-message', new RegExp(`Formulas now use ${before.defaultModel}`));
});

test.each([
  ['en', /OpenAI shuts gpt-5 down on 2026-12-11 \(in 10 days\)\..*recommends gpt-6\.1-sol/],
  ['ja', /OpenAI は gpt-5 を 2026-12-11（あと 10 日）に提供終了します.*推奨は gpt-6\.1-sol/],
] as const)(
  'a model shutting down within 30 days is dated in the picker and warned about (%s)',
  async (locale, warning) => {
    await bridge.emu.run('saveSettings', [{ model: 'gpt-5' }]);
    bridge.locale = locale;
    try {
      page = await bridge.open(browser);
      expect(await page.textContent('#model-select option[value="gpt-5"]')).toMatch(/2026-12-11/);
      await waitForText(page, '#model-notice', warning);
      expect(await page.isVisible('#model-notice')).toBe(true);
    } finally {
      bridge.locale = 'en';
      await bridge.emu.run('saveSettings', [{ model: null }]);
    }
  },
);

test.each([
  ['en', /Prices and shutdown dates as of 2026-12-06/],
  ['ja', /料金と提供終了日は 2026-12-06 時点/],
] as const)('the sidebar says how old the add-on’s prices and dates are (%s)', async (locale, line) => {
  bridge.locale = locale;
  try {
    page = await bridge.open(browser);
    await waitForText(page, '#catalog-date', line);
  } finally {
    bridge.locale = 'en';
  }
});

test('a model OpenAI retired is shown as replaced, naming the model formulas use now', async () => {
  bridge.emu.setProperty(
    'user',
    'settings',
    JSON.stringify({ model: 'gpt-4.1-nano', baseUrl: 'https://api.openai.com/v1', prices: {} }),
  );
  try {
    page = await bridge.open(browser);
    await waitForText(page, '#model-notice', /OpenAI retired gpt-4\.1-nano, so formulas now use gpt-6-luna/);
  } finally {
    await bridge.emu.run('saveSettings', [{ model: null }]);
  }
});

test('a non-https base URL is refused with the server’s explanation, kept in the input, and not saved', async () => {
  page = await bridge.open(browser);
  expect(await page.isVisible('#base-url')).toBe(false);
  await page.click('#advanced summary');
  await page.fill('#base-url', 'http://attacker.example/v1');
  await page.click('#base-url-save');
  const message = await waitForText(page, '#base-url-message', /https:\/\//);
  expect(message).toMatch(/Leave it empty to use OpenAI/);
  expect(await page.getAttribute('#base-url-message', 'class')).toMatch(/error/);
  expect(await page.inputValue('#base-url')).toBe('http://attacker.example/v1');
  const settings = await serverSettings();
  expect(settings.baseUrl).toBe(settings.defaultBaseUrl);
  expect(await page.textContent('#advanced')).toMatch(/kept per user/);
});

test('Try it sends the prompt with the saved key and shows the answer', async () => {
  page = await bridge.open(browser);
  await page.fill('#try-input', 'Say hello politely');
  await page.click('#try-send');
  const answer = await waitForText(page, '#try-answer', /hello/i);
  expect(answer.length).toBeGreaterThan(0);
  expect(bridge.calls.find((c) => c.fn === 'tryPrompt')?.args).toEqual(['Say hello politely']);
});

test('an HTML payload as a sheet name and in a model answer is shown as text and never runs', async () => {
  const payload = '<img src=x onerror="window.__xss=1">';
  bridge.emu.addSheet(payload, [['text'], ['fine']]);
  page = await bridge.open(browser);
  await page.locator('#usage-tabs .scope').nth(1).waitFor();

  // The sheet name: a row titled with the literal text; its budget can be saved by that name.
  const row = page.locator('#usage-tabs .scope', { hasText: 'onerror' });
  expect(await row.locator('.scope-name').textContent()).toBe(payload);
  expect(await row.getAttribute('data-sheet')).toBe(payload);
  await row.locator('.tokens').fill('1234');
  await row.locator('.save').click();
  await row.locator('.status', { hasText: /Budget saved/ }).waitFor();
  const usage = await bridge.emu.run('getUsage');
  const sheets = (usage.value as { sheets: Array<{ sheet: string; limit: number | null }> }).sheets;
  expect(sheets.find((s) => s.sheet === payload)?.limit).toBe(1234);

  // The model's answer, which echoes the start of the prompt.
  await page.fill('#try-input', payload);
  await page.click('#try-send');
  const answer = await waitForText(page, '#try-answer', /<img/);
  expect(answer).toContain('onerror');

  expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
  expect(await page.locator('img').count()).toBe(0);
  expect(bridge.blocked).toEqual([]);
});

test('the owner turns “send every row alone” on and off, and the page shows what it costs per row', async () => {
  await bridge.emu.evaluate('Sheet1', 'Z1', '=GPT_SENTIMENT("fine")'); // a formula shows who the owner is
  page = await bridge.open(browser);
  const cost = await page.textContent('#isolate-cost');
  const [alone, batched] = (cost ?? '').match(/\d[\d,]*/g) ?? [];
  expect(Number(alone?.replace(/,/g, ''))).toBeGreaterThan(Number(batched?.replace(/,/g, '')));
  expect(await page.isChecked('#isolate-rows')).toBe(false);
  await page.check('#isolate-rows');
  await waitForText(page, '#isolate-message', /send each row alone from now on/);
  expect(JSON.parse(bridge.emu.properties('document')['settings:isolateRows'] ?? '{}').on).toBe(true);
  await page.uncheck('#isolate-rows');
  await waitForText(page, '#isolate-message', /Rows are batched again/);
  expect(JSON.parse(bridge.emu.properties('document')['settings:isolateRows'] ?? '{}').on).toBe(false);
});
