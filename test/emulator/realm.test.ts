import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '../../tools/emulator';
import { createEmulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await createEmulator();
});
afterAll(() => emu.close());

test('Date arguments are Dates of the bundle and ranges are real arrays there', async () => {
  const r = await emu.run('describeArgs', [new Date(Date.UTC(2024, 4, 1)), [[new Date()]]]);
  expect(r.value).toMatchObject({
    isDate: true,
    year: 2024,
    rangeIsArray: true,
    rowIsArray: true,
    cellIsDate: true,
  });
});

test('Dates come back out of an execution as Dates', async () => {
  const when = new Date(Date.UTC(2020, 1, 29));
  const r = await emu.run('echo', [{ when, list: [when] }]);
  expect(r.value).toEqual({ when, list: [when] });
});

test("the bundle's clock follows advanceClock", async () => {
  const before = (await emu.run('clockNow')).value as number;
  emu.advanceClock(86_400_000);
  const after = (await emu.run('clockNow')).value as number;
  expect(after - before).toBeGreaterThanOrEqual(86_400_000);
  expect(Math.abs(emu.now() - after)).toBeLessThan(1000);
});

test('members that are not emulated throw instead of returning undefined', async () => {
  expect((await emu.run('useUnemulated', ['root'])).value).toEqual({
    name: 'Error',
    message: 'SpreadsheetApp.openById is not emulated',
    isError: true,
  });
  expect((await emu.run('useUnemulated', ['range'])).value).toMatchObject({
    message: 'SpreadsheetApp.Range.setBackground is not emulated',
  });
  expect((await emu.run('useUnemulated', ['drive'])).value).toMatchObject({
    message: 'DriveApp.getFiles is not emulated',
  });
});

test('service errors are real Errors of the bundle named Exception', async () => {
  const r = await emu.run('cachePutError', ['k'.repeat(300), 'v']);
  expect(r.value).toMatchObject({ name: 'Exception', isError: true });
});

test('only top-level function declarations can be run', async () => {
  const r = await emu.run('assignedNotDeclared');
  expect(r.ok).toBe(false);
  expect(r.error?.message).toBe('Script function not found: assignedNotDeclared');
  expect((await emu.run('nope')).error?.message).toBe('Script function not found: nope');
});

test('Logger.log and console lines are captured in order', async () => {
  const r = await emu.run('logSomething');
  expect(r.logs).toEqual(['hello world', 'count 2', '{"ok":false}']);
  expect(r.value).toBe('hello world\n');
});

test('Utilities gives signed digests, base64 and time-zone formatted dates', async () => {
  const r = await emu.run('utilities');
  const v = r.value as Record<string, unknown>;
  expect((v.digest as number[]).slice(0, 4)).toEqual([-70, 120, 22, -65]); // sha256("abc") = ba7816bf...
  expect(v.b64).toBe('aMOpbGxv');
  expect(v.web).toBe('-_8-');
  expect(v.decoded).toBe('日本');
  expect(v.formatted).toBe('2024-01-03T00:04:05 +09:00');
  expect(v.uuid).toBe(36);
});

test('Session reports the locale, users and script time zone of the execution', async () => {
  const ja = (await emu.run('sessionInfo', [], { user: 'aiko@example.jp', locale: 'ja' })).value;
  expect(ja).toMatchObject({
    locale: 'ja',
    active: 'aiko@example.jp',
    effective: 'aiko@example.jp',
    tz: 'Asia/Tokyo',
  });
  const again = (await emu.run('sessionInfo', [], { user: 'aiko@example.jp' })).value as { key: string };
  expect(again.key).toBe((ja as { key: string }).key);
  const custom = (await emu.run('sessionInfo', [], { kind: 'custom', user: 'aiko@example.jp' })).value;
  expect(custom).toMatchObject({ active: '', effective: 'owner@example.com' });
});

test('a bundle with a syntax error fails every execution with the SyntaxError', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-broken-'));
  writeFileSync(join(dir, 'Code.js'), 'function ok() {\n  return 1;\n}\nfunction broken( {\n');
  const broken = await createEmulator({ codePath: join(dir, 'Code.js') });
  try {
    for (let i = 0; i < 2; i++) {
      const r = await broken.run('ok');
      expect(r.ok).toBe(false);
      expect(r.error?.name).toBe('SyntaxError');
    }
  } finally {
    await broken.close();
    rmSync(dir, { recursive: true });
  }
});
