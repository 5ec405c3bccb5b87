// The API key section against the emulator and the stub: saving, refusing, deleting.
import type { Browser, Page } from 'playwright-core';
import {
  GOOD_KEY,
  NOQUOTA_KEY,
  REVOKED_KEY,
  inputValues,
  launchBrowser,
  startBridge,
  waitForText,
  type Bridge,
} from './bridge';

let browser: Browser;
let bridge: Bridge;
let page: Page | undefined;

beforeAll(async () => {
  [browser, bridge] = await Promise.all([launchBrowser(), startBridge()]);
});
afterAll(async () => {
  await bridge?.close();
  await browser?.close();
});
beforeEach(async () => {
  bridge.locale = 'en';
  bridge.delayMs = 0;
  bridge.calls.length = 0;
  await bridge.emu.run('deleteApiKey');
});
afterEach(async () => {
  await page?.context().close();
  page = undefined;
});

const storedKey = () => bridge.emu.properties('user')['openai.apiKey'];

async function submitKey(p: Page, key: string): Promise<void> {
  await p.fill('#key-input', key);
  await p.click('#key-save');
}

test('a key pasted with surrounding spaces is saved, shown masked with a note that spaces were removed, and the raw key is nowhere in the page afterwards', async () => {
  page = await bridge.open(browser);
  expect(await page.textContent('#key-status')).toMatch(/No key saved/);
  await submitKey(page, `   ${GOOD_KEY}  \t `);
  const message = await waitForText(page, '#key-message', /removed/);
  expect(message).toMatch(/Key saved/);
  expect(await page.getAttribute('#key-message', 'class')).toMatch(/success/);
  expect(await page.textContent('#key-status')).toContain(`sk-...${GOOD_KEY.slice(-4)}`);
  expect(await page.inputValue('#key-input')).toBe('');
  expect(await page.getAttribute('#key-input', 'type')).toBe('password');
  expect(await page.getAttribute('#key-input', 'autocomplete')).toBe('off');
  expect(storedKey()).toBe(GOOD_KEY);

  const html = await page.content();
  expect(html).not.toContain(GOOD_KEY);
  expect(html).not.toContain(GOOD_KEY.slice(3, -4));
  for (const value of await inputValues(page)) expect(value).not.toContain(GOOD_KEY.slice(3, -4));
  expect(bridge.blocked).toEqual([]);
});

test('a malformed key is refused with an explanation, and what was typed stays in the input', async () => {
  page = await bridge.open(browser);
  await submitKey(page, 'not-a-key-at-all-1234567890');
  const message = await waitForText(page, '#key-message', /sk-/);
  expect(message).toMatch(/does not look like an OpenAI API key/);
  expect(await page.getAttribute('#key-message', 'class')).toMatch(/error/);
  expect(await page.inputValue('#key-input')).toBe('not-a-key-at-all-1234567890');
  expect(await page.textContent('#key-status')).toMatch(/No key saved/);
  expect(storedKey()).toBeUndefined();
});

test('a revoked key is refused with a message saying to create a new key, and the input keeps it', async () => {
  page = await bridge.open(browser);
  await submitKey(page, REVOKED_KEY);
  const message = await waitForText(page, '#key-message', /new key/);
  expect(message).toMatch(/platform\.openai\.com\/api-keys/);
  expect(message).not.toContain(REVOKED_KEY);
  expect(await page.inputValue('#key-input')).toBe(REVOKED_KEY);
  expect(storedKey()).toBeUndefined();
});

test('a key whose account has no credit left is refused on saving with a message saying to add credit', async () => {
  // Listing models works without credit, so saving also sends one tiny completion to find out.
  page = await bridge.open(browser);
  await submitKey(page, NOQUOTA_KEY);
  const message = await waitForText(page, '#key-message', /credit/);
  expect(message).toMatch(/billing/);
  expect(message).not.toContain(NOQUOTA_KEY);
  expect(await page.getAttribute('#key-message', 'class')).toMatch(/error/);
  expect(await page.inputValue('#key-input')).toBe(NOQUOTA_KEY);
  expect(await page.textContent('#key-status')).toMatch(/No key saved/);
  expect(storedKey()).toBeUndefined();
});

test('when the account runs out of credit after the key was saved, Try it says to add credit', async () => {
  bridge.emu.setProperty('user', 'openai.apiKey', NOQUOTA_KEY);
  page = await bridge.open(browser);
  await page.fill('#try-input', 'Hello');
  await page.click('#try-send');
  const message = await waitForText(page, '#try-message', /credit/);
  expect(message).toMatch(/billing/);
  expect(message).not.toContain(NOQUOTA_KEY);
  expect(await page.getAttribute('#try-message', 'class')).toMatch(/error/);
  expect(await page.isHidden('#try-answer')).toBe(true);
});

test('the buttons are disabled while the key is being tested, and a saved key is deleted with one click', async () => {
  page = await bridge.open(browser);
  expect(await page.isHidden('#key-delete')).toBe(true);
  bridge.delayMs = 800;
  await submitKey(page, GOOD_KEY);
  await waitForText(page, '#key-message', /Testing/);
  expect(await page.isDisabled('#key-save')).toBe(true);
  await waitForText(page, '#key-message', /Key saved/);
  expect(await page.isEnabled('#key-save')).toBe(true);
  bridge.delayMs = 0;
  expect(bridge.calls.filter((c) => c.fn === 'saveApiKey')).toHaveLength(1);

  await page.click('#key-delete');
  await waitForText(page, '#key-message', /Key deleted/);
  expect(await page.textContent('#key-status')).toMatch(/No key saved/);
  expect(await page.isHidden('#key-delete')).toBe(true);
  expect(storedKey()).toBeUndefined();
});

test('the page says whose key formulas spend and where the key is kept', async () => {
  page = await bridge.open(browser);
  const note = (await page.textContent('#key')) ?? '';
  expect(note).toMatch(/owner’s key/);
  expect(note).toMatch(/own Google account/);
  expect(note).toMatch(/never shown again in full/);
  expect(note).toMatch(/Column jobs use the key of whoever starts them/);
});
