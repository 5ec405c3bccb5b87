// Public types of the emulator (tests, demo and benchmark depend on these names).

export interface EmulatorOptions {
  /** The built bundle, loaded unchanged. Default 'dist/Code.js'. */
  codePath?: string;
  /** HtmlService files come from here. Default: the folder of codePath. */
  distDir?: string;
  /** Default <distDir>/appsscript.json; its urlFetchWhitelist is enforced (prefix match) when present. */
  manifestPath?: string;
  /** Origin rewrite applied after the whitelist check, e.g. {'https://api.openai.com': 'http://127.0.0.1:5123'}. */
  hostMap?: Record<string, string>;
  /** Spreadsheet owner email. Default 'owner@example.com'. */
  owner?: string;
  /** Default user locale. Default 'en'. */
  locale?: string;
  spreadsheet?: {
    id?: string;
    name?: string;
    locale?: string;
    timeZone?: string;
    sheets?: Record<string, unknown[][]>;
  };
  /** Simulated cost per storage, spreadsheet or network service call (HTTP time not included). Default 0. */
  serviceLatencyMs?: number;
  /** Default 60000; a request past it throws "Timeout: <url>". */
  urlFetchTimeoutMs?: number;
  /** Default 30 (Apps Script's per-user limit); extra runs wait for a slot. */
  maxConcurrentExecutions?: number;
  /** Default true: time-driven triggers more frequent than hourly are refused. */
  isAddon?: boolean;
}

export type ExecutionKind = 'custom' | 'ui' | 'trigger';
export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL' | 'CUSTOM_FUNCTION';

export interface RunOptions {
  kind?: ExecutionKind;
  user?: string;
  locale?: string;
  callingCell?: { sheet: string; a1: string };
  timeLimitMs?: number;
  killAtServiceCall?: number;
  authMode?: AuthModeName;
  event?: Record<string, unknown>;
}

export interface ExecutionError {
  name: string;
  message: string;
  stack?: string;
}

export interface ExecutionResult {
  ok: boolean;
  value?: unknown;
  error?: ExecutionError;
  stopped?: 'timeout' | 'killed';
  logs: string[];
  serviceCalls: number;
  serviceCallsByMethod: Record<string, number>;
  urlFetchRequests: number;
  durationMs: number;
}

export type PropertyScope = 'user' | 'document' | 'script';

export interface SheetView {
  getValues(a1?: string): unknown[][];
  setValues(a1: string, values: unknown[][]): void;
  getFormulas(a1: string): string[][];
  cellError(a1: string): string | undefined;
}

export type MenuItem = { caption: string; fn: string } | 'separator';

export interface UiRecord {
  menus: Array<{ title: string; items: MenuItem[] }>;
  sidebars: Array<{ title: string; html: string; user: string }>;
  dialogs: Array<{ title: string; html: string; modal: boolean }>;
  alerts: string[];
  toasts: string[];
}

export interface TriggerInfo {
  id: string;
  handler: string;
  type: 'CLOCK';
  user: string;
  nextRunAt: number;
  everyMs?: number;
}

export interface Totals {
  executions: number;
  serviceCalls: number;
  urlFetchRequests: number;
  propertyOps: number;
}
