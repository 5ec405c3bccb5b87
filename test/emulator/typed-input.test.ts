import type { Emulator } from '../../tools/emulator';
import { createPlatformEmulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await createPlatformEmulator({ spreadsheet: { timeZone: 'Asia/Tokyo', sheets: { Sheet1: [] } } });
});
afterAll(() => emu.close());

interface Cells {
  values: unknown[][];
  display: string[][];
  formulas: string[][];
}

async function written(
  a1: string,
  text: string,
): Promise<{ value: unknown; display: string; formula: string }> {
  await emu.run('writeValues', [a1, [[text]]]);
  const cells = (await emu.run('readCells', [a1])).value as Cells;
  return { value: cells.values[0][0], display: cells.display[0][0], formula: cells.formulas[0][0] };
}

test('"00123" is read as the number 123', async () => {
  expect(await written('A1', '00123')).toEqual({ value: 123, display: '123', formula: '' });
});

test('"TRUE" and "false" are read as booleans', async () => {
  expect(await written('A2', 'TRUE')).toMatchObject({ value: true, display: 'TRUE' });
  expect(await written('A2', 'false')).toMatchObject({ value: false, display: 'FALSE' });
});

test('"1e3" is read as 1000, shown in scientific notation', async () => {
  expect(await written('A3', '1e3')).toMatchObject({ value: 1000, display: '1.00E+03' });
});

test('"10%" is read as 0.1, shown as a percentage', async () => {
  expect(await written('A4', '10%')).toMatchObject({ value: 0.1, display: '10%' });
  expect(await written('A4', '12.5%')).toMatchObject({ value: 0.125, display: '12.50%' });
});

test('"2024-05-01" is read as a date at midnight in the spreadsheet time zone', async () => {
  const cell = await written('A5', '2024-05-01');
  expect(cell.value).toEqual(new Date('2024-04-30T15:00:00Z'));
  expect(cell.display).toBe('2024-05-01');
  expect((await written('A5', '5/1/2024')).value).toEqual(new Date('2024-04-30T15:00:00Z'));
  expect((await written('A5', 'Mar 1 2016')).value).toEqual(new Date('2016-02-29T15:00:00Z'));
  expect((await written('A5', '2024-02-30')).value).toBe('2024-02-30');
});

test('"$5" and "¥500" are read as currency numbers', async () => {
  expect(await written('A6', '$5')).toMatchObject({ value: 5, display: '$5.00' });
  expect(await written('A6', '¥500')).toMatchObject({ value: 500, display: '¥500' });
  expect(await written('A6', '-$1,234.5')).toMatchObject({ value: -1234.5, display: '-$1,234.50' });
});

test('"+1" and "-12.5" are numbers, "1,234" a grouped number; other text stays text', async () => {
  expect(await written('A7', '+1')).toMatchObject({ value: 1, display: '1' });
  expect(await written('A7', '-12.5')).toMatchObject({ value: -12.5 });
  expect(await written('A7', '1,234')).toMatchObject({ value: 1234, display: '1,234' });
  expect(await written('A7', '1,23')).toMatchObject({ value: '1,23' });
  expect(await written('A7', 'order 00123')).toMatchObject({ value: 'order 00123' });
});

test('a plain-text cell ("@") keeps strings as they are, but still consumes an apostrophe and makes formulas', async () => {
  expect((await emu.run('setFormat', ['B1:B9', '@'])).value).toEqual({ ok: true });
  const kept = ['00123', 'TRUE', '1e3', '10%', '2024-05-01', '$5', '+1', '-x'];
  await emu.run('writeValues', ['B1:B8', kept.map((t) => [t])]);
  const cells = (await emu.run('readCells', ['B1:B8'])).value as Cells;
  expect(cells.values.flat()).toEqual(kept);
  expect(cells.display.flat()).toEqual(kept);
  expect(cells.formulas.flat()).toEqual(kept.map(() => ''));
  expect(await written('B9', "'00123")).toMatchObject({ value: '00123' });
  expect(await written('B9', '=1+2')).toMatchObject({ value: '', formula: '=1+2' });
});

test('number formats are set and read back; an unformatted cell has the default', async () => {
  expect((await emu.run('formats', ['C1'])).value).toEqual({
    one: '0.###############',
    all: [['0.###############']],
  });
  await emu.run('setFormats', ['C1:D1', [['0.00', '#,##0']]]);
  await emu.run('writeValues', ['C1:D1', [[1.5, 1234567]]]);
  expect(((await emu.run('readCells', ['C1:D1'])).value as Cells).display).toEqual([['1.50', '1,234,567']]);
  expect((await emu.run('formats', ['C1:D1'])).value).toEqual({ one: '0.00', all: [['0.00', '#,##0']] });
  expect(emu.sheet('Sheet1').getNumberFormats('C1:D1')).toEqual([['0.00', '#,##0']]);
  expect((await emu.run('setFormats', ['C1:D1', [['0']]])).value).toMatchObject({
    ok: false,
    message: expect.stringContaining('The data has 1 but the range has 2.'),
  });
});

test('typing a percentage records its format; a format set by the script wins', async () => {
  await written('C5', '10%');
  expect((await emu.run('formats', ['C5'])).value).toMatchObject({ one: '0%' });
  await emu.run('setFormat', ['C6', '0.0']);
  expect(await written('C6', '10%')).toMatchObject({ value: 0.1, display: '0.1' });
});

test('custom functions cannot change number formats', async () => {
  const r = await emu.run('setFormat', ['E1', '@'], { kind: 'custom' });
  expect(r.value).toMatchObject({ ok: false, message: 'You do not have permission to call setNumberFormat' });
});

test('a decimal-comma locale reads 1,5 and 1.234,5 and shows numbers with a comma', async () => {
  const de = await createPlatformEmulator({ spreadsheet: { locale: 'de_DE', timeZone: 'Europe/Berlin' } });
  try {
    await de.run('writeValues', ['A1:A4', [['1,5'], ['1.234,5'], ['1.5.2024'], ['5 €']]]);
    const cells = (await de.run('readCells', ['A1:A4'])).value as Cells;
    expect(cells.values.flat()).toEqual([1.5, 1234.5, new Date('2024-04-30T22:00:00Z'), 5]);
    expect(cells.display.flat()).toEqual(['1,5', '1.234,50', '1.5.2024', '5,00 €']);
  } finally {
    await de.close();
  }
});
