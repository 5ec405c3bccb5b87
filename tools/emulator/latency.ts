// Simulated service latency: which call costs what. Figures and their sources are in the README
// ("Latency"); every figure marked "assumption" there has no published measurement.
import type { ServiceLatency, ServiceLatencyName } from './types';

export const LATENCY_NAMES: readonly ServiceLatencyName[] = [
  'cacheGet',
  'cachePut',
  'cacheRemove',
  'propertiesRead',
  'propertiesWrite',
  'lock',
  'spreadsheetRead',
  'spreadsheetWrite',
  'spreadsheetMeta',
  'urlFetchOverhead',
  'trigger',
];

/** Measured averages where published, stated assumptions elsewhere (README, "Latency"). For the benchmark. */
export const REALISTIC_LATENCY: Readonly<ServiceLatency> = Object.freeze({
  cacheGet: 20, // Qiita mitonattou919: get 20-23 ms (Peralta measured 3-4 ms)
  cachePut: 75, // Qiita: put 56-57 ms; Peralta: put 92-93 ms avg
  cacheRemove: 90, // Qiita: remove 88-90 ms
  propertiesRead: 30, // Peralta: getProperty 30-34 ms avg
  propertiesWrite: 62, // Peralta: setProperty 62-64 ms avg
  lock: 60, // assumption: like a property write
  spreadsheetRead: 100, // bugbugnow: getLastRow + getValues of 1,000 rows + setValues ~125 ms; excelspeedup ~80 ms per call interleaved
  spreadsheetWrite: 500, // Mogsdad: setValues of 4,000 cells <50 ms, 610 ms with its flush(); Poehnelt ~800 ms per write+read
  spreadsheetMeta: 50, // assumption: sheet lookups, sizes, toast, Ui (bugbugnow's getLastRow in a loop: 160 ms each)
  urlFetchOverhead: 150, // assumption: per fetch/fetchAll call, on top of the HTTP time
  trigger: 150, // assumption: creating, listing and deleting triggers
});

/** serviceLatencyMs sets every entry; serviceLatency overrides single ones. Default 0 everywhere. */
export function resolveLatency(
  all: number | undefined,
  some: Partial<ServiceLatency> | undefined,
): ServiceLatency {
  const out = {} as ServiceLatency;
  for (const name of LATENCY_NAMES) out[name] = Math.max(0, some?.[name] ?? all ?? 0);
  return out;
}

const CACHE: Record<string, ServiceLatencyName> = {
  get: 'cacheGet',
  getAll: 'cacheGet',
  put: 'cachePut',
  putAll: 'cachePut',
  remove: 'cacheRemove',
  removeAll: 'cacheRemove',
};

/**
 * The latency class of a service call, or undefined when it costs nothing extra: getting a service object
 * (getScriptCache(), getUserProperties(), getActiveSpreadsheet()...), builders and the local services
 * (Utilities, Session, HtmlService).
 */
export function latencyOf(method: string): ServiceLatencyName | undefined {
  const [service, type, name = type] = method.split('.');
  if (service === 'Utilities' || service === 'Session' || service === 'HtmlService') return undefined;
  if (service === 'CacheService') return type === 'Cache' ? CACHE[name] : undefined;
  if (service === 'PropertiesService') {
    if (type !== 'Properties') return undefined;
    return /^get/.test(name) ? 'propertiesRead' : 'propertiesWrite';
  }
  if (service === 'LockService') return type === 'Lock' ? 'lock' : undefined;
  if (service === 'UrlFetchApp') return 'urlFetchOverhead';
  if (service === 'ScriptApp') return 'trigger';
  if (service === 'SpreadsheetApp') return spreadsheetLatency(method, name);
  return undefined;
}

const FREE = /^SpreadsheetApp\.(getActive|getActiveSpreadsheet|getUi)$/;
const READS =
  /^(getValues?|getDisplayValues?|getFormulas?|getNumberFormats?|getDeveloperMetadata|find|getKey|getValue|getVisibility|getLocation)$/;
const WRITES = /^(set\w+|clear\w*|insert\w+|append\w+|add\w+|remove|delete\w+|flush)$/;

function spreadsheetLatency(method: string, name: string): ServiceLatencyName | undefined {
  if (FREE.test(method)) return undefined;
  if (method.startsWith('SpreadsheetApp.Ui.') || method.startsWith('SpreadsheetApp.Menu.'))
    return 'spreadsheetMeta';
  if (READS.test(name)) return 'spreadsheetRead';
  if (WRITES.test(name)) return 'spreadsheetWrite';
  return 'spreadsheetMeta';
}
