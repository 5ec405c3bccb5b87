import type { Emulator } from '../../tools/emulator';
import { ADDON_TRIGGER_LIMIT } from '../../tools/emulator/services/script-app';
import { createPlatformEmulator } from './helpers';

const HOUR = 3600_000;

async function withEmulator(isAddon: boolean, body: (emu: Emulator) => Promise<void>): Promise<void> {
  const emu = await createPlatformEmulator({ isAddon, spreadsheet: { id: 'ss-a', sheets: { Sheet1: [] } } });
  emu.addSpreadsheet({ id: 'ss-b', sheets: { Sheet1: [] } });
  try {
    await body(emu);
  } finally {
    await emu.close();
  }
}

const context = (emu: Emulator) => JSON.parse(emu.properties('user').context) as Record<string, unknown>;

test("an add-on's time-driven trigger runs without an active document or document stores", async () => {
  await withEmulator(true, async (emu) => {
    await emu.run('hourlyTrigger', [], { spreadsheet: 'ss-b' });
    emu.advanceClock(HOUR);
    const [run] = await emu.fireDueTriggers();
    expect(run.ok).toBe(true);
    expect(context(emu)).toMatchObject({
      spreadsheet: null,
      documentProperties: null,
      documentCache: null,
      documentLock: null,
    });
  });
});

test("a bound script's trigger runs in the spreadsheet it was created in", async () => {
  await withEmulator(false, async (emu) => {
    await emu.run('hourlyTrigger', [], { spreadsheet: 'ss-b' });
    emu.advanceClock(HOUR);
    await emu.fireDueTriggers();
    expect(context(emu)).toMatchObject({
      spreadsheet: 'ss-b',
      documentProperties: 'store',
      documentCache: 'cache',
      documentLock: 'lock',
    });
    expect(emu.triggers()[0].spreadsheetId).toBe('ss-b');
  });
});

test("getProjectTriggers lists the user's triggers of every spreadsheet, getUserTriggers those of one", async () => {
  await withEmulator(true, async (emu) => {
    const a = ((await emu.run('hourlyTrigger')).value as { value: string }).value;
    const b = ((await emu.run('hourlyTrigger', [], { spreadsheet: 'ss-b' })).value as { value: string })
      .value;
    await emu.run('hourlyTrigger', [], { user: 'other@example.com' });
    expect((await emu.run('triggerLists', [], { spreadsheet: 'ss-b' })).value).toEqual({
      project: [a, b],
      here: [b],
      sources: ['CLOCK:null', 'CLOCK:null'],
    });
  });
});

test('an add-on may have one time-driven trigger per user per document', async () => {
  await withEmulator(true, async (emu) => {
    expect((await emu.run('hourlyTrigger')).value).toMatchObject({ ok: true });
    expect((await emu.run('hourlyTrigger')).value).toEqual({
      ok: false,
      name: 'Exception',
      message: ADDON_TRIGGER_LIMIT,
    });
    expect((await emu.run('hourlyTrigger', [], { spreadsheet: 'ss-b' })).value).toMatchObject({ ok: true });
    expect((await emu.run('hourlyTrigger', [], { user: 'other@example.com' })).value).toMatchObject({
      ok: true,
    });
    expect(emu.triggers()).toHaveLength(3);
  });
});

test('a bound script may have several time-driven triggers in one spreadsheet', async () => {
  await withEmulator(false, async (emu) => {
    expect((await emu.run('hourlyTrigger')).value).toMatchObject({ ok: true });
    expect((await emu.run('hourlyTrigger')).value).toMatchObject({ ok: true });
  });
});
