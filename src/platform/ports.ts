// The small interfaces the add-on's logic depends on. Adapters in this folder implement them over
// Apps Script services; tests implement them in memory.

export interface HttpRequest {
  url: string;
  method: 'get' | 'post' | 'delete';
  headers: Record<string, string>;
  payload?: string;
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

/** One column of one tab, read and written by row number (1-based). */
export interface SheetPort {
  /** Last row with content, or null when the tab does not exist. */
  lastRow(sheet: string): number | null;
  /** Values of `column` for rows first..last. */
  readColumn(sheet: string, column: number, first: number, last: number): unknown[];
  /** Writes one contiguous run of values starting at `first`. */
  writeColumn(sheet: string, column: number, first: number, values: unknown[]): void;
}

export interface TriggerPort {
  ensure(handler: string): void;
  remove(handler: string): void;
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
