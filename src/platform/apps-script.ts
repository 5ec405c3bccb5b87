// Adapters from the ports to Apps Script services. The only module (with main.ts) that names
// Apps Script globals; nothing here runs at load time.
import {
  DailyQuotaError,
  LockBusyError,
  type CallingCell,
  NetworkError,
  type Clock,
  type DailyQuota,
  type HttpPort,
  type HttpRequest,
  type HttpResponse,
  type KeyValueCache,
  type Markers,
  type Mutex,
  type PropertyStore,
  StoreFullError,
  type SheetPort,
  type TriggerPort,
  type UsageMeter,
} from './ports';
import { calendarFromOffset, parseZoneOffset, type Calendar } from './calendar';

/** What this execution spent of the counted daily quotas (each execution loads the script afresh). */
const spent = { urlFetchCalls: 0, propertiesCalls: 0 };

export const executionUsage: UsageMeter = {
  urlFetchCalls: () => spent.urlFetchCalls,
  propertiesCalls: () => spent.propertiesCalls,
};

/**
 * The quotas page's messages ("Service using too much computer time for one day") and the reported
 * form of the per-service one ("Service invoked too many times for one day: urlfetch.").
 */
const QUOTA_MESSAGES: Array<[RegExp, DailyQuota]> = [
  [/too many times for one day: urlfetch/i, 'urlFetchCalls'],
  [/too many times for one day: properties/i, 'propertiesCalls'],
  [/too much computer time for one day/i, 'triggerRuntimeMs'],
];

function dailyQuotaOf(error: unknown): DailyQuota | undefined {
  const message = error instanceof Error ? error.message : String(error);
  return QUOTA_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
}

/** "You have exceeded the property storage quota. Please remove some properties and try again." */
const STORE_FULL = /property storage quota/i;

/**
 * A Properties call, counted, with a spent daily quota turned into a DailyQuotaError and a full
 * store into a StoreFullError.
 */
function propertiesCall<T>(fn: () => T): T {
  spent.propertiesCalls++;
  try {
    return fn();
  } catch (e) {
    const quota = dailyQuotaOf(e);
    if (quota) throw new DailyQuotaError(quota);
    if (STORE_FULL.test(e instanceof Error ? e.message : String(e))) throw new StoreFullError();
    throw e;
  }
}

/**
 * A form becomes an object of strings and Blobs, which UrlFetchApp sends as multipart/form-data with a
 * boundary of its own ("A JavaScript object is interpreted as a map of form field names to values,
 * where the values can be either strings or blobs"): no contentType may be given with it.
 */
function fetchParams(r: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  const common = {
    url: r.url,
    method: r.method,
    headers: r.headers,
    muteHttpExceptions: true,
    followRedirects: false,
  };
  if (!r.form) return { ...common, payload: r.payload, contentType: r.headers['Content-Type'] };
  const payload: Record<string, string | GoogleAppsScript.Base.Blob> = {};
  for (const [name, value] of Object.entries(r.form)) {
    payload[name] =
      typeof value === 'string' ? value : Utilities.newBlob(value.content, value.contentType, value.name);
  }
  return { ...common, payload };
}

