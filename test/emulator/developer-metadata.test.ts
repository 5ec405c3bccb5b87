import type { Emulator } from '../../tools/emulator';
import { ARBITRARY_RANGE } from '../../tools/emulator/services/developer-metadata';
import { createPlatformEmulator } from './helpers';

let emu: Emulator;
beforeEach(async () => {
  emu = await createPlatformEmulator({
    spreadsheet: {
      sheets: { Sheet1: [['Text'], ['b'], ['a'], ['d'], ['c'], ['e']], Other: [['x']] },
    },
  });
});
afterEach(() => emu.close());

const add = async (where: string, key: string, value?: string, visibility?: string) =>
  (await emu.run('addMetadata', [where, key, value, visibility])).value as { ok: boolean; message?: string };
const rowsOf = (key: string) =>
  emu
    .developerMetadata()
    .filter((m) => m.key === key)
    .map((m) => m.row ?? m.column);

test('a whole row or a whole column can hold metadata; any other range throws the platform message', async () => {
  for (const where of ['5:5', 'C:C', 'fullRow5', 'A5:Z5'])
    expect(await add(where, 'k')).toMatchObject({ ok: true });
  for (const where of ['B2:D4', 'B6:D6', 'F2:F5', 'A1', '3:5', 'B:C']) {
    expect(await add(where, 'k')).toEqual({ ok: false, name: 'Exception', message: ARBITRARY_RANGE });
  }
  expect(emu.developerMetadata().map((m) => [m.locationType, m.row ?? m.column])).toEqual([
    ['ROW', 5],
    ['COLUMN', 'C'],
    ['ROW', 5],
    ['ROW', 5],
  ]);
});

test('the spreadsheet and a sheet hold metadata too, DOCUMENT-visible unless told otherwise', async () => {
  expect(await add('spreadsheet', 'version', '3')).toEqual({ ok: true, value: 'Spreadsheet' });
  expect(await add('sheet', 'tab', undefined, 'PROJECT')).toEqual({ ok: true, value: 'Sheet' });
  await add('sheet', 'label', 'PROJECT'); // a string is a value, not a visibility
  expect((await emu.run('metadataOf', ['spreadsheet'])).value).toEqual([
    {
      id: 1,
      key: 'version',
      value: '3',
      visibility: 'DOCUMENT',
      type: 'SPREADSHEET',
      row: null,
      column: null,
      sheet: null,
    },
  ]);
  expect((await emu.run('metadataOf', ['sheet'])).value).toMatchObject([
    { key: 'tab', value: null, visibility: 'PROJECT', type: 'SHEET', sheet: 'Sheet1' },
    { key: 'label', value: 'PROJECT', visibility: 'DOCUMENT' },
  ]);
});

test('row metadata moves with its row when rows are inserted above it, not below', async () => {
  await add('3:3', 'job', 'row a');
  emu.insertRowsBefore('Sheet1', 2, 2);
  expect(rowsOf('job')).toEqual([5]);
  emu.insertRowsBefore('Sheet1', 6, 3);
  expect(rowsOf('job')).toEqual([5]);
  expect(emu.sheet('Sheet1').getValues('A5')).toEqual([['a']]);
});

test('deleting a row deletes its metadata and moves the metadata below up; other columns do not matter', async () => {
  await add('3:3', 'gone');
  await add('5:5', 'stays');
  emu.deleteColumns('Sheet1', 'B', 1);
  expect(rowsOf('gone')).toEqual([3]);
  emu.deleteRows('Sheet1', 2, 2);
  expect(rowsOf('gone')).toEqual([]);
  expect(rowsOf('stays')).toEqual([3]);
});

test('column metadata moves with inserted columns and is deleted with its column', async () => {
  await add('C:C', 'col');
  emu.insertColumnsBefore('Sheet1', 'A', 2);
  expect(rowsOf('col')).toEqual(['E']);
  emu.insertRowsBefore('Sheet1', 1, 5);
  expect(rowsOf('col')).toEqual(['E']);
  emu.deleteColumns('Sheet1', 'D', 2);
  expect(rowsOf('col')).toEqual([]);
});

test("sorting a range moves each row's metadata with its row", async () => {
  await add('2:2', 'job', 'was b');
  await add('3:3', 'job', 'was a');
  await add('7:7', 'job', 'outside');
  emu.sortRange('Sheet1', 'A2:A6', { column: 'A' });
  expect(emu.sheet('Sheet1').getValues('A2:A3')).toEqual([['a'], ['b']]);
  const where = Object.fromEntries(emu.developerMetadata().map((m) => [m.value, m.row]));
  expect(where).toEqual({ 'was b': 3, 'was a': 2, outside: 7 });
});

test('rows a person moves take their cells and metadata along; the rows between close up', async () => {
  await add('2:2', 'job', 'b');
  await add('5:5', 'job', 'c');
  emu.moveRows('Sheet1', 2, 1, 6); // row 2 ("b") goes before row 6 ("e")
  expect(emu.sheet('Sheet1').getValues('A1:A6').flat()).toEqual(['Text', 'a', 'd', 'c', 'b', 'e']);
  expect(Object.fromEntries(emu.developerMetadata().map((m) => [m.value, m.row]))).toEqual({ b: 5, c: 4 });
  emu.moveRows('Sheet1', 4, 2, 2); // "c", "b" go back up before "a"
  expect(emu.sheet('Sheet1').getValues('A1:A6').flat()).toEqual(['Text', 'c', 'b', 'a', 'd', 'e']);
  expect(Object.fromEntries(emu.developerMetadata().map((m) => [m.value, m.row]))).toEqual({ b: 3, c: 2 });
});

