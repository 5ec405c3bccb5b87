import type { Emulator } from '../../tools/emulator';
import { CacheStore } from '../../tools/emulator/state/cache-store';
import { createEmulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await createEmulator();
});
afterAll(() => emu.close());

test('a value over 100 KB is refused and nothing is stored', async () => {
  const value = 'x'.repeat(101 * 1024);
  const r = await emu.run('cachePutError', ['big', value]);
  expect(r.value).toEqual({ name: 'Exception', message: 'Argument too large: value', isError: true });
  expect(emu.cacheEntries('script')).not.toHaveProperty('big');
});

test('a value of exactly 100 KB is accepted', async () => {
  const r = await emu.run('cachePutError', ['exact', 'y'.repeat(100 * 1024)]);
  expect(r.value).toBe('no error');
});

test('the value limit counts UTF-8 bytes, not characters', async () => {
  const r = await emu.run('cachePutError', ['kana', 'あ'.repeat(35_000)]); // 105,000 bytes
  expect(r.value).toMatchObject({ message: 'Argument too large: value' });
});

test('a key of 251 characters is refused, 250 is fine', async () => {
  expect((await emu.run('cachePutError', ['k'.repeat(251), 'v'])).value).toMatchObject({
    message: 'Argument too large: key',
  });
  expect((await emu.run('cachePutError', ['k'.repeat(250), 'v'])).value).toBe('no error');
});

test('entries expire when the emulator clock moves past their expiration', async () => {
  await emu.run('cachePut', ['short', 'soon gone', 60]);
  await emu.run('cachePut', ['default', 'ten minutes']);
  expect((await emu.run('cacheGet', ['short'])).value).toBe('soon gone');
  emu.advanceClock(61_000);
  expect((await emu.run('cacheGet', ['short'])).value).toBeNull();
  expect((await emu.run('cacheGet', ['default'])).value).toBe('ten minutes');
  emu.advanceClock(600_000);
  expect((await emu.run('cacheGet', ['default'])).value).toBeNull();
});

test('an expiration beyond six hours is clamped to six hours', async () => {
  await emu.run('cachePut', ['long', 'v', 999_999]);
  emu.advanceClock(6 * 3600_000 - 1000);
  expect(emu.cacheEntries('script')).toHaveProperty('long', 'v');
  emu.advanceClock(2000);
  expect(emu.cacheEntries('script')).not.toHaveProperty('long');
});

test('putAll and getAll are one service call each and return only the keys found', async () => {
  const r = await emu.run('cachePutAllGetAll', [{ a: '1', b: '2' }, ['a', 'b', 'missing']]);
  expect(r.value).toEqual({ a: '1', b: '2' });
  expect(r.serviceCallsByMethod).toEqual({
    'CacheService.getScriptCache': 1,
    'CacheService.Cache.putAll': 1,
    'CacheService.Cache.getAll': 1,
  });
  expect(r.serviceCalls).toBe(3);
});

test('a cache over 1,000 items keeps the 900 farthest from expiration', async () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 1005; i++) many[`item${i}`] = String(i);
  await emu.run('cachePutAllGetAll', [many, []]);
  const entries = emu.cacheEntries('script');
  expect(Object.keys(entries)).toHaveLength(900);
  // All expire together: the last written are kept.
  expect(entries).toHaveProperty('item1004');
  expect(entries).not.toHaveProperty('item104');
});

describe('the 1,000-item cap', () => {
  let now = 0;
  const put = (store: CacheStore, prefix: string, count: number, ttl: number) => {
    const values: Record<string, string> = {};
    for (let i = 0; i < count; i++) values[`${prefix}${i}`] = 'v';
    store.putAll(values, ttl);
  };

  test('long-lived items written first survive short-lived items written later', () => {
    const store = new CacheStore(() => now);
    put(store, 'long', 500, 21600);
    now += 1000;
    put(store, 'short', 501, 60);
    const keys = Object.keys(store.snapshot());
    expect(keys).toHaveLength(900);
    expect(keys.filter((k) => k.startsWith('long'))).toHaveLength(500);
    expect(keys).not.toContain('short0');
    expect(keys).not.toContain('short100');
    expect(keys).toContain('short101');
    expect(keys).toContain('short500');
  });

  test('expired items are dropped before anything else, and 1,000 items are kept as they are', () => {
    const store = new CacheStore(() => now);
    put(store, 'old', 600, 10);
    now += 11_000;
    put(store, 'new', 500, 600);
    expect(Object.keys(store.snapshot())).toHaveLength(500);
    put(store, 'more', 500, 600);
    expect(Object.keys(store.snapshot())).toHaveLength(1000);
  });
});
