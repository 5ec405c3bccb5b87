import type { Emulator, EmulatorOptions } from '../../tools/emulator';
import { DAILY_QUOTAS } from '../../tools/emulator';
import { createPlatformEmulator, startServer, type TestServer } from './helpers';

const DAY = 24 * 3600_000;
let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => res.end('ok'));
});
afterAll(() => server.close());

async function withEmulator(opts: EmulatorOptions, body: (emu: Emulator) => Promise<void>): Promise<void> {
  const emu = await createPlatformEmulator({ manifestPath: '/nonexistent/appsscript.json', ...opts });
  try {
    await body(emu);
  } finally {
    await emu.close();
  }
}

test('usage is counted per user without enforcement, and each request of fetchAll counts', async () => {
  await withEmulator({}, async (emu) => {
    await emu.run('fetchMany', [server.origin, 3]);
    await emu.run('propertyCalls', [4], { user: 'b@example.com' });
    expect(emu.quotaUsage().urlFetchCalls).toMatchObject({ used: 3, limit: 20_000 });
    expect(emu.quotaUsage().propertiesCalls.used).toBe(0);
    expect(emu.quotaUsage('b@example.com').propertiesCalls).toMatchObject({ used: 4, limit: 50_000 });
    expect(emu.quotaUsage('b@example.com').urlFetchCalls).toEqual({ used: 0, limit: 20_000, resetsAt: null });
  });
});

test('consumer and Workspace accounts have the daily limits of the quotas page', async () => {
  expect(DAILY_QUOTAS.consumer).toEqual({
    triggerRuntimeMs: 90 * 60_000,
    urlFetchCalls: 20_000,
    propertiesCalls: 50_000,
  });
  expect(DAILY_QUOTAS.workspace).toEqual({
    triggerRuntimeMs: 6 * 3600_000,
    urlFetchCalls: 100_000,
    propertiesCalls: 500_000,
  });
  await withEmulator({ account: 'workspace' }, async (emu) => {
    expect(emu.quotaUsage().urlFetchCalls.limit).toBe(100_000);
  });
});

test('past the URL Fetch quota a fetch throws the platform message and sends nothing', async () => {
  await withEmulator({ quotaLimits: { urlFetchCalls: 5 } }, async (emu) => {
    const sent = server.requests.length;
    expect((await emu.run('fetchMany', [server.origin, 3])).value).toEqual({ ok: true, value: 3 });
    expect((await emu.run('fetchMany', [server.origin, 3])).value).toEqual({
      ok: false,
      name: 'Exception',
      message: 'Service invoked too many times for one day: urlfetch.',
    });
    expect(server.requests.length - sent).toBe(3);
    expect((await emu.run('fetchMany', [server.origin, 2])).value).toMatchObject({ ok: true });
  });
});

test('the quota resets 24 hours after the first request, not at midnight', async () => {
  await withEmulator({ quotaLimits: { propertiesCalls: 3 } }, async (emu) => {
    expect((await emu.run('propertyCalls', [3])).value).toMatchObject({ ok: true });
    const resetsAt = emu.quotaUsage().propertiesCalls.resetsAt as number;
    expect(resetsAt - emu.now()).toBeGreaterThan(DAY - 60_000);
    expect((await emu.run('propertyCalls', [1])).value).toMatchObject({
      message: 'Service invoked too many times for one day: properties.',
    });
    emu.advanceClock(DAY - 120_000);
    expect((await emu.run('propertyCalls', [1])).value).toMatchObject({ ok: false });
    emu.advanceClock(120_000);
    expect((await emu.run('propertyCalls', [3])).value).toMatchObject({ ok: true });
  });
});

test("a custom function's URL fetches are charged to the owner, another user has a quota of their own", async () => {
  await withEmulator({ quotaLimits: { urlFetchCalls: 1 } }, async (emu) => {
    expect(
      (await emu.evaluate('Sheet1', 'A1', `=FETCH("${server.origin}")`, { user: 'v@example.com' })).value,
    ).toBe(200);
    expect(emu.quotaUsage().urlFetchCalls.used).toBe(1);
    const r = await emu.evaluate('Sheet1', 'A2', `=FETCH("${server.origin}")`, { user: 'v@example.com' });
    expect(r.error?.message).toBe('Service invoked too many times for one day: urlfetch.');
    expect((await emu.run('fetchMany', [server.origin, 1], { user: 'v@example.com' })).value).toMatchObject({
      ok: true,
    });
  });
});

test('trigger runtime is counted; past it a trigger stops, then none starts until the window ends', async () => {
  await withEmulator({ quotaLimits: { triggerRuntimeMs: 3000 } }, async (emu) => {
    await emu.run('spinTrigger');
    emu.advanceClock(3600_000);
    const [first] = await emu.fireDueTriggers(); // spins 2 s (a loaded machine adds to that: the limit leaves 1 s)
    expect(first.ok).toBe(true);
    expect(emu.quotaUsage().triggerRuntimeMs.used).toBeGreaterThanOrEqual(2000);
    emu.advanceClock(3600_000);
    const [second] = await emu.fireDueTriggers(); // stopped after the ~1 s left
    expect(second).toMatchObject({
      ok: false,
      stopped: 'quota',
      error: { message: 'Service using too much computer time for one day' },
    });
    emu.advanceClock(3600_000);
    const [third] = await emu.fireDueTriggers();
    expect(third).toMatchObject({
      ok: false,
      error: { message: 'Service using too much computer time for one day' },
    });
    expect(third.serviceCalls).toBe(0);
    emu.advanceClock(DAY);
    const [later] = await emu.fireDueTriggers();
    expect(later.ok).toBe(true);
  });
});

test('menu executions do not count toward trigger runtime', async () => {
  await withEmulator({ quotaLimits: { triggerRuntimeMs: 50 } }, async (emu) => {
    expect((await emu.run('spinFor', [100])).ok).toBe(true);
    expect(emu.quotaUsage().triggerRuntimeMs.used).toBe(0);
  });
});
