import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '../../tools/emulator';
import { createPlatformEmulator } from './helpers';

// The fixture manifest sets the script time zone to Asia/Tokyo.
let emu: Emulator;
beforeAll(async () => {
  emu = await createPlatformEmulator({
    spreadsheet: { id: 'tokyo', timeZone: 'Asia/Tokyo', sheets: { Sheet1: [] } },
  });
  emu.addSpreadsheet({ id: 'auckland', timeZone: 'Pacific/Auckland', sheets: { Sheet1: [] } });
});
afterAll(() => emu.close());

test('the spreadsheet time zone comes from the spreadsheet option', async () => {
  expect((await emu.run('spreadsheetZone')).value).toBe('Asia/Tokyo');
  expect((await emu.run('spreadsheetZone', [], { spreadsheet: 'auckland' })).value).toBe('Pacific/Auckland');
});

test('a cell showing 2026-01-05 in a Tokyo spreadsheet reaches a custom function as 2026-01-04T15:00:00Z', async () => {
  const date = emu.setDate('Sheet1', 'A1', '2026-01-05');
  expect(date).toEqual(new Date('2026-01-04T15:00:00Z'));
  expect(emu.sheet('Sheet1').getDisplayValues('A1')).toEqual([['2026-01-05']]);
  expect((await emu.evaluate('Sheet1', 'B1', '=INSTANT(A1)')).value).toBe('2026-01-04T15:00:00.000Z');
  emu.setDate('Sheet1', 'A2', { year: 2026, month: 1, day: 5, hour: 9, minute: 30 });
  expect((await emu.evaluate('Sheet1', 'B2', '=INSTANT(A2)')).value).toBe('2026-01-05T00:30:00.000Z');
});

test('a bundle that formats in the script zone instead of the spreadsheet zone gets the wrong day', async () => {
  // 2026-01-05 00:00 in Auckland (UTC+13) is 2026-01-04 20:00 in Tokyo, the script's zone.
  emu.setDate('Sheet1', 'A1', '2026-01-05', 'auckland');
  const at = (formula: string) => emu.evaluate('Sheet1', 'B1', formula, { spreadsheet: 'auckland' });
  expect((await at('=INSTANT(A1)')).value).toBe('2026-01-04T11:00:00.000Z');
  expect((await at('=DAY_SHEET_ZONE(A1)')).value).toBe('2026-01-05');
  expect((await at('=DAY_SCRIPT_ZONE(A1)')).value).toBe('2026-01-04');
  expect((await at('=DAY_LOCAL(A1)')).value).toBe('2026-01-04');
});

test("the bundle's local-time Date methods follow the manifest's time zone, not the host's", async () => {
  const r = (await emu.run('localParts', ['2026-01-04T15:00:00Z'])).value;
  expect(r).toEqual({
    year: 2026,
    month: 1,
    day: 5,
    hours: 0,
    weekday: 1,
    offset: -540,
    text: 'Mon Jan 05 2026 00:00:00 GMT+0900 (Japan Standard Time)',
    locale: '1/5/2026, 12:00:00 AM',
    intlZone: 'Asia/Tokyo',
  });
});

test('local-time constructors, Date.parse and setters read wall-clock time in the script zone', async () => {
  expect((await emu.run('localConstructors')).value).toEqual({
    fields: '2026-01-04T15:00:00.000Z',
    noZone: '2026-01-05T00:30:00.000Z',
    isoDay: '2026-01-05T00:00:00.000Z', // a date-only ISO string is UTC in JavaScript
    parsed: '2026-01-05T01:00:00.000Z',
    setHours: '2026-01-05T03:00:00.000Z',
  });
});

test('a script time zone with daylight saving time has the right offset on each side of the change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-zone-'));
  writeFileSync(join(dir, 'appsscript.json'), JSON.stringify({ timeZone: 'America/New_York' }));
  const local = await createPlatformEmulator({ manifestPath: join(dir, 'appsscript.json') });
  try {
    const at = async (iso: string) => {
      const parts = (await local.run('localParts', [iso])).value as { hours: number; offset: number };
      return [parts.hours, parts.offset];
    };
    expect(await at('2026-03-08T06:59:00Z')).toEqual([1, 300]);
    expect(await at('2026-03-08T07:00:00Z')).toEqual([3, 240]);
  } finally {
    await local.close();
    rmSync(dir, { recursive: true });
  }
});

test('time-driven event fields are in the script time zone', async () => {
  const script = await createPlatformEmulator({ isAddon: false });
  try {
    await script.run('hourlyTrigger');
    script.advanceClock(3600_000);
    await script.fireDueTriggers();
    const context = JSON.parse(script.properties('user').context) as { timezone: string; hour: number };
    expect(context.timezone).toBe('Asia/Tokyo');
    const tokyoHour = Number(
      new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', hour: 'numeric', hourCycle: 'h23' }).format(
        new Date(script.now()),
      ),
    );
    expect([tokyoHour, (tokyoHour + 23) % 24]).toContain(context.hour);
  } finally {
    await script.close();
  }
});
