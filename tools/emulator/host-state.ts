// Everything executions share: the spreadsheet, stores, locks, triggers, UI records, clock and totals.
import { CacheStore } from './state/cache-store';
import { LockTable } from './state/locks';
import { PropertyStore } from './state/property-store';
import type { SpreadsheetModel } from './state/spreadsheet';
import { TriggerTable } from './state/triggers';
import type { Totals, UiRecord } from './types';

export interface HostConfig {
  distDir: string;
  whitelist?: string[];
  hostMap: Record<string, string>;
  owner: string;
  locale: string;
  scriptTimeZone: string;
  serviceLatencyMs: number;
  urlFetchTimeoutMs: number;
  isAddon: boolean;
}

export class HostState {
  readonly caches = new Map<string, CacheStore>();
  readonly properties = new Map<string, PropertyStore>();
  readonly locks = new LockTable();
  readonly triggers = new TriggerTable();
  readonly ui: UiRecord = { menus: [], sidebars: [], dialogs: [], alerts: [], toasts: [] };
  readonly totals: Totals = { executions: 0, serviceCalls: 0, urlFetchRequests: 0, propertyOps: 0 };
  /** Shared with every worker so the bundle's Date follows advanceClock. */
  readonly clockBuffer = new SharedArrayBuffer(8);
  private readonly clockOffset = new Float64Array(this.clockBuffer);

  constructor(
    readonly config: HostConfig,
    readonly spreadsheet: SpreadsheetModel,
  ) {}

  now(): number {
    return Date.now() + this.clockOffset[0];
  }

  advanceClock(ms: number): void {
    this.clockOffset[0] += ms;
  }

  /** Store key: 'script', 'document' or 'user:<email>'. */
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

export function scopeKey(scope: 'user' | 'document' | 'script', user: string): string {
  return scope === 'user' ? `user:${user}` : scope;
}
