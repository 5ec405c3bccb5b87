import type { Emulator } from '../../tools/emulator';
import { createPlatformEmulator } from './helpers';

let emu: Emulator;
beforeEach(async () => {
  emu = await createPlatformEmulator({
    spreadsheet: {
      sheets: {
        Sheet1: [
          ['Name', 'Score', 'Note'],
          ['b', 2, 'x'],
          ['a', 10, 'y'],
          ['c', '', 'z'],
          ['d', 1, 'w'],
        ],
      },
    },
  });
});
afterEach(() => emu.close());

const column = (a1: string) => emu.sheet('Sheet1').getValues(a1).flat();

test('renameSheet renames the tab scripts look up', async () => {
  emu.renameSheet('Sheet1', 'Reviews');
  expect((await emu.run('hasSheet', ['Reviews'])).value).toBe(true);
  expect((await emu.run('hasSheet', ['Sheet1'])).value).toBe(false);
  expect(() => emu.renameSheet('Nope', 'X')).toThrow('No sheet named Nope');
});

test('insertColumnsBefore shifts cells right and deleteColumns shifts them back', () => {
  emu.insertColumnsBefore('Sheet1', 'B', 2);
  expect(emu.sheet('Sheet1').getValues('A1:E1')).toEqual([['Name', '', '', 'Score', 'Note']]);
  emu.deleteColumns('Sheet1', 2, 2);
  expect(emu.sheet('Sheet1').getValues('A1:C1')).toEqual([['Name', 'Score', 'Note']]);
});

test('deleteRows moves the rows below up', () => {
  emu.deleteRows('Sheet1', 2, 2);
  expect(column('A1:A3')).toEqual(['Name', 'c', 'd']);
  expect(() => emu.deleteRows('Sheet1', 999, 5)).toThrow('Those rows are out of bounds.');
});

test('sortRange orders the rows of a range by one column, empty cells last both ways', () => {
  emu.sortRange('Sheet1', 'A2:C5', { column: 'B' });
  expect(emu.sheet('Sheet1').getValues('A2:C5')).toEqual([
    ['d', 1, 'w'],
    ['b', 2, 'x'],
    ['a', 10, 'y'],
    ['c', '', 'z'],
  ]);
  emu.sortRange('Sheet1', 'A2:C5', { column: 2, ascending: false });
  expect(column('A2:A5')).toEqual(['a', 'b', 'd', 'c']);
  emu.sortRange('Sheet1', 'A2:C5', { column: 'A' });
  expect(column('A2:A5')).toEqual(['a', 'b', 'c', 'd']);
  expect(() => emu.sortRange('Sheet1', 'A2:B5', { column: 'C' })).toThrow('within the range');
});

test('editCell reads what a person types like Sheets does, and is not a script write', () => {
  emu.editCell('Sheet1', 'D2', '=SUM(B2:B5)');
  emu.editCell('Sheet1', 'D3', '10%');
  emu.editCell('Sheet1', 'D4', '00123');
  emu.editCell('Sheet1', 'D5', "'00123");
  expect(emu.sheet('Sheet1').getFormulas('D2')).toEqual([['=SUM(B2:B5)']]);
  expect(column('D3:D5')).toEqual([0.1, 123, '00123']);
  expect(emu.sheet('Sheet1').getDisplayValues('D3')).toEqual([['10%']]);
  expect(emu.writeCounts('Sheet1', 'D')).toEqual([]);
});

test('write counts follow their cells through inserted, deleted and sorted rows', async () => {
  await emu.run('writeValues', ['C2:C3', [['first'], ['second']]]);
  emu.insertRowsBefore('Sheet1', 2, 1);
  expect(emu.writeCounts('Sheet1', 'C')).toEqual([0, 0, 1, 1]);
  emu.deleteRows('Sheet1', 2, 1);
  expect(emu.writeCounts('Sheet1', 'C')).toEqual([0, 1, 1]);
  emu.sortRange('Sheet1', 'A2:C5', { column: 'A' }); // a, b, c, d: rows 3, 2, 4, 5 before
  expect(column('C2:C3')).toEqual(['second', 'first']);
  expect(emu.writeCounts('Sheet1', 'C')).toEqual([0, 1, 1]);
  emu.insertColumnsBefore('Sheet1', 'A', 1);
  expect(emu.writeCounts('Sheet1', 'D')).toEqual([0, 1, 1]);
  expect(emu.writeCounts('Sheet1', 'C')).toEqual([0, 0, 0]);
});

test('a job that writes after rows were inserted above shows writes outside its cells', async () => {
  // The job read its inputs at rows 2-3, a person inserts a row at 2, the job writes to rows 2-3 anyway.
  emu.insertRowsBefore('Sheet1', 2, 1);
  await emu.run('writeValues', ['C2:C3', [['answer b'], ['answer a']]]);
  const writes = emu.writeCounts('Sheet1', 'C');
  const inputs = column('A1:A6');
  const stray = writes.map((n, i) => (n > 0 && inputs[i] === '' ? i + 1 : 0)).filter(Boolean);
  expect(stray).toEqual([2]);
});
