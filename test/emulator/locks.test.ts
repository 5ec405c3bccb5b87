import type { Emulator } from '../../tools/emulator';
import { createEmulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await createEmulator({ serviceLatencyMs: 1 });
});
afterAll(() => emu.close());

test('concurrent executions incrementing a counter under the script lock lose nothing', async () => {
  const runs = await Promise.all(Array.from({ length: 6 }, () => emu.run('incrementUnderLock', [20])));
  expect(runs.map((r) => r.error)).toEqual(new Array(6).fill(undefined));
  expect(emu.properties('script').counter).toBe('120');
});

test('while one execution holds the script lock, tryLock in another waits, then gives up or gets it', async () => {
  const holding = emu.run('holdScriptLock', [800]);
  await new Promise((r) => setTimeout(r, 200));
  const started = Date.now();
  const refused = await emu.run('tryScriptLock', [200]);
  expect(refused.value).toBe(false);
  expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  const granted = await emu.run('tryScriptLock', [5000]);
  expect(granted.value).toBe(true);
  expect((await holding).value).toBe('released');
});

test('waitLock gives up with the Apps Script message when the lock stays taken', async () => {
  const holding = emu.run('holdScriptLock', [700]);
  await new Promise((r) => setTimeout(r, 200));
  const r = await emu.run('waitScriptLock', [150]);
  expect(r.value).toMatchObject({
    name: 'Exception',
    message: 'Lock timeout: another process was holding the lock for too long.',
  });
  await holding;
});
