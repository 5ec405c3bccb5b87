// Adapters from the ports to Apps Script services. The only module (with main.ts) that names
// Apps Script globals; nothing here runs at load time.
import {
  LockBusyError,
  type CallingCell,
  NetworkError,
  type Clock,
  type HttpPort,
  type HttpRequest,
  type HttpResponse,
  type KeyValueCache,
  type Mutex,
  type PropertyStore,
  type SheetPort,
  type TriggerPort,
} from './ports';
import { calendarFromOffset, parseZoneOffset, type Calendar } from './calendar';

export const urlFetchHttp: HttpPort = {
  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    const params = requests.map((r) => ({
      url: r.url,
      method: r.method,
      headers: r.headers,
      payload: r.payload,
      contentType: r.headers['Content-Type'],
      muteHttpExceptions: true,
      followRedirects: false,
    }));
    let responses: GoogleAppsScript.URL_Fetch.HTTPResponse[];
    try {
      responses = UrlFetchApp.fetchAll(params);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new NetworkError(message, /timeout|timed out/i.test(message));
    }
    return responses.map((r) => ({
      status: r.getResponseCode(),
      headers: lowerCaseKeys(r.getAllHeaders() as Record<string, unknown>),
      body: r.getContentText(),
    }));
  },
};

function lowerCaseKeys(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

export const appsScriptClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => {
    if (ms > 0) Utilities.sleep(Math.ceil(ms));
  },
};

export function cacheStore(cache: GoogleAppsScript.Cache.Cache): KeyValueCache {
  return {
    getAll: (keys) => (keys.length ? cache.getAll(keys) : {}),
    putAll: (values, ttlSeconds) => {
      if (Object.keys(values).length) cache.putAll(values, ttlSeconds);
    },
    removeAll: (keys) => {
      if (keys.length) cache.removeAll(keys);
    },
  };
}

/**
 * A store read once with getProperties (one service call) and then served from that copy; writes
 * go through. For executions that read several settings and write little.
 */
export function snapshotStore(props: GoogleAppsScript.Properties.Properties): PropertyStore {
  let copy: Record<string, string> | undefined;
  const all = () => (copy ??= props.getProperties());
  return {
    get: (key) => all()[key] ?? null,
    getAll: () => ({ ...all() }),
    set: (key, value) => {
      props.setProperty(key, value);
      all()[key] = value;
    },
    setAll: (values) => {
      if (!Object.keys(values).length) return;
      props.setProperties(values);
      Object.assign(all(), values);
    },
    delete: (key) => {
      props.deleteProperty(key);
      delete all()[key];
    },
  };
}

export function propertyStore(props: GoogleAppsScript.Properties.Properties): PropertyStore {
  return {
    get: (key) => props.getProperty(key),
    getAll: () => props.getProperties(),
    set: (key, value) => {
      props.setProperty(key, value);
    },
    setAll: (values) => {
      if (Object.keys(values).length) props.setProperties(values);
    },
    delete: (key) => {
      props.deleteProperty(key);
    },
  };
}

/** A mutex over a lock that is only fetched when first needed. */
export function lockMutex(getLock: () => GoogleAppsScript.Lock.Lock): Mutex {
  let lock: GoogleAppsScript.Lock.Lock | undefined;
  return {
    withLock(waitMs, fn) {
      lock ??= getLock();
      if (!lock.tryLock(waitMs)) throw new LockBusyError('lock busy');
      try {
        return fn();
      } finally {
        lock.releaseLock();
      }
    },
  };
}

export function digestHex(text: string): string {
  const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
  return bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, '0')).join('');
}

export const spreadsheetSheets: SheetPort = {
  lastRow(sheet) {
    const tab = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(sheet);
    return tab ? tab.getLastRow() : null;
  },
  readColumn(sheet, column, first, last) {
    const tab = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(sheet);
    if (!tab || last < first) return [];
    return tab
      .getRange(first, column, last - first + 1, 1)
      .getValues()
      .map((row) => row[0]);
  },
  writeColumn(sheet, column, first, values) {
    const tab = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(sheet);
    if (!tab || !values.length) return;
    tab.getRange(first, column, values.length, 1).setValues(values.map((v) => [v]));
  },
};

/** Time-driven triggers: an editor add-on may fire one at most hourly, so this is only the fallback. */
export const scriptTriggers: TriggerPort = {
  ensure(handler) {
    const exists = ScriptApp.getProjectTriggers().some((t) => t.getHandlerFunction() === handler);
    if (!exists) ScriptApp.newTrigger(handler).timeBased().everyHours(1).create();
  },
  remove(handler) {
    for (const t of ScriptApp.getProjectTriggers())
      if (t.getHandlerFunction() === handler) ScriptApp.deleteTrigger(t);
  },
};

/** A time zone's offset to UTC at a moment: one Utilities.formatDate per hour asked about. */
export function zoneOffset(timeZone: () => string): (now: number) => number {
  const offsets = new Map<number, number>();
  return (now) => {
    const hour = Math.floor(now / 3_600_000);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = parseZoneOffset(Utilities.formatDate(new Date(now), timeZone(), 'Z'));
      offsets.set(hour, offset);
    }
    return offset;
  };
}

/** The calendar of a time zone (the spreadsheet's). */
export function zonedCalendar(timeZone: () => string): Calendar {
  return calendarFromOffset(zoneOffset(timeZone));
}

/** The active range of a custom function is its calling cell; null elsewhere or when there is none. */
export function callingCell(): CallingCell | undefined {
  const range = SpreadsheetApp.getActiveRange();
  if (!range || range.getNumRows() !== 1 || range.getNumColumns() !== 1) return undefined;
  const tab = range.getSheet();
  return {
    row: range.getRow(),
    column: range.getColumn(),
    lastRow: () => tab.getLastRow(),
    block(first, last, fromColumn, toColumn) {
      const block = tab.getRange(first, fromColumn, last - first + 1, toColumn - fromColumn + 1);
      return { formulas: () => block.getFormulas(), values: () => block.getValues() };
    },
    columnOf(sheet, first, last, column) {
      const other = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(sheet);
      if (!other || last < first) return [];
      return other
        .getRange(first, column, last - first + 1, 1)
        .getValues()
        .map((row) => row[0]);
    },
  };
}
