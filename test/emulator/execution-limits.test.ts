import { defaultTimeLimitMs, TOO_MANY_EXECUTIONS, type Emulator } from '../../tools/emulator';
import { createEmulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await createEmulator();
});
afterAll(() => emu.close());

test('a custom function gets 30 seconds by default; menus, sidebars and triggers get 6 minutes', () => {
  expect(defaultTimeLimitMs('custom')).toBe(30_000);
  expect(defaultTimeLimitMs('ui')).toBe(360_000);
  expect(defaultTimeLimitMs('trigger')).toBe(360_000);
});

test('a custom function running past its limit is stopped', async () => {
  const started = Date.now();
  const r = await emu.run('spin', [60_000], { kind: 'custom', timeLimitMs: 1500 });
  expect(r.ok).toBe(false);
  expect(r.stopped).toBe('timeout');
  expect(r.error?.message).toBe('Exceeded maximum execution time');
  expect(Date.now() - started).toBeLessThan(5000);
});

test('Utilities.sleep counts toward the time limit', async () => {
  const r = await emu.run('sleepFor', [5000], { timeLimitMs: 800 });
  expect(r.stopped).toBe('timeout');
});

test('an execution that ends in time returns its value', async () => {
  const r = await emu.run('sleepFor', [50], { timeLimitMs: 2000 });
  expect(r).toMatchObject({ ok: true, value: 'slept' });
  expect(r.durationMs).toBeGreaterThanOrEqual(50);
});

test('the emulator keeps working after a worker was stopped', async () => {
  await emu.run('spin', [10_000], { timeLimitMs: 300 });
  expect((await emu.run('echo', ['still here'])).value).toBe('still here');
});

test('killAtServiceCall stops the execution before its Nth call and releases its lock', async () => {
  // lockThenWork: getScriptLock (1), waitLock (2), then getScriptCache + put per step (3, 4, ...)
  const killed = await emu.run('lockThenWork', [10], { killAtServiceCall: 5 });
  expect(killed.stopped).toBe('killed');
  expect(killed.serviceCalls).toBe(4);
  expect(emu.cacheEntries('script').step).toBe('0');
  const next = await emu.run('tryScriptLock', [0]);
  expect(next.value).toBe(true);
});

test('killAtServiceCall with a method name stops the execution as it first calls that method', async () => {
  // lockThenWork: getScriptLock, waitLock, then getScriptCache + put per step
  await emu.run('lockThenWork', [3]);
  const killed = await emu.run('lockThenWork', [10], { killAtServiceCall: 'CacheService.Cache.put' });
  expect(killed.stopped).toBe('killed');
  expect(killed.serviceCalls).toBe(3);
  expect(emu.cacheEntries('script').step).toBe('2');
  expect((await emu.run('tryScriptLock', [0])).value).toBe(true);
});

test('a lock still held when an execution returns is released', async () => {
  await emu.run('tryScriptLock', [0]);
  expect((await emu.run('tryScriptLock', [0])).value).toBe(true);
});

test('each execution loads the script fresh: top-level state does not carry over', async () => {
  const a = await emu.run('describeArgs', [new Date(), [[new Date()]]]);
  const b = await emu.run('describeArgs', [new Date(), [[new Date()]]]);
  expect((a.value as { nowIsEmulated: boolean }).nowIsEmulated).toBe(true);
  expect((b.value as { nowIsEmulated: boolean }).nowIsEmulated).toBe(true);
});

test("with tooManyExecutions: 'wait', runs beyond maxConcurrentExecutions wait for a slot", async () => {
  const small = await createEmulator({ maxConcurrentExecutions: 2, tooManyExecutions: 'wait' });
  try {
    const started = Date.now();
    const runs = await Promise.all([1, 2, 3, 4].map(() => small.run('sleepFor', [300])));
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
  } finally {
    await small.close();
  }
});

test("by default a user's execution past the limit fails at once; another user's still runs", async () => {
  const small = await createEmulator({ maxConcurrentExecutions: 2 });
  try {
    const runs = await Promise.all([
      ...[1, 2, 3].map(() => small.run('sleepFor', [300])),
      small.run('sleepFor', [10], { user: 'someone@example.com' }),
    ]);
    expect(runs.map((r) => r.ok)).toEqual([true, true, false, true]);
    expect(runs[2].error).toEqual({ name: 'Exception', message: TOO_MANY_EXECUTIONS });
    expect((await small.run('sleepFor', [10])).ok).toBe(true); // the slots are free again
  } finally {
    await small.close();
  }
});
