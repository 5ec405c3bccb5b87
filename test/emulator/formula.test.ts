import type { Emulator } from '../../tools/emulator';
import { parseFormula } from '../../tools/emulator/formula';
import { createPlatformEmulator } from './helpers';

test('a skipped argument is parsed as an empty argument, also at the end', () => {
  expect(parseFormula('=GPT("x", B2, , 3)').args.map((a) => a.kind)).toEqual([
    'value',
    'ref',
    'empty',
    'value',
  ]);
  expect(parseFormula('=F(1,)').args).toEqual([{ kind: 'value', value: 1 }, { kind: 'empty' }]);
  expect(parseFormula('=F()').args).toEqual([]);
});

test('decimal-comma locales separate arguments with ";" and write decimals with ","', () => {
  expect(parseFormula('=F("a, b"; 0,5; A1)', 'de_DE').args).toEqual([
    { kind: 'value', value: 'a, b' },
    { kind: 'value', value: 0.5 },
    { kind: 'ref', ref: { sheet: undefined, startCol: 1, startRow: 1, endCol: 1, endRow: 1 }, single: true },
  ]);
  expect(parseFormula('=F(1,5)', 'fr_FR').args).toEqual([{ kind: 'value', value: 1.5 }]);
  expect(parseFormula('=F(1,5)', 'en_US').args).toEqual([
    { kind: 'value', value: 1 },
    { kind: 'value', value: 5 },
  ]);
  expect(parseFormula('=F(1;5)', 'ja_JP').args).toHaveLength(2); // corrected to "," by Sheets
  expect(() => parseFormula('=F(1.5)', 'de_DE')).toThrow('Formula parse error');
});

describe('evaluate', () => {
  let emu: Emulator;
  afterEach(() => emu.close());

  test('passes a skipped argument as an empty value', async () => {
    emu = await createPlatformEmulator({ spreadsheet: { sheets: { Sheet1: [['', 'text']] } } });
    const r = await emu.evaluate('Sheet1', 'C1', '=ARGS("p", B1, , 3)');
    expect(JSON.parse(r.value as string)).toEqual([
      ['string', 'p'],
      ['string', 'text'],
      ['string', ''],
      ['number', 3],
    ]);
  });

  test("reads a formula in the spreadsheet locale's syntax", async () => {
    emu = await createPlatformEmulator({ spreadsheet: { locale: 'de_DE', sheets: { Sheet1: [[2]] } } });
    const r = await emu.evaluate('Sheet1', 'B1', '=ARGS("a,b"; 0,25; A1)');
    expect(JSON.parse(r.value as string)).toEqual([
      ['string', 'a,b'],
      ['number', 0.25],
      ['number', 2],
    ]);
  });
});

test('a formula is in its cell while its function runs, and so are the formulas dragged down with it', async () => {
  const emu = await createPlatformEmulator({ spreadsheet: { sheets: { Sheet1: [['a'], ['b'], ['c']] } } });
  try {
    const cells = ['B1', 'B2', 'B3'].map((a1) => emu.evaluate('Sheet1', a1, '=COLUMN_FORMULAS(3)'));
    const results = await Promise.all(cells);
    for (const r of results)
      expect(r.value).toBe('=COLUMN_FORMULAS(3)|=COLUMN_FORMULAS(3)|=COLUMN_FORMULAS(3)');
    expect(emu.sheet('Sheet1').getFormulas('B1:B3').flat()).toEqual(Array(3).fill('=COLUMN_FORMULAS(3)'));
  } finally {
    await emu.close();
  }
});
