// Public types of the emulator (tests, demo and benchmark depend on these names).

/** Service calls that cost time, each with its own simulated latency (see latency.ts and the README). */
export type ServiceLatencyName =
  | 'cacheGet'
  | 'cachePut'
  | 'cacheRemove'
  | 'propertiesRead'
  | 'propertiesWrite'
  | 'lock'
  | 'spreadsheetRead'
  | 'spreadsheetWrite'
  | 'spreadsheetMeta'
  | 'urlFetchOverhead'
  | 'trigger';

export type ServiceLatency = Record<ServiceLatencyName, number>;

/** Which daily quotas apply: a consumer (gmail.com) or a Google Workspace account. */
export type AccountType = 'consumer' | 'workspace';

/** Daily quotas the emulator counts per user (rolling 24 h of emulator clock from the first use). */
export type QuotaName = 'triggerRuntimeMs' | 'urlFetchCalls' | 'propertiesCalls';

export type QuotaLimits = Record<QuotaName, number>;

export interface QuotaCounter {
  used: number;
  limit: number;
  /** Emulator-clock time at which the current window ends (null: nothing counted yet). */
  resetsAt: number | null;
}

export type QuotaUsage = Record<QuotaName, QuotaCounter>;

export interface SpreadsheetSpec {
  id?: string;
  name?: string;
  /** Spreadsheet locale, e.g. 'en_US', 'de_DE', 'ja_JP': argument separator, decimal comma, typed dates. */
  locale?: string;
  /** Spreadsheet time zone (default: the script's, from the manifest). */
  timeZone?: string;
  sheets?: Record<string, unknown[][]>;
  /** Owner email (default: the emulator's `owner`). */
  owner?: string;
  /** In a shared drive a document has no owner: getOwner() returns null. */
  sharedDrive?: boolean;
}

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
  /** The first (default) spreadsheet; more can be added with addSpreadsheet(). */
  spreadsheet?: SpreadsheetSpec;
  /** Simulated cost of every service call that has a latency (sets all of `serviceLatency`). Default 0. */
  serviceLatencyMs?: number;
  /** Per-service simulated latency in ms, over `serviceLatencyMs`; REALISTIC_LATENCY is a preset. */
  serviceLatency?: Partial<ServiceLatency>;
  /** Default 60000; a request past it throws "Timeout: <url>". */
  urlFetchTimeoutMs?: number;
  /** Default 50,000,000 ("URL Fetch POST size 50 MB / call"); a larger body throws before it is sent. */
  urlFetchMaxPostBytes?: number;
  /** Default 50,000,000 ("URL Fetch response size 50 MB / call"); a larger response body throws. */
  urlFetchMaxResponseBytes?: number;
  /** Default 30 (Apps Script's per-user limit on simultaneous executions). */
  maxConcurrentExecutions?: number;
  /**
   * What a user's execution past `maxConcurrentExecutions` does. Default 'fail', as Apps Script: it
   * fails at once with TOO_MANY_EXECUTIONS. 'wait': it waits for a slot (any user's).
   */
  tooManyExecutions?: 'fail' | 'wait';
  /**
   * Default true: an editor add-on. Time-driven triggers more frequent than hourly are refused, a user may
   * have one per document, and they run without an active document. False: a script bound to the spreadsheet.
   */
  isAddon?: boolean;
  /** Which daily quotas apply. Default 'consumer'. */
  account?: AccountType;
  /** Refuse calls past the daily quotas. Default false (usage is counted either way). */
  enforceQuotas?: boolean;
  /** Lower (or higher) limits; giving any turns enforcement on. */
  quotaLimits?: Partial<QuotaLimits>;
}

export type ExecutionKind = 'custom' | 'ui' | 'trigger';
export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL' | 'CUSTOM_FUNCTION';

export interface RunOptions {
  kind?: ExecutionKind;
  user?: string;
  locale?: string;
  callingCell?: { sheet: string; a1: string };
  timeLimitMs?: number;
  /** A number n: stop as the n-th service call is made; a method name ('UrlFetchApp.fetchAll'): as the first call of it is made. */
  killAtServiceCall?: number | string;
  authMode?: AuthModeName;
  event?: Record<string, unknown>;
  /** The spreadsheet the execution runs in (default: the first one); null: no active document. */
  spreadsheet?: string | null;
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
  /** 'quota': a trigger execution stopped because the day's trigger runtime was used up. */
  stopped?: 'timeout' | 'killed' | 'quota';
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
  getFormulas(a1?: string): string[][];
  cellError(a1: string): string | undefined;
  /** The text each cell shows (number formats, the spreadsheet's time zone and locale applied). */
  getDisplayValues(a1?: string): string[][];
  getNumberFormats(a1: string): string[][];
}

/** A person sorting a range: rows ordered by one column's values. */
export interface SortSpec {
  /** Column letter or number (absolute, as in Range.sort). */
  column: string | number;
  /** Default true. */
  ascending?: boolean;
}

/** A date (or date and time) as a cell shows it, in the spreadsheet's time zone. */
export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

export type DeveloperMetadataLocationTypeName = 'SPREADSHEET' | 'SHEET' | 'ROW' | 'COLUMN';

export interface DeveloperMetadataInfo {
  id: number;
  key: string;
  value: string | null;
  visibility: 'DOCUMENT' | 'PROJECT';
  locationType: DeveloperMetadataLocationTypeName;
  /** Sheet name for SHEET, ROW and COLUMN locations. */
  sheet?: string;
  /** Current row number of a ROW location. */
  row?: number;
  /** Current column letter of a COLUMN location. */
  column?: string;
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
  /** The spreadsheet the trigger was created in (null: created without an active document). */
  spreadsheetId: string | null;
}

export interface Totals {
  executions: number;
  serviceCalls: number;
  urlFetchRequests: number;
  propertyOps: number;
}
