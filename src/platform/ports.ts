// The small interfaces the add-on's logic depends on. Adapters in this folder implement them over
// Apps Script services; tests implement them in memory.

/** A file in a multipart form: sent as a named Blob. */
export interface FormFile {
  name: string;
  contentType: string;
  content: string;
}

export interface HttpRequest {
  url: string;
  method: 'get' | 'post' | 'delete';
  headers: Record<string, string>;
  payload?: string;
  /**
   * A multipart/form-data body instead of `payload`, fields in this order. The platform writes the
   * Content-Type with its boundary, so `headers` must not carry one.
   */
  form?: Record<string, string | FormFile>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Thrown by an HttpPort when no HTTP response arrived at all (DNS, refused, reset, timeout). */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

export interface HttpPort {
  /** Sends requests in parallel; answers in order. Throws NetworkError when a request got no response. */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
}

export interface Clock {
  now(): number;
  sleep(ms: number): void;
}

export interface KeyValueCache {
  getAll(keys: string[]): Record<string, string>;
  putAll(values: Record<string, string>, ttlSeconds: number): void;
  removeAll(keys: string[]): void;
}

export interface PropertyStore {
  get(key: string): string | null;
  getAll(): Record<string, string>;
  set(key: string, value: string): void;
  setAll(values: Record<string, string>): void;
  delete(key: string): void;
}

export interface Mutex {
  /** Runs fn while holding the lock; throws LockBusyError when it cannot be had within waitMs. */
  withLock<T>(waitMs: number, fn: () => T): T;
}

export class LockBusyError extends Error {
  override name = 'LockBusyError';
}

/** A tab as column jobs see it: found by name when a job starts, by its id afterwards (a rename keeps it). */
export interface TabInfo {
  id: number;
  name: string;
}

/**
 * The developer metadata items with one key on one tab, found with one call. Where each item is now and
 * its value are read only when asked.
 */
export interface Markers {
  readonly ids: number[];
  /** The row of a ROW item, else null. */
  row(id: number): number | null;
  /** The column of a COLUMN item, else null. */
  column(id: number): number | null;
  value(id: number): string | null;
}

/** The cells and markers column jobs use; rows and columns are 1-based numbers. */
export interface SheetPort {
  tabByName(name: string): TabInfo | null;
  tabById(id: number): TabInfo | null;
  /** Last row with content of the tab. */
  lastRow(tab: number): number;
  /** Rows the tab has (content or not). */
  maxRows(tab: number): number;
  /** Values of `column` for rows first..last. */
  readColumn(tab: number, column: number, first: number, last: number): unknown[];
  /**
   * Writes one contiguous run of cells starting at `first`, formatted as plain text (`@`) first unless
   * `asText` is false (values Sheets keeps as they are); the values are what is typed, already escaped
   * (engine/cell-values.ts).
   */
  writeText(tab: number, column: number, first: number, values: string[], asText?: boolean): void;
  /**
   * Writes one value into these rows of a column (one RangeList: a format call and a write call, however
   * scattered the rows), formatted as plain text first; the value is what is typed, already escaped.
   */
  writeTextAt(tab: number, column: number, rows: number[], value: string, asText?: boolean): void;
  /** One ROW item per entry (on the whole row: Sheets allows nothing narrower). */
  markRows(tab: number, key: string, entries: Array<{ row: number; value: string }>): void;
  /** One COLUMN item on the whole column; returns its id. */
  markColumn(tab: number, key: string, column: number, value: string): number;
  /** The id of the ROW item with this key on `row`, if there is one. */
  markerAt(tab: number, key: string, row: number): number | null;
  findMarkers(tab: number, key: string): Markers;
  /**
   * Removes items with this key from the tab (one finder call, then one call per item) while `more()`
   * says so, except those whose ids are in `keep`; returns how many are left (kept ones not counted).
   */
  removeMarkers(tab: number, key: string, more: () => boolean, keep?: ReadonlySet<number>): number;
  /**
   * A new tab named `name` (with " (2)", " (3)"... when taken) holding `rows` as plain text from A1;
   * returns the name it got. The values are what is typed, already escaped.
   */
  addTextTab(name: string, rows: string[][]): string;
}

/** Time-driven triggers of the calling user. */
export interface TriggerPort {
  /** Ids of the user's triggers that run `handler`, in the whole project (every document). */
  list(handler: string): string[];
  /** Creates an hourly trigger in the current document and returns its id. */
  create(handler: string): string;
  remove(id: string): void;
}

/** The daily quotas of a Google account the add-on counts (quotas page of Apps Script). */
export type DailyQuota = 'urlFetchCalls' | 'propertiesCalls' | 'triggerRuntimeMs';

/** A service refused a call because a daily quota of the account is spent. */
export class DailyQuotaError extends Error {
  override name = 'DailyQuotaError';
  constructor(readonly quota: DailyQuota) {
    super(`daily quota spent: ${quota}`);
  }
}

/** PropertiesService refused a write: the store would pass its 500 KB ("property storage quota"). */
export class StoreFullError extends Error {
  override name = 'StoreFullError';
  constructor() {
    super('property store full');
  }
}

/** What this execution has spent so far of the counted quotas. */
export interface UsageMeter {
  urlFetchCalls(): number;
  propertiesCalls(): number;
}

/** A block of the calling cell's tab, read on demand (Range.getFormulas, Range.getValues). */
export interface CellBlock {
  formulas(): string[][];
  values(): unknown[][];
}

/**
 * The cell a custom function was called from (SpreadsheetApp.getActiveRange() in a custom
 * function), with read-only access to the cells around it.
 */
export interface CallingCell {
  row: number;
  column: number;
  /** Last row with content on the calling cell's tab. */
  lastRow(): number;
  /** Rows first..last, columns fromColumn..toColumn of the calling cell's tab. */
  block(first: number, last: number, fromColumn: number, toColumn: number): CellBlock;
  /** Values of one column of another tab (empty when there is no such tab). */
  columnOf(sheet: string, first: number, last: number, column: number): unknown[];
}
