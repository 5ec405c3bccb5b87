// The public entry point: loads the bundle, owns all shared state and runs named globals as executions.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type GridRange, resolveA1 } from './a1';
import { Execution, type CellRef } from './execution';
import { parseFormula, type FormulaArg } from './formula';
import { placeFormula, writeFormulaResult } from './formula-cells';
import * as edits from './host-edits';
import { HostState, scopeKey } from './host-state';
import { resolveLatency } from './latency';
import { DEFAULT_NUMBER_FORMAT, displayText } from './number-format';
import { QUOTA_MESSAGES, QuotaTable, quotaLimits } from './quotas';
import { createDispatch } from './services';
import { describeMetadata } from './services/developer-metadata';
import { temporaryKeyFor } from './services/session';
import { Semaphore } from './semaphore';
import { type SheetModel, SpreadsheetModel } from './state/spreadsheet';
import type {
  DeveloperMetadataInfo,
  EmulatorOptions,
  ExecutionKind,
  ExecutionResult,
  PropertyScope,
  QuotaUsage,
  RunOptions,
  SheetView,
  SortSpec,
  SpreadsheetSpec,
  Totals,
  TriggerInfo,
  UiRecord,
  WallClock,
} from './types';
import { WorkerPool, type RunOutcome } from './worker-pool';
import { wallClockOf } from './zoned-time';

/** Apps Script's limits: 30 s for a custom function, 6 min for anything else. */
export function defaultTimeLimitMs(kind: ExecutionKind): number {
  return kind === 'custom' ? 30_000 : 360_000;
}

export class Emulator {
  private nextExecutionId = 0;
  private closed = false;
  private readonly slots: Semaphore;
  /** Executions running now, per user (for `tooManyExecutions: 'fail'`). */
  private readonly runningByUser = new Map<string, number>();

  private constructor(
    private readonly host: HostState,
    private readonly pool: WorkerPool,
    private readonly maxConcurrentExecutions: number,
    private readonly failWhenTooMany: boolean,
  ) {
    this.slots = new Semaphore(failWhenTooMany ? Infinity : maxConcurrentExecutions);
  }

  static async create(opts: EmulatorOptions = {}): Promise<Emulator> {
    const codePath = resolve(opts.codePath ?? 'dist/Code.js');
    const code = readFileSync(codePath, 'utf8');
    const distDir = resolve(opts.distDir ?? dirname(codePath));
    const manifest = readManifest(opts.manifestPath ?? join(distDir, 'appsscript.json'));
    const scriptTimeZone = typeof manifest.timeZone === 'string' ? manifest.timeZone : 'Etc/UTC';
    const owner = opts.owner ?? 'owner@example.com';
    const enforced = opts.enforceQuotas === true || opts.quotaLimits !== undefined;
    const limits = quotaLimits(opts.account ?? 'consumer', opts.quotaLimits);
    const host = new HostState(
      {
        distDir,
        whitelist: Array.isArray(manifest.urlFetchWhitelist)
          ? manifest.urlFetchWhitelist.map(String)
          : undefined,
        hostMap: opts.hostMap ?? {},
        owner,
        locale: opts.locale ?? 'en',
        scriptTimeZone,
        latency: resolveLatency(opts.serviceLatencyMs, opts.serviceLatency),
        urlFetchTimeoutMs: opts.urlFetchTimeoutMs ?? 60_000,
        urlFetchMaxPostBytes: opts.urlFetchMaxPostBytes ?? 50_000_000,
        urlFetchMaxResponseBytes: opts.urlFetchMaxResponseBytes ?? 50_000_000,
        isAddon: opts.isAddon ?? true,
      },
      createSpreadsheet(opts.spreadsheet ?? {}, owner, scriptTimeZone),
      (now) => new QuotaTable(limits, enforced, now),
    );
    const pool = new WorkerPool(
      { code, codeFilename: codePath, clock: host.clockBuffer, scriptTimeZone },
      createDispatch(host),
    );
    pool.warm();
    return new Emulator(
      host,
      pool,
      opts.maxConcurrentExecutions ?? 30,
      (opts.tooManyExecutions ?? 'fail') === 'fail',
    );
  }

