import { REALISTIC_LATENCY } from '../../tools/emulator';
import { latencyOf, resolveLatency } from '../../tools/emulator/latency';
import { createPlatformEmulator } from './helpers';

test('each service call has its own latency class; service objects and local services cost nothing', () => {
  expect(latencyOf('CacheService.Cache.get')).toBe('cacheGet');
  expect(latencyOf('CacheService.Cache.getAll')).toBe('cacheGet');
  expect(latencyOf('CacheService.Cache.putAll')).toBe('cachePut');
  expect(latencyOf('CacheService.Cache.remove')).toBe('cacheRemove');
  expect(latencyOf('PropertiesService.Properties.getProperties')).toBe('propertiesRead');
  expect(latencyOf('PropertiesService.Properties.deleteProperty')).toBe('propertiesWrite');
  expect(latencyOf('LockService.Lock.waitLock')).toBe('lock');
  expect(latencyOf('SpreadsheetApp.Range.getValues')).toBe('spreadsheetRead');
  expect(latencyOf('SpreadsheetApp.Range.setValues')).toBe('spreadsheetWrite');
  expect(latencyOf('SpreadsheetApp.Sheet.addDeveloperMetadata')).toBe('spreadsheetWrite');
  expect(latencyOf('SpreadsheetApp.DeveloperMetadataFinder.find')).toBe('spreadsheetRead');
  expect(latencyOf('SpreadsheetApp.Spreadsheet.getSheetByName')).toBe('spreadsheetMeta');
  expect(latencyOf('UrlFetchApp.fetchAll')).toBe('urlFetchOverhead');
  expect(latencyOf('ScriptApp.getProjectTriggers')).toBe('trigger');
  for (const free of [
    'CacheService.getDocumentCache',
    'PropertiesService.getUserProperties',
    'LockService.getDocumentLock',
    'SpreadsheetApp.getActiveSpreadsheet',
    'SpreadsheetApp.getUi',
    'Utilities.computeDigest',
    'Session.getActiveUser',
    'HtmlService.createHtmlOutput',
  ]) {
    expect(latencyOf(free)).toBeUndefined();
  }
});

test('serviceLatencyMs sets every latency and serviceLatency overrides single ones; the default is 0', () => {
  expect(Object.values(resolveLatency(undefined, undefined)).every((ms) => ms === 0)).toBe(true);
  const all = resolveLatency(40, undefined);
  expect(all.cacheGet).toBe(40);
  expect(all.trigger).toBe(40);
  const some = resolveLatency(40, { cachePut: 90, lock: 0 });
  expect(some).toMatchObject({ cachePut: 90, lock: 0, cacheGet: 40 });
});

test('the realistic preset uses the published measurements where there are any', () => {
  expect(REALISTIC_LATENCY).toMatchObject({
    cacheGet: 20,
    cachePut: 75,
    propertiesRead: 30,
    propertiesWrite: 62,
  });
  expect(Object.isFrozen(REALISTIC_LATENCY)).toBe(true);
});

test('an execution takes at least the latencies of the calls it makes', async () => {
  const emu = await createPlatformEmulator({ serviceLatency: { cachePut: 150, propertiesWrite: 120 } });
  try {
    const cache = await emu.run('cacheRoundTrip');
    expect(cache.value).toBe('v');
    expect(cache.durationMs).toBeGreaterThanOrEqual(145);
    const write = await emu.run('propertyWrite');
    expect(write.durationMs).toBeGreaterThanOrEqual(115);
    const read = await emu.run('propertyRead');
    expect(read.durationMs).toBeLessThan(115);
  } finally {
    await emu.close();
  }
});

test('serviceLatencyMs still applies to every call that reaches storage', async () => {
  const emu = await createPlatformEmulator({ serviceLatencyMs: 80 });
  try {
    const r = await emu.run('cacheRoundTrip'); // getScriptCache (free), put, get
    expect(r.durationMs).toBeGreaterThanOrEqual(155);
  } finally {
    await emu.close();
  }
});
