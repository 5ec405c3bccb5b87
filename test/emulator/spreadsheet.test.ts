import type { Emulator } from '../../tools/emulator';
import { createEmulator } from './helpers';

let emu: Emulator;
beforeEach(async () => {
  emu = await createEmulator({
    spreadsheet: { sheets: { Sheet1: [['Numbers'], [1], [2], [3]], Notes: [['x']] } },
  });
});
afterEach(() => emu.close());

test('setValues turns "=..." into a formula and "\'=..." into text', async () => {
  const r = await emu.run('writeValues', ['B1:B3', [['=SUM(A2:A4)'], ["'=SUM(A2:A4)"], ['plain']]]);
  expect(r.ok).toBe(true);
  expect(emu.sheet('Sheet1').getFormulas('B1:B3')).toEqual([['=SUM(A2:A4)'], [''], ['']]);
  expect(emu.sheet('Sheet1').getValues('B1:B3')).toEqual([[''], ['=SUM(A2:A4)'], ['plain']]);
});

test('"+", "-" and "@" followed by text are treated as formulas; signed numbers become numbers', async () => {
  await emu.run('writeValues', ['C1:C5', [['+cmd|calc'], ['-x'], ['@SUM(1)'], ['-12.5'], ['TRUE']]]);
  expect(emu.sheet('Sheet1').getFormulas('C1:C5')).toEqual([['+cmd|calc'], ['-x'], ['@SUM(1)'], [''], ['']]);
  expect(emu.sheet('Sheet1').getValues('C4:C5')).toEqual([[-12.5], [true]]);
});

test('test setup values are stored raw, not interpreted', () => {
  emu.sheet('Notes').setValues('A1:A2', [['=not a formula'], ["'kept"]]);
  expect(emu.sheet('Notes').getFormulas('A1:A2')).toEqual([[''], ['']]);
  expect(emu.sheet('Notes').getValues()).toEqual([['=not a formula'], ["'kept"]]);
});

test('setValues with the wrong number of rows or columns throws the Sheets message', async () => {
  const rows = await emu.run('writeValues', ['B1:B2', [['a']]]);
  expect(rows.error?.message).toBe(
    'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
  );
  const cols = await emu.run('writeValues', ['B1:C1', [['a']]]);
  expect(cols.error?.message).toContain('The data has 1 but the range has 2.');
});

test('writing a cell inside a custom function throws a permission error and writes nothing', async () => {
  const r = await emu.run('writeCell', ['D1', 'x'], { kind: 'custom' });
  expect(r.ok).toBe(false);
  expect(r.error).toMatchObject({
    name: 'Exception',
    message: 'You do not have permission to call setValue',
  });
  expect(emu.sheet('Sheet1').getValues('D1')).toEqual([['']]);
});

test('the same write from a menu execution succeeds', async () => {
  expect((await emu.run('writeCell', ['D1', 'x'])).ok).toBe(true);
  expect(emu.sheet('Sheet1').getValues('D1')).toEqual([['x']]);
});

test('in a custom function getActiveRange() is the calling cell', async () => {
  const r = await emu.run('readCallingCell', [], {
    kind: 'custom',
    callingCell: { sheet: 'Notes', a1: 'C7' },
  });
  expect(r.value).toBe('C7@Notes');
});

test('in a menu execution getActiveRange() is the whole selection and getActiveCell() its first cell', async () => {
  const r = await emu.run('readSelection', [], { callingCell: { sheet: 'Sheet1', a1: 'B2:D9' } });
  expect(r.value).toEqual(['B2:D9', 'B2', 'B2:D9']);
  const custom = await emu.run('readSelection', [], {
    kind: 'custom',
    callingCell: { sheet: 'Sheet1', a1: 'B2:D9' },
  });
  expect(custom.value).toEqual(['B2', 'B2', 'B2']);
});

test('evaluate passes a range as a 2-D array and spills a 2-D result down and right', async () => {
  const r = await emu.evaluate('Sheet1', 'B2', '=DOUBLE(A2:A4)');
  expect(r.value).toEqual([
    [2, 3],
    [4, 6],
    [6, 9],
  ]);
  expect(emu.sheet('Sheet1').getValues('B2:C4')).toEqual([
    [2, 3],
    [4, 6],
    [6, 9],
  ]);
  expect(emu.sheet('Sheet1').getFormulas('B2:C3')).toEqual([
    ['=DOUBLE(A2:A4)', ''],
    ['', ''],
  ]);
});