  async run(fn: string, args: unknown[] = [], opts: RunOptions = {}): Promise<ExecutionResult> {
    if (this.closed) throw new Error('The emulator is closed');
    const kind = opts.kind ?? 'ui';
    const spreadsheetId = opts.spreadsheet === undefined ? this.host.defaultSpreadsheetId : opts.spreadsheet;
    const ss = spreadsheetId === null ? undefined : this.host.spreadsheetById(spreadsheetId);
    const user = opts.user ?? this.host.config.owner;
    const exec = new Execution({
      id: ++this.nextExecutionId,
      kind,
      authMode: opts.authMode ?? (kind === 'custom' ? 'CUSTOM_FUNCTION' : 'FULL'),
      user,
      locale: opts.locale ?? this.host.config.locale,
      owner: ss?.owner ?? this.host.config.owner,
      spreadsheetId,
      callingCell: opts.callingCell && this.cellRef(ss, opts.callingCell.sheet, opts.callingCell.a1),
      killAtServiceCall: opts.killAtServiceCall,
    });
    const callArgs = args.length === 0 && opts.event ? [opts.event] : args;
    const job = { executionId: exec.id, fn, args: callArgs, kind, authMode: exec.spec.authMode };
    const limit = opts.timeLimitMs ?? defaultTimeLimitMs(kind);
    const runtimeLeft = kind === 'trigger' ? this.host.quotas.remaining(user, 'triggerRuntimeMs') : Infinity;
    if (runtimeLeft <= 0) return this.record(exec, quotaStop(false), 0);
    const running = this.runningByUser.get(user) ?? 0;
    if (this.failWhenTooMany && running >= this.maxConcurrentExecutions)
      return this.record(exec, { ok: false, error: { name: 'Exception', message: TOO_MANY_EXECUTIONS } }, 0);
    this.runningByUser.set(user, running + 1);
    await this.slots.acquire();
    const started = performance.now();
    const startedAt = this.host.now();
    try {
      const outcome = await this.pool.run(exec, job, Math.min(limit, runtimeLeft));
      if (kind === 'trigger') this.host.quotas.record(user, 'triggerRuntimeMs', this.host.now() - startedAt);
      const quotaHit = runtimeLeft < limit && outcome.stopped === 'timeout';
      return this.record(exec, quotaHit ? quotaStop(true) : outcome, performance.now() - started);
    } finally {
      this.host.locks.releaseAll(exec.id);
      this.slots.release();
      this.runningByUser.set(user, (this.runningByUser.get(user) ?? 1) - 1);
    }
  }

  /**
   * A custom function call from a cell: `=NAME(args)` in the spreadsheet locale's syntax. The formula is
   * stored in the cell at once (before the call, as when it is typed or dragged down: calling evaluate for
   * many cells without awaiting places all their formulas before any runs) and the result written there
   * when it returns (spilled for arrays).
   */
  async evaluate(
    sheet: string,
    a1: string,
    formula: string,
    opts: Omit<RunOptions, 'kind' | 'callingCell'> = {},
  ): Promise<ExecutionResult> {
    const ss = this.spreadsheetModel(opts.spreadsheet ?? undefined);
    const model = edits.sheetOf(ss, sheet);
    const { row, col } = edits.rangeOf(model, a1);
    const parsed = parseFormula(formula, ss.locale);
    const args = parsed.args.map((arg) => argumentValue(arg, ss, model));
    placeFormula(model, row, col, formula);
    const result = await this.run(parsed.name, args, {
      ...opts,
      kind: 'custom',
      callingCell: { sheet, a1 },
      spreadsheet: ss.id,
    });
    writeFormulaResult(model, row, col, formula, result);
    return result;
  }

  sheet(name: string, spreadsheetId?: string): SheetView {
    const ss = this.spreadsheetModel(spreadsheetId);
    const model = edits.sheetOf(ss, name);
    const range = (a1?: string) => (a1 ? edits.rangeOf(model, a1) : usedRange(model));
    return {
      getValues: (a1) => model.map(range(a1), edits.copyValue),
      setValues: (a1, values) => edits.writeRaw(model, a1, values),
      getFormulas: (a1) => model.map(range(a1), (c) => c?.formula ?? ''),
      cellError: (a1) => {
        const { row, col } = range(a1);
        return model.cell(row, col)?.error;
      },
      getDisplayValues: (a1) => model.map(range(a1), (c, slot) => displayText(c, slot?.format, ss)),
      getNumberFormats: (a1) =>
        model.map(range(a1), (c, slot) => slot?.format ?? c?.autoFormat ?? DEFAULT_NUMBER_FORMAT),
    };
  }

