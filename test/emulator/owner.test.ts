import type { Emulator } from '../../tools/emulator';
import { TEMPORARY_KEY_PERIOD_MS } from '../../tools/emulator/services/session';
import { createPlatformEmulator } from './helpers';

let emu: Emulator;
beforeEach(async () => {
  emu = await createPlatformEmulator({ owner: 'owner@example.com' });
});
afterEach(() => emu.close());

test("getOwner() is the spreadsheet's owner, also in a custom function", async () => {
  expect((await emu.run('ownerEmail', [], { user: 'editor@example.com' })).value).toBe('owner@example.com');
  expect((await emu.evaluate('Sheet1', 'A1', '=OWNER()')).value).toBe('owner@example.com');
});

test('getOwner() is null for a spreadsheet in a shared drive', async () => {
  const shared = emu.addSpreadsheet({ sharedDrive: true });
  expect((await emu.run('ownerEmail', [], { spreadsheet: shared })).value).toBeNull();
  expect((await emu.evaluate('Sheet1', 'A1', '=OWNER()', { spreadsheet: shared })).value).toBe('none');
});

test('a menu execution runs as the user who runs it; a custom function as the owner, with no active user', async () => {
  expect((await emu.run('whoRuns', [], { user: 'editor@example.com' })).value).toBe(
    'editor@example.com|editor@example.com',
  );
  expect((await emu.evaluate('Sheet1', 'A1', '=WHO()', { user: 'editor@example.com' })).value).toBe(
    'owner@example.com|',
  );
});

test('the temporary active user key stays for 30 days of emulator clock, then rotates', async () => {
  const key = async (user: string) => (await emu.run('temporaryKey', [], { user })).value as string;
  const first = await key('a@example.com');
  const other = await key('b@example.com');
  expect(other).not.toBe(first);
  emu.advanceClock(TEMPORARY_KEY_PERIOD_MS - 60_000);
  expect(await key('a@example.com')).toBe(first);
  emu.advanceClock(60_000);
  const rotated = await key('a@example.com');
  expect(rotated).not.toBe(first);
  expect(rotated).toHaveLength(first.length);
  emu.advanceClock(TEMPORARY_KEY_PERIOD_MS - 1000);
  expect(await key('a@example.com')).toBe(rotated);
});

test('a test can read the temporary key a user gets now, the same the script gets', async () => {
  const inScript = (await emu.run('temporaryKey', [], { user: 'c@example.com' })).value as string;
  expect(emu.temporaryUserKey('c@example.com')).toBe(inScript);
  emu.advanceClock(TEMPORARY_KEY_PERIOD_MS);
  expect(emu.temporaryUserKey('c@example.com')).not.toBe(inScript);
});
