// In-memory ports for unit tests.
import type {
  Clock,
  HttpPort,
  HttpRequest,
  HttpResponse,
  KeyValueCache,
  Markers,
  Mutex,
  PropertyStore,
  SheetPort,
  TabInfo,
  TriggerPort,
} from '../../src/platform/ports';

export class FakeClock implements Clock {
  sleeps: number[] = [];
  constructor(public time = Date.UTC(2026, 10, 23, 9, 0, 0)) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number): void {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

export type Responder = (request: HttpRequest, call: number) => HttpResponse | Error;

/** Answers each request with a responder; counts calls; advances the clock per wave if asked. */
export class ScriptedHttp implements HttpPort {
  requests: HttpRequest[] = [];
  waves = 0;
  constructor(
    private readonly responder: Responder,
    private readonly clock?: FakeClock,
    private readonly waveMs = 0,
  ) {}
  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    this.waves++;
    if (this.clock) this.clock.time += this.waveMs;
    return requests.map((r) => {
      this.requests.push(r);
      const out = this.responder(r, this.requests.length);
      if (out instanceof Error) throw out;
      return out;
    });
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'x-request-id': `req_${status}`, ...headers }, body: JSON.stringify(body) };
}

export function apiError(
  status: number,
  code: string | null,
  type = 'invalid_request_error',
  headers = {},
): HttpResponse {
  return json(status, { error: { message: `error ${code}`, type, code, param: null } }, headers);
}

export class MemoryStore implements PropertyStore {
  constructor(public data: Record<string, string> = {}) {}
  get(key: string) {
    return this.data[key] ?? null;
  }
  getAll() {
    return { ...this.data };
  }
  set(key: string, value: string) {
    this.data[key] = value;
  }
  setAll(values: Record<string, string>) {
    Object.assign(this.data, values);
  }
  delete(key: string) {
    delete this.data[key];
  }
}

export class MemoryCache implements KeyValueCache {
  data = new Map<string, string>();
  reads = 0;
  getAll(keys: string[]) {
    this.reads++;
    const out: Record<string, string> = {};
    for (const k of keys) if (this.data.has(k)) out[k] = this.data.get(k) as string;
    return out;
  }
  putAll(values: Record<string, string>) {
    for (const [k, v] of Object.entries(values)) this.data.set(k, v);
  }
  removeAll(keys: string[]) {
    for (const k of keys) this.data.delete(k);
  }
}

export const freeMutex: Mutex = { withLock: (_ms, fn) => fn() };

interface FakeMarker {
  id: number;
  key: string;
  value: string;
}

interface FakeLine {
  cells: Map<number, unknown>;
  markers: FakeMarker[];
}

/**
 * One tab in memory with developer metadata on whole rows and columns that follows its row or column
 * when lines are inserted, deleted or sorted (the emulator's model).
 * Counts what a job reads: finder calls and per-item reads.
 */
export class FakeSheets implements SheetPort {
  rows: FakeLine[] = [];
  columnMarkers: FakeMarker[][] = [];
  name = 'Sheet1';
  exists = true;
  finds = 0;
  itemReads = 0;
  writes: Array<{ column: number; first: number; values: string[] }> = [];
  /** Runs after each markRows call: a person editing while rows are being marked. */
  onMark?: () => void;
  /** The tab's metadata is full: adding an item throws, as Sheets does past 30,000 characters. */
  full = false;
  private nextId = 1;
  readonly id = 7;

  constructor(values: unknown[]) {
    values.forEach((v, i) => this.line(i + 1).cells.set(1, v));
  }

  private line(row: number): FakeLine {
    while (this.rows.length < row) this.rows.push({ cells: new Map(), markers: [] });
    return this.rows[row - 1];
  }

  private marker(key: string, value: string): FakeMarker {
    return { id: this.nextId++, key, value };
  }