  addSheet(name: string, values?: unknown[][], spreadsheetId?: string): void {
    const ss = this.spreadsheetModel(spreadsheetId);
    if (ss.byName(name)) throw new Error(`A sheet named ${name} already exists`);
    const sheet = ss.addSheet(name);
    if (values?.length) edits.writeRaw(sheet, 'A1', values);
  }

  /**
   * Another spreadsheet the same users open: it shares user properties, user caches, triggers and quotas,
   * and has its own sheets, document properties, document cache, document lock and metadata.
   * Returns its id.
   */
  addSpreadsheet(spec: SpreadsheetSpec = {}): string {
    const ss = createSpreadsheet(spec, this.host.config.owner, this.host.config.scriptTimeZone);
    this.host.addSpreadsheet(ss);
    return ss.id;
  }

  /** Ids of all spreadsheets, the default (first) one first. */
  spreadsheetIds(): string[] {
    return [...this.host.spreadsheets.keys()];
  }

  /** A person deleting a tab (its developer metadata goes with it). */
  deleteSheet(name: string, spreadsheetId?: string): void {
    this.spreadsheetModel(spreadsheetId).deleteSheet(name);
  }

  /** A person renaming a tab. */
  renameSheet(from: string, to: string, spreadsheetId?: string): void {
    edits.renameSheet(this.spreadsheetModel(spreadsheetId), from, to);
  }

  /** Rows inserted by a person while scripts run (shifts the cells below down). */
  insertRowsBefore(sheet: string, row: number, count: number, spreadsheetId?: string): void {
    edits.insertRows(this.sheetModel(sheet, spreadsheetId), row, count);
  }

  /** Columns inserted by a person (shifts the cells to the right). `column`: letter or number. */
  insertColumnsBefore(sheet: string, column: string | number, count: number, spreadsheetId?: string): void {
    edits.insertColumns(this.sheetModel(sheet, spreadsheetId), column, count);
  }

  /** Rows deleted by a person: the cells below move up; row metadata on them is deleted. */
  deleteRows(sheet: string, row: number, count: number, spreadsheetId?: string): void {
    edits.deleteRows(this.sheetModel(sheet, spreadsheetId), row, count);
  }

  deleteColumns(sheet: string, column: string | number, count: number, spreadsheetId?: string): void {
    edits.deleteColumns(this.sheetModel(sheet, spreadsheetId), column, count);
  }

  /** A person sorting the rows of a range by one column (row metadata moves with its row). */
  sortRange(sheet: string, a1: string, spec: SortSpec, spreadsheetId?: string): void {
    edits.sortRange(this.sheetModel(sheet, spreadsheetId), a1, spec);
  }

  /** A person dragging whole rows before row `destination` (numbered as before the move); metadata goes along. */
  moveRows(sheet: string, row: number, count: number, destination: number, spreadsheetId?: string): void {
    edits.moveRows(this.sheetModel(sheet, spreadsheetId), row, count, destination);
  }

  /** A person typing into a cell: read as user input (numbers, dates, '=' formulas...). Not a script write. */
  editCell(sheet: string, a1: string, value: unknown, spreadsheetId?: string): void {
    const ss = this.spreadsheetModel(spreadsheetId);
    edits.editCell(ss, edits.sheetOf(ss, sheet), a1, value);
  }

  /** Test helper: a date cell showing `wall` ('2026-01-05' or fields) in the spreadsheet's time zone. */
  setDate(sheet: string, a1: string, wall: string | WallClock, spreadsheetId?: string): Date {
    const ss = this.spreadsheetModel(spreadsheetId);
    return edits.setDate(ss, edits.sheetOf(ss, sheet), a1, wall);
  }

