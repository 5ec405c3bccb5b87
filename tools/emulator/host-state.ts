// Everything executions share: the spreadsheets, stores, locks, triggers, quotas, UI records, clock and totals.
import type { Execution } from './execution';
import type { QuotaTable } from './quotas';
import { CacheStore } from './state/cache-store';
import { LockTable } from './state/locks';
import { PropertyStore } from './state/property-store';
import type { SpreadsheetModel } from './state/spreadsheet';
import { TriggerTable } from './state/triggers';
import type { PropertyScope, ServiceLatency, Totals, UiRecord } from './types';

export interface HostConfig {
  distDir: string;
  whitelist?: string[];
  hostMap: Record<string, string>;
  owner: string;
  locale: string;
  scriptTimeZone: string;
  latency: ServiceLatency;
  urlFetchTimeoutMs: number;
  urlFetchMaxPostBytes: number;
  urlFetchMaxResponseBytes: number;
  isAddon: boolean;
}

export class HostState {
  readonly caches = new Map<string, CacheStore>();
  readonly properties = new Map<string, PropertyStore>();
  readonly spreadsheets = new Map<string, SpreadsheetModel>();
  readonly locks = new LockTable();
  readonly triggers = new TriggerTable();
  /** When each user's temporary key was first handed out (it rotates every 30 days from there). */
  readonly temporaryKeys = new Map<string, number>();
  readonly ui: UiRecord = { menus: [], sidebars: [], dialogs: [], alerts: [], toasts: [] };
  readonly totals: Totals = { executions: 0, serviceCalls: 0, urlFetchRequests: 0, propertyOps: 0 };
  /** Shared with every worker so the bundle's Date follows advanceClock. */
  readonly clockBuffer = new SharedArrayBuffer(8);
  private readonly clockOffset = new Float64Array(this.clockBuffer);
  readonly quotas: QuotaTable;
  readonly defaultSpreadsheetId: string;

  constructor(
    readonly config: HostConfig,
    first: SpreadsheetModel,
    quotas: (now: () => number) => QuotaTable,
  ) {
    this.spreadsheets.set(first.id, first);
    this.defaultSpreadsheetId = first.id;
    this.quotas = quotas(() => this.now());
  }

  /** The first spreadsheet (the one every execution runs in unless told otherwise). */
  get spreadsheet(): SpreadsheetModel {
    return this.spreadsheetById(this.defaultSpreadsheetId);
  }

  spreadsheetById(id: string): SpreadsheetModel {
    const ss = this.spreadsheets.get(id);
    if (!ss) throw new Error(`No spreadsheet with id ${id}`);
    return ss;
  }

  /** The execution's active document, or undefined (an add-on's time-driven trigger has none). */
  activeSpreadsheet(exec: Execution): SpreadsheetModel | undefined {
    const id = exec.spec.spreadsheetId;
    return id === null ? undefined : this.spreadsheets.get(id);
  }

  addSpreadsheet(ss: SpreadsheetModel): void {
    if (this.spreadsheets.has(ss.id)) throw new Error(`A spreadsheet with id ${ss.id} already exists`);
    this.spreadsheets.set(ss.id, ss);
  }

  now(): number {
    return Date.now() + this.clockOffset[0];
  }

  advanceClock(ms: number): void {
    this.clockOffset[0] += ms;
  }

  /** Store key: 'script', 'document:<spreadsheet id>' or 'user:<email>'. */
  cache(scope: string): CacheStore {
    let store = this.caches.get(scope);
    if (!store) this.caches.set(scope, (store = new CacheStore(() => this.now())));
    return store;
  }

  props(scope: string): PropertyStore {
    let store = this.properties.get(scope);
    if (!store) this.properties.set(scope, (store = new PropertyStore()));
    return store;
  }
}

export function scopeKey(scope: PropertyScope, user: string, spreadsheetId: string): string {
  if (scope === 'user') return `user:${user}`;
  return scope === 'document' ? `document:${spreadsheetId}` : 'script';
}
