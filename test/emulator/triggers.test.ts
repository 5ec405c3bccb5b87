import type { Emulator } from '../../tools/emulator';
import { createEmulator } from './helpers';

let emu: Emulator;
beforeEach(async () => {
  emu = await createEmulator();
});
afterEach(() => emu.close());

test('triggers can be created, listed per user and deleted', async () => {
  expect((await emu.run('makeTrigger', ['hours', 'onTrigger', 1])).value).toBe('no error');
  expect(
    (await emu.run('makeTrigger', ['after', 'onTrigger', 60_000], { user: 'b@example.com' })).value,
  ).toBe('no error');
  expect((await emu.run('listTriggers')).value).toEqual(['onTrigger:CLOCK']);
  expect(emu.triggers().map((t) => [t.user, t.everyMs])).toEqual([
    ['owner@example.com', 3600_000],
    ['b@example.com', undefined],
  ]);
  expect((await emu.run('deleteTriggers')).value).toBe(0);
  expect(emu.triggers().map((t) => t.user)).toEqual(['b@example.com']);
});

test('a user can have at most 20 triggers in a script', async () => {
  const script = await createEmulator({ isAddon: false });
  try {
    const r = await script.run('createTriggers', [25]);
    expect(r.value).toEqual({
      created: 20,
      message:
        'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    });
  } finally {
    await script.close();
  }
});

test('an add-on cannot create a trigger more frequent than hourly', async () => {
  const r = await emu.run('makeTrigger', ['minutes', 'onTrigger', 5]);
  expect(r.value).toMatchObject({ message: expect.stringContaining('once per hour') });
  expect(emu.triggers()).toEqual([]);
  const script = await createEmulator({ isAddon: false });
  try {
    expect((await script.run('makeTrigger', ['minutes', 'onTrigger', 5])).value).toBe('no error');
  } finally {
    await script.close();
  }
});

test('triggers are not available inside a custom function', async () => {
  const r = await emu.run('makeTrigger', ['hours', 'onTrigger', 1], { kind: 'custom' });
  expect(r.value).toMatchObject({
    message: expect.stringContaining('You do not have permission to call ScriptApp.newTrigger'),
  });
});

test('fireDueTriggers runs due triggers as their user once the clock reaches them', async () => {
  await emu.run('makeTrigger', ['after', 'onTrigger', 30 * 60_000], { user: 'b@example.com' });
  expect(await emu.fireDueTriggers()).toEqual([]);
  emu.advanceClock(31 * 60_000);
  const [run] = await emu.fireDueTriggers();
  expect(run.ok).toBe(true);
  const id = emu.triggers()[0].id;
  expect(emu.properties('script').fired).toBe(`${id} by b@example.com`);
  expect(await emu.fireDueTriggers()).toEqual([]);
  // A one-shot trigger stays listed (and counts toward the limit) until deleted, as in Apps Script.
  expect(emu.triggers()[0].nextRunAt).toBe(Infinity);
});

test('a recurring trigger fires again after its interval', async () => {
  await emu.run('makeTrigger', ['hours', 'onTrigger', 1]);
  emu.advanceClock(3600_000);
  expect(await emu.fireDueTriggers()).toHaveLength(1);
  emu.advanceClock(1800_000);
  expect(await emu.fireDueTriggers()).toHaveLength(0);
  emu.advanceClock(1800_000);
  expect(await emu.fireDueTriggers()).toHaveLength(1);
});