  /**
   * How many times scripts wrote each cell of a column, per row (index 0 is row 1). Counts belong to cells:
   * they move with them when rows are inserted, deleted or sorted. Formats are not counted.
   */
  writeCounts(sheet: string, column: string, spreadsheetId?: string): number[] {
    return this.sheetModel(sheet, spreadsheetId).writeCounts(edits.columnIndex(column));
  }

  /**
   * Test setup: another program's developer metadata on a tab (SHEET items of 1,000 characters each),
   * `chars` characters of keys and values in all, within the tab's limit.
   */
  fillDeveloperMetadata(sheet: string, chars: number, spreadsheetId?: string): void {
    const ss = this.spreadsheetModel(spreadsheetId);
    const tab = edits.sheetOf(ss, sheet);
    for (let left = chars, n = 0; left > 0; n++) {
      const key = `other.${n}`;
      const value = 'x'.repeat(Math.max(0, Math.min(1000, left) - key.length));
      ss.metadata.add({ key, value, visibility: 'DOCUMENT', type: 'SHEET', sheetId: tab.id });
      left -= key.length + value.length;
    }
  }

  /** Every developer metadata item of a spreadsheet, where it is now. */
  developerMetadata(spreadsheetId?: string): DeveloperMetadataInfo[] {
    const ss = this.spreadsheetModel(spreadsheetId);
    return ss.metadata.all().map((r) => describeMetadata(ss, r));
  }

  properties(scope: PropertyScope, user?: string, spreadsheetId?: string): Record<string, string> {
    return this.host.props(this.storeKey(scope, user, spreadsheetId)).all();
  }

  setProperty(
    scope: PropertyScope,
    key: string,
    value: string | null,
    user?: string,
    spreadsheetId?: string,
  ): void {
    const store = this.host.props(this.storeKey(scope, user, spreadsheetId));
    if (value === null) store.delete(key);
    else store.setAll({ [key]: value });
  }

  cacheEntries(scope: PropertyScope, user?: string, spreadsheetId?: string): Record<string, string> {
    return this.host.cache(this.storeKey(scope, user, spreadsheetId)).snapshot();
  }

  triggers(): TriggerInfo[] {
    return this.host.triggers.all().map(({ id, handler, type, user, nextRunAt, everyMs, spreadsheetId }) => ({
      id,
      handler,
      type,
      user,
      nextRunAt,
      ...(everyMs === undefined ? {} : { everyMs }),
      spreadsheetId,
    }));
  }

  /**
   * Runs each due trigger as a `trigger` execution, as its user, with a time-driven event object. An
   * add-on's trigger runs without an active document; a bound script's in the spreadsheet it was created in.
   */
  async fireDueTriggers(): Promise<ExecutionResult[]> {
    const now = this.now();
    const due = this.host.triggers.takeDue(now);
    const tz = this.host.config.scriptTimeZone;
    return Promise.all(
      due.map((t) =>
        this.run(t.handler, [], {
          kind: 'trigger',
          user: t.user,
          event: clockEvent(t.id, now, tz),
          spreadsheet: this.host.config.isAddon ? null : t.spreadsheetId,
        }),
      ),
    );
  }

  /** What Session.getTemporaryActiveUserKey() gives `user` (default the owner) now; it rotates every 30 days. */
  temporaryUserKey(user?: string): string {
    return temporaryKeyFor(this.host, user ?? this.host.config.owner);
  }

  /** Today's use of the daily quotas by `user` (default the owner). */
  quotaUsage(user?: string): QuotaUsage {
    return this.host.quotas.usage(user ?? this.host.config.owner);
  }

  advanceClock(ms: number): void {
    this.host.advanceClock(ms);
  }

  now(): number {
    return this.host.now();
  }

  get ui(): UiRecord {
    return this.host.ui;
  }

  totals(): Totals {
    return { ...this.host.totals };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.close();
  }

  private record(exec: Execution, outcome: RunOutcome | QuotaOutcome, ms: number): ExecutionResult {
    const totals = this.host.totals;
    totals.executions++;
    totals.serviceCalls += exec.serviceCalls;
    const result: ExecutionResult = {
      ok: outcome.ok,
      logs: exec.logs,
      serviceCalls: exec.serviceCalls,
      serviceCallsByMethod: exec.serviceCallsByMethod,
      urlFetchRequests: exec.urlFetchRequests,
      durationMs: Math.round(ms),
    };
    if (outcome.ok) result.value = outcome.value;
    if (outcome.error) result.error = outcome.error;
    if (outcome.stopped) result.stopped = outcome.stopped;
    return result;
  }