export const urlFetchHttp: HttpPort = {
  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    const params = requests.map(fetchParams);
    let responses: GoogleAppsScript.URL_Fetch.HTTPResponse[];
    spent.urlFetchCalls += requests.length;
    try {
      responses = UrlFetchApp.fetchAll(params);
    } catch (e) {
      const quota = dailyQuotaOf(e);
      if (quota) throw new DailyQuotaError(quota);
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
  const all = () => (copy ??= propertiesCall(() => props.getProperties()));
  return {
    get: (key) => all()[key] ?? null,
    getAll: () => ({ ...all() }),
    set: (key, value) => {
      propertiesCall(() => props.setProperty(key, value));
      all()[key] = value;
    },
    setAll: (values) => {
      if (!Object.keys(values).length) return;
      propertiesCall(() => props.setProperties(values));
      Object.assign(all(), values);
    },
    delete: (key) => {
      propertiesCall(() => props.deleteProperty(key));
      delete all()[key];
    },
  };
}

export function propertyStore(props: GoogleAppsScript.Properties.Properties): PropertyStore {
  return {
    get: (key) => propertiesCall(() => props.getProperty(key)),
    getAll: () => propertiesCall(() => props.getProperties()),
    set: (key, value) => {
      propertiesCall(() => props.setProperty(key, value));
    },
    setAll: (values) => {
      if (Object.keys(values).length) propertiesCall(() => props.setProperties(values));
    },
    delete: (key) => {
      propertiesCall(() => props.deleteProperty(key));
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

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Metadata = GoogleAppsScript.Spreadsheet.DeveloperMetadata;

function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) throw new Error('This add-on works inside a spreadsheet.');
  return ss;
}

/** Tabs found in this execution, by id (an id never changes; a name can). */
const tabs = new Map<number, Sheet>();

function tab(id: number): Sheet {
  const sheet = tabs.get(id) ?? findTab(id);
  if (!sheet) throw new Error('The sheet has been deleted or is unavailable.');
  return sheet;
}

function findTab(id: number): Sheet | undefined {
  const sheet = activeSpreadsheet()
    .getSheets()
    .find((s) => s.getSheetId() === id);
  if (sheet) tabs.set(id, sheet);
  else tabs.delete(id);
  return sheet;
}

/** Whole rows and columns in A1 form ("5:5", "C:C"): the form reported to work for metadata. */
function wholeRow(sheet: Sheet, row: number): GoogleAppsScript.Spreadsheet.Range {
  return sheet.getRange(`${row}:${row}`);
}

function columnLetters(column: number): string {
  let letters = '';
  for (let x = column; x > 0; x = Math.floor((x - 1) / 26))
    letters = String.fromCharCode(65 + ((x - 1) % 26)) + letters;
  return letters;
}

function wholeColumn(sheet: Sheet, column: number): GoogleAppsScript.Spreadsheet.Range {
  const letters = columnLetters(column);
  return sheet.getRange(`${letters}:${letters}`);
}

function markerSet(items: Metadata[]): Markers {
  const byId = new Map(items.map((m) => [m.getId(), m]));
  const places = new Map<number, GoogleAppsScript.Spreadsheet.DeveloperMetadataLocation>();
  const place = (id: number) => {
    const item = byId.get(id);
    if (!item) return null;
    let location = places.get(id);
    if (!location) places.set(id, (location = item.getLocation()));
    return location;
  };
  return {
    ids: [...byId.keys()],
    row: (id) => place(id)?.getRow()?.getRow() ?? null,
    column: (id) => place(id)?.getColumn()?.getColumn() ?? null,
    value: (id) => byId.get(id)?.getValue() ?? null,
  };
}

export const spreadsheetSheets: SheetPort = {
  tabByName(name) {
    const sheet = activeSpreadsheet().getSheetByName(name);
    if (!sheet) return null;
    tabs.set(sheet.getSheetId(), sheet);
    return { id: sheet.getSheetId(), name: sheet.getName() };
  },
  tabById(id) {
    // A tab found earlier in this execution answers with one call; a deleted one throws, and is looked for.
    const known = tabs.get(id);
    if (known) {
      try {
        return { id, name: known.getName() };
      } catch {
        tabs.delete(id);
      }
    }
    const sheet = findTab(id);
    return sheet ? { id, name: sheet.getName() } : null;
  },
  lastRow: (id) => tab(id).getLastRow(),
  maxRows: (id) => tab(id).getMaxRows(),
  readColumn(id, column, first, last) {
    if (last < first) return [];
    return tab(id)
      .getRange(first, column, last - first + 1, 1)
      .getValues()
      .map((row) => row[0]);
  },
  addTextTab(name, rows) {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    let unique = name;
    for (let n = 2; ss.getSheetByName(unique); n++) unique = `${name} (${n})`;
    const sheet = ss.insertSheet(unique);
    const width = Math.max(1, ...rows.map((r) => r.length));
    const block = rows.map((r) => [...r, ...new Array<string>(width - r.length).fill('')]);
    if (block.length) {
      const range = sheet.getRange(1, 1, block.length, width);
      range.setNumberFormat('@');
      range.setValues(block);
    }
    return unique;
  },
  writeText(id, column, first, values, asText = true) {
    if (!values.length) return;
    const range = tab(id).getRange(first, column, values.length, 1);
    if (asText) range.setNumberFormat('@');
    range.setValues(values.map((v) => [v]));
  },
  writeTextAt(id, column, rows, value, asText = true) {
    if (!rows.length) return;
    const letters = columnLetters(column);
    const list = tab(id).getRangeList(rows.map((row) => `${letters}${row}`));
    if (asText) list.setNumberFormat('@');
    list.setValue(value);
  },
  markRows(id, key, entries) {
    const sheet = tab(id);
    for (const { row, value } of entries) wholeRow(sheet, row).addDeveloperMetadata(key, value);
  },
  markColumn(id, key, column, value) {
    const range = wholeColumn(tab(id), column);
    range.addDeveloperMetadata(key, value);
    const found = range.createDeveloperMetadataFinder().withKey(key).find();
    return found[found.length - 1].getId();
  },
  markerAt(id, key, row) {
    const found = wholeRow(tab(id), row).createDeveloperMetadataFinder().withKey(key).find();
    return found.length ? found[0].getId() : null;
  },
  findMarkers: (id, key) => markerSet(tab(id).createDeveloperMetadataFinder().withKey(key).find()),
  removeMarkers(id, key, more, keep) {
    const found = tab(id)
      .createDeveloperMetadataFinder()
      .withKey(key)
      .find()
      .filter((m) => !keep?.has(m.getId()));
    let removed = 0;
    while (removed < found.length && more()) found[removed++].remove();
    return found.length - removed;
  },
};

/** Time-driven triggers; an editor add-on may fire one at most hourly. */
export const scriptTriggers: TriggerPort = {
  list: (handler) =>
    ScriptApp.getProjectTriggers()
      .filter((t) => t.getHandlerFunction() === handler)
      .map((t) => t.getUniqueId()),
  create: (handler) => ScriptApp.newTrigger(handler).timeBased().everyHours(1).create().getUniqueId(),
  remove(id) {
    const trigger = ScriptApp.getProjectTriggers().find((t) => t.getUniqueId() === id);
    if (trigger) ScriptApp.deleteTrigger(trigger);
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
