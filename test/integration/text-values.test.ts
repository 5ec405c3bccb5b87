// Text stays text: whatever the model wrote is what the cell holds and shows, whether a column job
// wrote it or "Replace selected formulas with values" froze a formula's answer. Sheets reads strings
// written by scripts as if typed (the emulator converts numbers, dates, booleans, percentages and
// currency, and makes formulas of = + - @), so each kind is written and read back here.
import { saveKey, startHarness, type Harness } from './harness';
import { start, step } from './job-helpers';

/** Answers the stub repeats exactly ("Repeat the text exactly"). */
const TEXTS = [
  '00123',
  'TRUE',
  'false',
  '1e3',
  '1.5E+03',
  '2024-05-01',
  '5/1/2024',
  'Mar 1 2016',
  '10%',
  '$5',
  '¥500',
  '-$1,234.5',
  '1,234',
  '1.234,5',
  '-12.5',
  '+1',
  '0.1',
  '=1+2',
  '=IMPORTXML("http://example.com","//a")',
  '+cmd|calc',
  '-x',
  '@SUM(1)',
  "'quoted",
  "''twice",
];
const LAST = TEXTS.length + 1;

describe.each(['en_US', 'de_DE'])('in a %s spreadsheet', (locale) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      spreadsheet: { locale, sheets: { Sheet1: [['Text'], ...TEXTS.map((t) => [t])] } },
    });
    await saveKey(h.emu);
  });
  afterEach(() => h.close());

  function expectTexts(column: string): void {
    const view = h.emu.sheet('Sheet1');
    const a1 = `${column}2:${column}${LAST}`;
    expect(view.getValues(a1).flat()).toEqual(TEXTS);
    expect(view.getDisplayValues(a1).flat()).toEqual(TEXTS);
    expect(
      view
        .getFormulas(a1)
        .flat()
        .every((f) => f === ''),
    ).toBe(true);
  }

  test('a column job writes every kind of text exactly as the model wrote it', async () => {
    const jobId = await start(h, {
      sheet: 'Sheet1',
      inputColumn: 'A',
      outputColumn: 'C',
      task: 'prompt',
      args: { prompt: 'Repeat the text exactly' },
    });
    expect((await step(h, jobId))?.state).toBe('done');
    expectTexts('C');
    expect(
      h.emu
        .sheet('Sheet1')
        .getNumberFormats(`C2:C${LAST}`)
        .flat()
        .every((f) => f === '@'),
    ).toBe(true);
  });

  test('Replace selected formulas with values keeps each answer exactly, the whole answer of a range formula', async () => {
    const sep = locale === 'de_DE' ? ';' : ',';
    const formula = `=GPT("Repeat the text exactly"${sep} A2:A${LAST})`;
    expect((await h.emu.evaluate('Sheet1', 'D2', formula)).ok).toBe(true);
    expect(h.emu.sheet('Sheet1').getValues(`D2:D${LAST}`).flat()).toEqual(TEXTS);
    // Selecting a few cells of the answer is enough: the formula is replaced by its whole answer.
    const result = await h.emu.run('replaceFormulasWithValues', [], {
      callingCell: { sheet: 'Sheet1', a1: 'D10:D12' },
    });
    expect(result.error).toBeUndefined();
    expect(h.emu.ui.toasts.at(-1)).toMatch(new RegExp(`^${TEXTS.length} cell`));
    expectTexts('D');
  });
});

describe('Replace selected formulas with values', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      spreadsheet: {
        sheets: {
          Sheet1: [
            ['Review', 'Mine', 'Plain'],
            ['Great product', '', '00123'],
            ['Broke in a week', '', 'TRUE'],
            ['It came on Tuesday', '', '=not a formula, a string'],
          ],
        },
      },
    });
    await saveKey(h.emu);
  });
  afterEach(() => h.close());

  test('touches only the add-on’s formulas in the selection: not text, numbers or other formulas', async () => {
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
    await h.emu.evaluate('Sheet1', 'B3', '=GPT_SENTIMENT(A3)');
    h.emu.editCell('Sheet1', 'B4', '=SUM(1,2)');
    h.emu.editCell('Sheet1', 'D2', '42');
    const result = await h.emu.run('replaceFormulasWithValues', [], {
      callingCell: { sheet: 'Sheet1', a1: 'A1:D4' },
    });
    expect(result.error).toBeUndefined();
    const view = h.emu.sheet('Sheet1');
    expect(view.getValues('B2:B3').flat()).toEqual(['positive', 'negative']);
    expect(view.getFormulas('B2:B4').flat()).toEqual(['', '', '=SUM(1,2)']);
    expect(view.getValues('C2:C4').flat()).toEqual(['00123', 'TRUE', '=not a formula, a string']);
    expect(view.getValues('D2')[0][0]).toBe(42);
    for (const column of ['A', 'C', 'D'])
      expect(h.emu.writeCounts('Sheet1', column).every((n) => n === 0)).toBe(true);
    const counts = h.emu.writeCounts('Sheet1', 'B');
    expect([counts[1], counts[2], counts[3] ?? 0]).toEqual([1, 1, 0]);
    expect(h.emu.ui.toasts.at(-1)).toMatch(/^2 cell/);
  });

  test('a range formula whose answer was blocked by data freezes only its own cell', async () => {
    h.emu.sheet('Sheet1').setValues('B3', [['in the way']]);
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A4)');
    expect(h.emu.sheet('Sheet1').getValues('B2')[0][0]).toBe('#REF!');
    await h.emu.run('replaceFormulasWithValues', [], { callingCell: { sheet: 'Sheet1', a1: 'B2:B4' } });
    expect(h.emu.sheet('Sheet1').getValues('B2:B4').flat()).toEqual(['#REF!', 'in the way', '']);
    expect((h.emu.writeCounts('Sheet1', 'B').slice(2, 4) as number[]).every((n) => n === 0)).toBe(true);
  });
});