test('evaluate passes a single cell as a scalar', async () => {
  await emu.evaluate('Sheet1', 'B2', '=DOUBLE(A3)');
  expect(emu.sheet('Sheet1').getValues('B2')).toEqual([[4]]);
});

test('a spill onto a non-empty cell shows #REF! with the Sheets message', async () => {
  emu.sheet('Sheet1').setValues('C3', [['in the way']]);
  const r = await emu.evaluate('Sheet1', 'B2', '=DOUBLE(A2:A4)');
  expect(r.ok).toBe(true);
  expect(emu.sheet('Sheet1').getValues('B2')).toEqual([['#REF!']]);
  expect(emu.sheet('Sheet1').cellError('B2')).toBe(
    'Array result was not expanded because it would overwrite data in C3.',
  );
});

test('a thrown error shows #ERROR! and keeps the message', async () => {
  const r = await emu.evaluate('Notes', 'B1', '=DOUBLE(A1)');
  expect(r.ok).toBe(false);
  expect(emu.sheet('Notes').getValues('B1')).toEqual([['#ERROR!']]);
  expect(emu.sheet('Notes').cellError('B1')).toBe('DOUBLE needs a number');
});

test('re-evaluating replaces the previous spill', async () => {
  await emu.evaluate('Sheet1', 'B2', '=DOUBLE(A2:A4)');
  await emu.evaluate('Sheet1', 'B2', '=DOUBLE(A2)');
  expect(emu.sheet('Sheet1').getValues('B2:C4')).toEqual([
    [2, ''],
    ['', ''],
    ['', ''],
  ]);
});

test('insertRowsBefore shifts the cells below down', async () => {
  await emu.run('insertRows', [2, 2]);
  expect(emu.sheet('Sheet1').getValues('A1:A6')).toEqual([['Numbers'], [''], [''], [1], [2], [3]]);
  emu.insertRowsBefore('Sheet1', 1, 1);
  expect(emu.sheet('Sheet1').getValues('A1:A2')).toEqual([[''], ['Numbers']]);
});

test('script writes are counted per cell', async () => {
  await emu.run('writeCell', ['B2', 'once']);
  await emu.run('writeCell', ['B3', 'twice']);
  await emu.run('writeCell', ['B3', 'twice']);
  expect(emu.writeCounts('Sheet1', 'B')).toEqual([0, 1, 2]);
});

test('a person deleting a tab removes it; the last tab cannot be deleted', () => {
  emu.deleteSheet('Notes');
  expect(() => emu.sheet('Notes').getValues()).toThrow();
  expect(() => emu.deleteSheet('Sheet1')).toThrow(/at least one sheet/);
});

describe('a cell holds at most 50,000 characters', () => {
  test('setValue and setValues refuse a longer text and write nothing of the call', async () => {
    const long = 'y'.repeat(50_001);
    const one = await emu.run('writeCell', ['D1', long]);
    expect(one.error?.message).toBe(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    const many = await emu.run('writeValues', ['E1:E2', [['short'], [long]]]);
    expect(many.ok).toBe(false);
    expect(emu.sheet('Sheet1').getValues('D1:E2')).toEqual([
      ['', ''],
      ['', ''],
    ]);
  });

  test('exactly 50,000 characters are written', async () => {
    expect((await emu.run('writeCell', ['D1', 'y'.repeat(50_000)])).ok).toBe(true);
    expect((emu.sheet('Sheet1').getValues('D1')[0][0] as string).length).toBe(50_000);
  });

  test('a custom function returning a longer text shows an error instead of the text', async () => {
    await emu.evaluate('Sheet1', 'F1', '=LONGTEXT(60000)');
    expect(emu.sheet('Sheet1').getValues('F1')).toEqual([['#VALUE!']]);
    expect(emu.sheet('Sheet1').cellError('F1')).toBe(
      'Text result of LONGTEXT is longer than the limit of 50000 characters.',
    );
    await emu.evaluate('Sheet1', 'F2', '=LONGTEXT(50000)');
    expect((emu.sheet('Sheet1').getValues('F2')[0][0] as string).length).toBe(50_000);
  });
});