  private spreadsheetModel(id: string | undefined): SpreadsheetModel {
    return this.host.spreadsheetById(id ?? this.host.defaultSpreadsheetId);
  }

  private sheetModel(name: string, spreadsheetId?: string): SheetModel {
    return edits.sheetOf(this.spreadsheetModel(spreadsheetId), name);
  }

  private storeKey(
    scope: PropertyScope,
    user: string | undefined,
    spreadsheetId: string | undefined,
  ): string {
    return scopeKey(scope, user ?? this.host.config.owner, spreadsheetId ?? this.host.defaultSpreadsheetId);
  }

  private cellRef(ss: SpreadsheetModel | undefined, sheetName: string, a1: string): CellRef {
    if (!ss) throw new Error('A calling cell needs a spreadsheet');
    const sheet = edits.sheetOf(ss, sheetName);
    const { row, col, numRows, numCols } = edits.rangeOf(sheet, a1);
    return { sheetId: sheet.id, row, col, numRows, numCols };
  }
}

type QuotaOutcome = Pick<ExecutionResult, 'ok' | 'value' | 'error' | 'stopped'>;

/**
 * Quotas page, Current limitations: "Simultaneous executions per user: 30"; past it the execution fails
 * (it is not queued) with this message (REPORTED wording, quoted in public issue threads).
 */
export const TOO_MANY_EXECUTIONS =
  'There are too many scripts running simultaneously for this Google user account.';

/** A trigger execution refused (or stopped) because the day's trigger runtime is used up. */
function quotaStop(started: boolean): QuotaOutcome {
  const error = { name: 'Exception', message: QUOTA_MESSAGES.triggerRuntimeMs };
  return started ? { ok: false, error, stopped: 'quota' } : { ok: false, error };
}

function argumentValue(arg: FormulaArg, ss: SpreadsheetModel, calling: SheetModel): unknown {
  if (arg.kind === 'value') return arg.value;
  if (arg.kind === 'empty') return '';
  const sheet = arg.ref.sheet === undefined ? calling : edits.sheetOf(ss, arg.ref.sheet);
  const values = sheet.map(resolveA1(arg.ref, sheet.maxRows, sheet.maxCols), edits.copyValue);
  return arg.single ? values[0][0] : values;
}

function createSpreadsheet(spec: SpreadsheetSpec, owner: string, scriptTimeZone: string): SpreadsheetModel {
  const ss = new SpreadsheetModel({
    id: spec.id ?? randomBytes(22).toString('base64url'),
    name: spec.name ?? 'Untitled spreadsheet',
    locale: spec.locale ?? 'en_US',
    timeZone: spec.timeZone ?? scriptTimeZone,
    owner: spec.owner ?? owner,
    sharedDrive: spec.sharedDrive === true,
  });
  for (const [name, values] of Object.entries(spec.sheets ?? { Sheet1: [] })) {
    const sheet = ss.addSheet(name);
    if (values.length) edits.writeRaw(sheet, 'A1', values);
  }
  return ss;
}

function readManifest(path: string): { timeZone?: unknown; urlFetchWhitelist?: unknown[] } {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
}

function usedRange(sheet: SheetModel): GridRange {
  return { row: 1, col: 1, numRows: sheet.lastRow(), numCols: sheet.lastRow() ? sheet.lastColumn() : 0 };
}

/** The time-driven event object; its date fields are in the script's time zone. */
function clockEvent(triggerUid: string, now: number, timeZone: string): Record<string, unknown> {
  const w = wallClockOf(new Date(now), timeZone);
  return {
    authMode: 'FULL',
    triggerUid,
    year: w.year,
    month: w.month,
    'day-of-month': w.day,
    'day-of-week': w.weekday === 0 ? 7 : w.weekday,
    hour: w.hour,
    minute: w.minute,
    second: w.second,
    timezone: timeZone,
  };
}
