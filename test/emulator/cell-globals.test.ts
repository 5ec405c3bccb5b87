// Any top-level function of the script can be typed into a cell, not only those marked
// @customfunction: Sheets runs it as a custom function, with the spreadsheet owner's user store,
// which only the owner's own recalculation may change (README, "Globals in cells").
import type { Emulator } from '../../tools/emulator';
import { createEmulator } from './helpers';

const EDITOR = 'editor@example.com';

let emu: Emulator;
beforeEach(async () => {
  emu = await createEmulator({ owner: 'owner@example.com' });
  emu.sheet('Sheet1').setValues('A1', [
    ['a', 1],
    ['b', 2],
  ]);
});
afterEach(() => emu.close());

test('a function without @customfunction runs from a cell, named in any case, with a range as a 2-D array', async () => {
  const r = await emu.evaluate('Sheet1', 'D1', '=ECHO(A1:B2)');
  expect(r.ok).toBe(true);
  expect(emu.sheet('Sheet1').getValues('D1:E2')).toEqual([
    ['a', 1],
    ['b', 2],
  ]);
});

test('typed into a cell by the owner’s recalculation, a function changes the owner’s user store', async () => {
  await emu.evaluate('Sheet1', 'D1', '=PROPSET("user", "apiKey", "typed")');
  expect(emu.properties('user')).toEqual({ apiKey: 'typed' });
  expect(emu.properties('user', EDITOR)).toEqual({});
});

test('recalculated by an editor, the same cell reads the owner’s store and may not change it', async () => {
  emu.setProperty('user', 'apiKey', 'owner-key');
  emu.setProperty('user', 'apiKey', 'editor-key', EDITOR);
  const read = await emu.evaluate('Sheet1', 'D1', '=PROPGET("user", "apiKey")', { user: EDITOR });
  expect(read.value).toBe('owner-key');
  const write = await emu.evaluate('Sheet1', 'D2', '=PROPSET("user", "apiKey", "x")', { user: EDITOR });
  expect(write.value).toMatchObject({ message: 'You do not have permission to call setProperty' });
  expect(emu.properties('user')).toEqual({ apiKey: 'owner-key' });
  expect(emu.properties('user', EDITOR)).toEqual({ apiKey: 'editor-key' });
});

test('a cell has no UI: a menu function typed into one fails on getUi(), while a page or menu call may use it', async () => {
  const cell = await emu.evaluate('Sheet1', 'D1', '=SHOWSETTINGS()');
  expect(emu.sheet('Sheet1').getValues('D1')).toEqual([['#ERROR!']]);
  expect(cell.error?.message).toBe('Cannot call SpreadsheetApp.getUi() from this context.');
  expect((await emu.run('showSettings')).ok).toBe(true);
});

test('a page call runs with the caller’s own user store, the same function in a cell with the owner’s', async () => {
  emu.setProperty('user', 'apiKey', 'owner-key');
  emu.setProperty('user', 'apiKey', 'editor-key', EDITOR);
  expect((await emu.run('propGet', ['user', 'apiKey'], { user: EDITOR })).value).toBe('editor-key');
  expect((await emu.evaluate('Sheet1', 'D1', '=PROPGET("user", "apiKey")', { user: EDITOR })).value).toBe(
    'owner-key',
  );
});
