// The job dialogs' personal-data panel in Chromium, answered by the bundle in the emulator: the
// counts per kind, the choice sent with the job, the skipped rows' note in the sheet, Japanese, and
// the Batch API moving the choice from mask to skip.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveKey, startBridge, waitForText, type Bridge } from './bridge';
import { waitForState } from './column-job-fixtures';

let browser: Browser;
let bridge: Bridge;
let page: Page | undefined;

const SHEETS = {
  Tickets: [
    ['ID', 'Ticket', 'Answer'],
    [1, 'Please call me on ０９０ー１２３４ー５６７８ about the order', ''],
    [2, 'Refund to yamada@example.co.jp please', ''],
    [3, 'I love it, excellent', ''],
    [4, 'Order 123456789019 was late', ''],
  ],
};

beforeAll(async () => {
  [browser, bridge] = await Promise.all([launchBrowser(), startBridge({ spreadsheet: { sheets: SHEETS } })]);
  await saveKey(bridge.emu);
});
afterAll(async () => {
  await bridge?.close();
  await browser?.close();
});
afterEach(async () => {
  bridge.locale = 'en';
  await page?.context().close();
  page = undefined;
});

async function openOnTickets(): Promise<Page> {
  bridge.activeCell = { sheet: 'Tickets', a1: 'B2' };
  const p = await bridge.open(browser, { page: 'ColumnJob' });
  return p;
}

test('the dialog shows how many rows hold each kind before anything is sent, mask chosen', async () => {
  const before = (await bridge.stub.stats()).chatCompletions;
  page = await openOnTickets();
  const summary = await waitForText(page, '#pd-summary', /rows hold personal data/);
  expect(summary).toBe('2 of 4 rows hold personal data: e-mail addresses in 1, phone numbers in 1.');
  expect(await page.isChecked('#pd-mask')).toBe(true);
  expect((await bridge.stub.stats()).chatCompletions).toBe(before);
});

test('skipping sends the choice with the job, and the skipped rows say why in the sheet', async () => {
  page = await openOnTickets();
  await waitForText(page, '#pd-summary', /rows hold personal data/);
  await page.check('#pd-skip');
  await page.click('#start');
  await waitForState(page, 'done');
  const started = bridge.calls.find((c) => c.fn === 'startColumnJob');
  expect(started?.args[0]).toMatchObject({ personalData: 'skip' });
  const column = (started?.args[0] as { outputColumn: string }).outputColumn;
  const out = bridge.emu
    .sheet('Tickets')
    .getValues(`${column}2:${column}5`)
    .map((r) => String(r[0]));
  expect(out[0]).toMatch(/^⚠ Not sent: this row holds personal data \(phone number\)/);
  expect(out[1]).toMatch(/\(e-mail address\)/);
  expect(out[2]).toBe('positive');
});

test('in Japanese, and with the Batch API masking is not offered', async () => {
  bridge.locale = 'ja';
  page = await openOnTickets();
  const summary = await waitForText(page, '#pd-summary', /個人情報があります/);
  expect(summary).toBe('4 行のうち 2 行に個人情報があります：メールアドレス 1 行、電話番号 1 行。');
  await page.check('#mode-batch');
  expect(await page.isDisabled('#pd-mask')).toBe(true);
  expect(await page.isChecked('#pd-skip')).toBe(true);
  expect(await page.isVisible('#pd-batch')).toBe(true);
});

test('the owner turns masking on for formulas from the sidebar; the setting is saved', async () => {
  page = await bridge.open(browser);
  expect(await page.isChecked('#mask-formulas')).toBe(false);
  await page.check('#mask-formulas');
  await waitForText(page, '#mask-message', /Formulas mask personal data from now on\./);
  const s = await bridge.emu.run('getSettings');
  expect(s.value).toMatchObject({ maskPersonalData: true });
  await bridge.emu.run('saveSettings', [{ maskPersonalData: false }]);
});
