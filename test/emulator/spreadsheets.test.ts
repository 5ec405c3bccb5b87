import type { Emulator } from '../../tools/emulator';
import { createPlatformEmulator } from './helpers';

let emu: Emulator;
let second: string;
beforeEach(async () => {
  emu = await createPlatformEmulator({
    spreadsheet: { id: 'ss-a', name: 'Alpha', sheets: { Sheet1: [['in A']] } },
  });
  second = emu.addSpreadsheet({
    id: 'ss-b',
    name: 'Beta',
    sheets: { Data: [['in B']] },
    owner: 'boss@example.com',
  });
});
afterEach(() => emu.close());

test('an execution runs in the spreadsheet it is given, the first one by default', async () => {
  expect(second).toBe('ss-b');
  expect(emu.spreadsheetIds()).toEqual(['ss-a', 'ss-b']);
  expect((await emu.run('whereAmI')).value).toBe('ss-a:Alpha');
  expect((await emu.run('whereAmI', [], { spreadsheet: 'ss-b' })).value).toBe('ss-b:Beta');
  expect((await emu.run('sheetNames', [], { spreadsheet: 'ss-b' })).value).toEqual(['Data']);
  expect(emu.sheet('Data', 'ss-b').getValues()).toEqual([['in B']]);
  expect(() => emu.sheet('Data')).toThrow('No sheet named Data');
});

test("a sheet's parent and a range's sheet belong to the spreadsheet they came from", async () => {
  expect((await emu.run('parentIds', [], { spreadsheet: 'ss-b' })).value).toEqual(['ss-b', 'ss-b']);
});

test('user properties and the user cache are shared; document properties and caches are per spreadsheet', async () => {
  await emu.run('docAndUserProps', ['from A']);
  const inB = await emu.run('docAndUserProps', [], { spreadsheet: 'ss-b' });
  expect(inB.value).toEqual({ doc: null, user: 'from A', docCache: null, userCache: 'from A' });
  await emu.run('docAndUserProps', ['from B'], { spreadsheet: 'ss-b' });
  expect((await emu.run('docAndUserProps')).value).toMatchObject({ doc: 'from A', user: 'from B' });
  expect(emu.properties('document')).toEqual({ doc: 'from A' });
  expect(emu.properties('document', undefined, 'ss-b')).toEqual({ doc: 'from B' });
  expect(emu.cacheEntries('document', undefined, 'ss-b')).toEqual({ doc: 'from B' });
});

test('each spreadsheet has its own document lock', async () => {
  const holding = emu.run('holdDocumentLock', [600]);
  await new Promise((r) => setTimeout(r, 150));
  const [other, same] = await Promise.all([
    emu.run('holdDocumentLock', [0], { spreadsheet: 'ss-b' }),
    emu.run('holdDocumentLock', [0]),
  ]);
  expect(other.value).toBe('held');
  expect(same.value).toBe('busy');
  expect((await holding).value).toBe('held');
});

test('evaluate runs a custom function in the given spreadsheet, as its owner', async () => {
  const r = await emu.evaluate('Data', 'B1', '=WHO()', { spreadsheet: 'ss-b' });
  expect(r.value).toBe('boss@example.com|');
  expect(emu.sheet('Data', 'ss-b').getValues('B1')).toEqual([['boss@example.com|']]);
  expect((await emu.evaluate('Sheet1', 'B1', '=WHO()')).value).toBe('owner@example.com|');
});

test('an execution without an active document sees no spreadsheet and no document stores', async () => {
  const r = await emu.run('recordContext', [{ timezone: 'x', hour: 0 }], { spreadsheet: null });
  expect(r.ok).toBe(true);
  expect(JSON.parse(emu.properties('user').context)).toMatchObject({
    spreadsheet: null,
    documentProperties: null,
    documentCache: null,
    documentLock: null,
  });
});
