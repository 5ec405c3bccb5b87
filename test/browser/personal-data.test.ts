// The job dialogs' personal-data panel in Chromium, answered by the bundle in the emulator: the
// counts per kind, the choice sent with the job, the skipped rows' note in the sheet, Japanese, and
// the Batch API moving the choice from mask to skip.
import type { Page } from 'playwright-core';
import { waitForText } from './bridge';
import { usePageSession } from './page-session';
import { waitForState } from './column-job-fixtures';

const SHEETS = {
  Tickets: [
    ['ID', 'Ticket', 'Answer'],
    [1, 'Please call me on ０９０ー１２３４ー５６７８ about the order', ''],
    [2, 'Refund to yamada@example.co.jp please', ''],
    [3, 'I love it, excellent', ''],
    [4, 'Order 123456789019 was late', ''],
  ],
};

const session = usePageSession({ sheets: SHEETS, key: true });

async function openOnTickets(): Promise<Page> {
  session.bridge.activeCell = { sheet: 'Tickets', a1: 'B2' };
  const p = await session.open({ page: 'ColumnJob' });
  return p;
}

test('the dialog shows how many rows hold each kind before anything is sent, mask chosen', async () => {
  const before = (await session.bridge.stub.stats()).chatCompletions;
  const page = await openOnTickets();
  const summary = await waitForText(page, '#pd-summary', /rows hold personal data/);
  expect(summary).toBe('2 of 4 rows hold personal data: e-mail addresses in 1, phone numbers in 1.');
  expect(await page.isChecked('#pd-mask')).toBe(true);
  expect((await session.bridge.stub.stats()).chatCompletions).toBe(before);
});

test('skipping sends the choice with the job, and the skipped rows say why in the sheet', async () => {
  const page = await openOnTickets();
  await waitForText(page, '#pd-summary', /rows hold personal data/);
  await page.check('#pd-skip');
  await page.click('#start');
  await waitForState(page, 'done');
  const started = session.bridge.calls.find((c) => c.fn === 'startColumnJob');
  expect(started?.args[0]).toMatchObject({ personalData: 'skip' });
  const column = (started?.args[0] as { outputColumn: string }).outputColumn;
  const out = session.bridge.emu
    .sheet('Tickets')
    .getValues(`${column}2:${column}5`)
    .map((r) => String(r[0]));
  expect(out[0]).toMatch(/^⚠ Not sent: this row holds personal data \(phone number\)/);
  expect(out[1]).toMatch(/\(e-mail address\)/);
  expect(out[2]).toBe('positive');
});

test('in Japanese, and with the Batch API masking is not offered', async () => {
  session.bridge.locale = 'ja';
  const page = await openOnTickets();
  const summary = await waitForText(page, '#pd-summary', /個人情報があります/);
  expect(summary).toBe('4 行のうち 2 行に個人情報があります：メールアドレス 1 行、電話番号 1 行。');
  await page.check('#mode-batch');
  expect(await page.isDisabled('#pd-mask')).toBe(true);
  expect(await page.isChecked('#pd-skip')).toBe(true);
  expect(await page.isVisible('#pd-batch')).toBe(true);
});

test('the owner turns masking on for formulas from the sidebar; the setting is saved', async () => {
  const page = await session.open();
  expect(await page.isChecked('#mask-formulas')).toBe(false);
  await page.check('#mask-formulas');
  await waitForText(page, '#mask-message', /Formulas mask personal data from now on\./);
  const s = await session.bridge.emu.run('getSettings');
  expect(s.value).toMatchObject({ maskPersonalData: true });
  await session.bridge.emu.run('saveSettings', [{ maskPersonalData: false }]);
});
