import type { Emulator } from '../../tools/emulator';
import { createEmulator } from './helpers';

let emu: Emulator;
beforeEach(async () => {
  emu = await createEmulator({ owner: 'owner@example.com' });
});
afterEach(() => emu.close());

test('a 10 KB property value is refused with "Argument too large"', async () => {
  const r = await emu.run('propSet', ['script', 'big', 'x'.repeat(10 * 1024)]);
  expect(r.value).toMatchObject({
    name: 'Exception',
    message: expect.stringContaining('Argument too large'),
  });
  expect(emu.properties('script')).toEqual({});
});

test('a store past 500 KB is refused with the quota message, keeping what fit', async () => {
  const r = await emu.run('propFill', [60, 9000]);
  const { stored, message } = r.value as { stored: number; message: string };
  expect(message).toBe(
    'You have exceeded the property storage quota. Please remove some properties and try again.',
  );
  expect(stored).toBe(56); // 56 x ~9 KB fit in 500 KB, the 57th does not
  expect(Object.keys(emu.properties('script'))).toHaveLength(56);
});

test('property operations are counted', async () => {
  const before = emu.totals().propertyOps;
  await emu.run('propSet', ['script', 'a', '1']);
  await emu.run('propGet', ['script', 'a']);
  expect(emu.totals().propertyOps - before).toBe(2);
});

test('user properties belong to each user; document properties are shared', async () => {
  await emu.run('propSet', ['user', 'key', 'alice-key'], { user: 'alice@example.com' });
  await emu.run('propSet', ['document', 'model', 'gpt-5-nano'], { user: 'alice@example.com' });
  expect((await emu.run('propGet', ['user', 'key'], { user: 'bob@example.com' })).value).toBeNull();
  expect((await emu.run('propGet', ['document', 'model'], { user: 'bob@example.com' })).value).toBe(
    'gpt-5-nano',
  );
  expect(emu.properties('user', 'alice@example.com')).toEqual({ key: 'alice-key' });
});

test("a custom function reads the spreadsheet owner's user properties, whoever recalculates", async () => {
  emu.setProperty('user', 'key', 'owner-key');
  emu.setProperty('user', 'key', 'editor-key', 'editor@example.com');
  const r = await emu.run('propGet', ['user', 'key'], { kind: 'custom', user: 'editor@example.com' });
  expect(r.value).toBe('owner-key');
});

test('an editor cannot set user properties from a custom function; the owner can', async () => {
  const editor = await emu.run('propSet', ['user', 'key', 'x'], {
    kind: 'custom',
    user: 'editor@example.com',
  });
  expect(editor.value).toMatchObject({ message: 'You do not have permission to call setProperty' });
  expect(emu.properties('user')).toEqual({});
  const owner = await emu.run('propSet', ['user', 'key', 'x'], { kind: 'custom' });
  expect(owner.value).toBe('no error');
});