test('a sheet holds 30,000 characters of keys and values, the spreadsheet 30,000 more', async () => {
  const key = 'k'.repeat(50);
  const value = 'v'.repeat(9_950); // 10,000 characters an item
  for (const row of ['2:2', '3:3', 'C:C']) expect(await add(row, key, value)).toMatchObject({ ok: true });
  const refused = await add('4:4', 'x');
  expect(refused).toMatchObject({ ok: false, name: 'Exception' });
  expect(refused.message).toMatch(/Developer metadata storage limit exceeded: the sheet would hold 30001/);
  expect(await add('Other!2:2', key, value)).toMatchObject({ ok: true }); // another sheet has its own room
  for (let i = 0; i < 3; i++) expect(await add('spreadsheet', key, value)).toMatchObject({ ok: true });
  expect((await add('spreadsheet', 'x')).message).toMatch(/the spreadsheet would hold 30001/);
  // A longer value counts too; a shorter one always fits.
  expect((await emu.run('changeMetadata', [1, value + 'more'])).value).toMatchObject({ ok: false });
  expect((await emu.run('changeMetadata', [1, 'short'])).value).toEqual({ ok: true, value: 1 });
  expect(await add('4:4', 'x')).toMatchObject({ ok: true });
});

test('getLocation gives the location type enum, the whole row or column as a Range, and the sheet', async () => {
  await add('4:4', 'job', 'x');
  await add('B:B', 'answers');
  const all = (await emu.run('findMetadata', ['spreadsheet', {}])).value;
  expect(all).toEqual([
    {
      id: 1,
      key: 'job',
      value: 'x',
      visibility: 'DOCUMENT',
      type: 'ROW',
      row: '4:4',
      column: null,
      sheet: 'Sheet1',
    },
    {
      id: 2,
      key: 'answers',
      value: null,
      visibility: 'DOCUMENT',
      type: 'COLUMN',
      row: null,
      column: 'B:B',
      sheet: 'Sheet1',
    },
  ]);
  expect((await emu.run('metadataEnums')).value).toEqual({
    same: true,
    notOther: true,
    name: 'ROW',
    json: '{"type":"ROW"}',
    loose: true,
  });
});

test('finders filter by key, value, id, location type and visibility', async () => {
  await add('2:2', 'job', 'a');
  await add('3:3', 'job', 'b', 'PROJECT');
  await add('C:C', 'job', 'a');
  await add('sheet', 'tab');
  const keys = async (spec: Record<string, unknown>) =>
    ((await emu.run('findMetadata', ['spreadsheet', spec])).value as Array<{ id: number }>).map((m) => m.id);
  expect(await keys({ key: 'job' })).toEqual([1, 2, 3]);
  expect(await keys({ key: 'job', value: 'a' })).toEqual([1, 3]);
  expect(await keys({ id: 2 })).toEqual([2]);
  expect(await keys({ type: 'ROW' })).toEqual([1, 2]);
  expect(await keys({ visibility: 'PROJECT' })).toEqual([2]);
  expect(await keys({ key: 'nothing' })).toEqual([]);
});

test('a range finds the rows and columns it wholly contains; onIntersectingLocations adds those crossing it', async () => {
  await add('3:3', 'row3');
  await add('C:C', 'colC');
  await add('sheet', 'tab');
  const found = async (where: string, intersecting = false) =>
    ((await emu.run('findMetadata', [where, { intersecting }])).value as Array<{ key: string }>).map(
      (m) => m.key,
    );
  expect(await found('A1:D5')).toEqual([]);
  expect(await found('1:5')).toEqual(['row3']);
  expect(await found('C:D')).toEqual(['colC']);
  expect(await found('A1:D5', true)).toEqual(['row3', 'colC']);
  expect(await found('C3', true)).toEqual(['row3', 'colC']);
  expect(await found('sheet')).toEqual(['row3', 'colC', 'tab']);
  expect((await emu.run('metadataOf', ['C3'])).value).toEqual([]);
  expect(((await emu.run('metadataOf', ['3:3'])).value as Array<{ key: string }>).map((m) => m.key)).toEqual([
    'row3',
  ]);
});

test('setValue changes an item and remove deletes it; a removed item cannot be used', async () => {
  await add('2:2', 'job', 'old');
  expect((await emu.run('changeMetadata', [1, 'new'])).value).toEqual({ ok: true, value: 1 });
  expect(emu.developerMetadata()[0].value).toBe('new');
  expect((await emu.run('changeMetadata', [1, null])).value).toEqual({ ok: true, value: 0 });
  await add('2:2', 'again');
  expect((await emu.run('useRemovedMetadata', [2])).value).toMatchObject({ ok: false, name: 'Exception' });
});

test('custom functions can find metadata but not add it', async () => {
  await add('2:2', 'job');
  expect((await emu.evaluate('Sheet1', 'B1', '=FIND_META("job")')).value).toBe(1);
  const r = await emu.evaluate('Sheet1', 'B2', '=ADD_META("job")');
  expect(r.error?.message).toBe('You do not have permission to call addDeveloperMetadata');
  expect(emu.developerMetadata()).toHaveLength(1);
});

test('metadata belongs to its spreadsheet', async () => {
  const other = emu.addSpreadsheet({ sheets: { Sheet1: [] } });
  await add('2:2', 'job');
  expect((await emu.run('findMetadata', ['spreadsheet', {}], { spreadsheet: other })).value).toEqual([]);
  expect(emu.developerMetadata(other)).toEqual([]);
});