  tabByName(name: string): TabInfo | null {
    return this.exists && name === this.name ? { id: this.id, name: this.name } : null;
  }
  tabById(id: number): TabInfo | null {
    return this.exists && id === this.id ? { id, name: this.name } : null;
  }
  lastRow(): number {
    return this.rows.length;
  }
  /** The tab's rows: its content and this many empty rows below. */
  spareRows = 100;
  maxRows(): number {
    return this.rows.length + this.spareRows;
  }
  readColumn(_tab: number, column: number, first: number, last: number): unknown[] {
    const out: unknown[] = [];
    for (let r = first; r <= last; r++) out.push(this.rows[r - 1]?.cells.get(column) ?? '');
    return out;
  }
  writeText(_tab: number, column: number, first: number, values: string[]): void {
    this.writes.push({ column, first, values });
    values.forEach((v, i) => this.line(first + i).cells.set(column, v));
  }
  writeTextAt(_tab: number, column: number, rows: number[], value: string): void {
    for (const row of rows) this.writeText(_tab, column, row, [value]);
  }
  markRows(_tab: number, key: string, entries: Array<{ row: number; value: string }>): void {
    if (this.full) throw new Error('Developer metadata storage limit exceeded');
    for (const { row, value } of entries) this.line(row).markers.push(this.marker(key, value));
    this.onMark?.();
  }
  markColumn(_tab: number, key: string, column: number, value: string): number {
    if (this.full) throw new Error('Developer metadata storage limit exceeded');
    const m = this.marker(key, value);
    while (this.columnMarkers.length < column) this.columnMarkers.push([]);
    this.columnMarkers[column - 1].push(m);
    return m.id;
  }
  markerAt(_tab: number, key: string, row: number): number | null {
    return this.rows[row - 1]?.markers.find((m) => m.key === key)?.id ?? null;
  }
  findMarkers(_tab: number, key: string): Markers {
    this.finds++;
    const rows = new Map<number, number>();
    const columns = new Map<number, number>();
    const values = new Map<number, string>();
    this.rows.forEach((line, i) =>
      line.markers
        .filter((m) => m.key === key)
        .forEach((m) => (rows.set(m.id, i + 1), values.set(m.id, m.value))),
    );
    this.columnMarkers.forEach((list, i) =>
      list.filter((m) => m.key === key).forEach((m) => (columns.set(m.id, i + 1), values.set(m.id, m.value))),
    );
    const read = <T>(value: T): T => {
      this.itemReads++;
      return value;
    };
    return {
      ids: [...values.keys()],
      row: (id) => read(rows.get(id) ?? null),
      column: (id) => read(columns.get(id) ?? null),
      value: (id) => read(values.get(id) ?? null),
    };
  }
  tabs: Array<{ name: string; rows: string[][] }> = [];
  addTextTab(name: string, rows: string[][]): string {
    this.tabs.push({ name, rows });
    return name;
  }

  removeMarkers(_tab: number, key: string, more: () => boolean, keep?: ReadonlySet<number>): number {
    const take = (list: FakeMarker[]) => list.filter((m) => m.key !== key || keep?.has(m.id) || !more());
    for (const line of this.rows) line.markers = take(line.markers);
    this.columnMarkers = this.columnMarkers.map(take);
    return this.countMarkers(key, keep);
  }
  countMarkers(key: string, keep?: ReadonlySet<number>): number {
    const mine = (m: FakeMarker) => m.key === key && !keep?.has(m.id);
    return (
      this.rows.flatMap((l) => l.markers).filter(mine).length + this.columnMarkers.flat().filter(mine).length
    );
  }

  /** A person's edits. */
  insertRows(before: number, count: number, texts: string[] = []): void {
    this.line(before);
    const fresh = Array.from({ length: count }, (_, i) => ({
      cells: new Map<number, unknown>(texts[i] === undefined ? [] : [[1, texts[i]]]),
      markers: [],
    }));
    this.rows.splice(before - 1, 0, ...fresh);
  }
  deleteRows(row: number, count: number): void {
    this.rows.splice(row - 1, count);
  }
  deleteColumn(column: number): void {
    for (const line of this.rows) {
      const moved = new Map<number, unknown>();
      for (const [c, v] of line.cells) if (c !== column) moved.set(c > column ? c - 1 : c, v);
      line.cells = moved;
    }
    this.columnMarkers.splice(column - 1, 1);
  }
  insertColumnBefore(column: number): void {
    for (const line of this.rows) {
      const moved = new Map<number, unknown>();
      for (const [c, v] of line.cells) moved.set(c >= column ? c + 1 : c, v);
      line.cells = moved;
    }
    this.columnMarkers.splice(column - 1, 0, []);
  }
  /** Sorts rows first..last by column 1; each row's markers go with it (as Sheets does). */
  sortRows(first: number, last: number): void {
    const block = this.rows.slice(first - 1, last);
    block.sort((a, b) => String(a.cells.get(1) ?? '').localeCompare(String(b.cells.get(1) ?? '')));
    block.forEach((line, i) => (this.rows[first - 1 + i] = line));
  }
  text(row: number, column = 1): unknown {
    return this.rows[row - 1]?.cells.get(column) ?? '';
  }
}

/** Triggers of one user: ids in creation order; `failCreate` makes create() throw (a platform limit). */
export class FakeTriggers implements TriggerPort {
  ids: string[] = [];
  failCreate = false;
  private next = 1;
  list(): string[] {
    return [...this.ids];
  }
  create(): string {
    if (this.failCreate) throw new Error('This script has too many triggers.');
    const id = `t${this.next++}`;
    this.ids.push(id);
    return id;
  }
  remove(id: string): void {
    this.ids = this.ids.filter((t) => t !== id);
  }
}
