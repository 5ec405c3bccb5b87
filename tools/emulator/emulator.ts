// The public entry point: loads the bundle, owns all shared state and runs named globals as executions.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type GridRange, columnNumber, parseA1, resolveA1 } from './a1';
import { copyDate, isDate } from './dates';
import { Execution, type CellRef } from './execution';
import { parseFormula, type FormulaArg } from './formula';
import { writeFormulaResult } from './formula-cells';
import { HostState, scopeKey } from './host-state';
import { createDispatch } from './services';
import { Semaphore } from './semaphore';
import { type SheetModel, SpreadsheetModel, rawCell } from './state/spreadsheet';
import type {
  EmulatorOptions,
  ExecutionKind,
  ExecutionResult,
  PropertyScope,
  RunOptions,
  SheetView,
  Totals,
  TriggerInfo,
  UiRecord,
} from './types';
import { WorkerPool } from './worker-pool';

/** Apps Script's limits: 30 s for a custom function, 6 min for anything else. */
export function defaultTimeLimitMs(kind: ExecutionKind): number {
  return kind === 'custom' ? 30_000 : 360_000;
}

export class Emulator {
  private nextExecutionId = 0;
  private closed = false;
  private readonly slots: Semaphore;

  private constructor(
    private readonly host: HostState,
    private readonly pool: WorkerPool,
    maxConcurrentExecutions: number,
  ) {
    this.slots = new Semaphore(maxConcurrentExecutions);
  }

  static async create(opts: EmulatorOptions = {}): Promise<Emulator> {
    const codePath = resolve(opts.codePath ?? 'dist/Code.js');
    const code = readFileSync(codePath, 'utf8');
    const distDir = resolve(opts.distDir ?? dirname(codePath));
    const manifest = readManifest(opts.manifestPath ?? join(distDir, 'appsscript.json'));
    const scriptTimeZone = typeof manifest.timeZone === 'string' ? manifest.timeZone : 'Etc/UTC';
    const host = new HostState(
      {
        distDir,
        whitelist: Array.isArray(manifest.urlFetchWhitelist)
          ? manifest.urlFetchWhitelist.map(String)
          : undefined,
        hostMap: opts.hostMap ?? {},
        owner: opts.owner ?? 'owner@example.com',
        locale: opts.locale ?? 'en',
        scriptTimeZone,
        serviceLatencyMs: opts.serviceLatencyMs ?? 0,
        urlFetchTimeoutMs: opts.urlFetchTimeoutMs ?? 60_000,
        isAddon: opts.isAddon ?? true,
      },
      createSpreadsheet(opts, scriptTimeZone),
    );
    const pool = new WorkerPool(
      { code, codeFilename: codePath, clock: host.clockBuffer },
      createDispatch(host),
    );
    pool.warm();
    return new Emulator(host, pool, opts.maxConcurrentExecutions ?? 30);
  }

  async run(fn: string, args: unknown[] = [], opts: RunOptions = {}): Promise<ExecutionResult> {
    if (this.closed) throw new Error('The emulator is closed');
    const kind = opts.kind ?? 'ui';
    const exec = new Execution({
      id: ++this.nextExecutionId,
      kind,
      authMode: opts.authMode ?? (kind === 'custom' ? 'CUSTOM_FUNCTION' : 'FULL'),
      user: opts.user ?? this.host.config.owner,
      locale: opts.locale ?? this.host.config.locale,
      owner: this.host.config.owner,
      callingCell: opts.callingCell && this.cellRef(opts.callingCell.sheet, opts.callingCell.a1),
      killAtServiceCall: opts.killAtServiceCall,
    });
    const callArgs = args.length === 0 && opts.event ? [opts.event] : args;
    const job = { executionId: exec.id, fn, args: callArgs, kind, authMode: exec.spec.authMode };
    await this.slots.acquire();
    const started = performance.now();
    try {
      const outcome = await this.pool.run(exec, job, opts.timeLimitMs ?? defaultTimeLimitMs(kind));
      return this.record(exec, outcome, performance.now() - started);
    } finally {
      this.host.locks.releaseAll(exec.id);
      this.slots.release();
    }
  }

  async evaluate(
    sheet: string,
    a1: string,
    formula: string,
    opts: Omit<RunOptions, 'kind' | 'callingCell'> = {},
  ): Promise<ExecutionResult> {
    const model = this.sheetModel(sheet);
    const { row, col } = this.cellRef(sheet, a1);
    const parsed = parseFormula(formula);
    const args = parsed.args.map((arg) => this.argumentValue(arg, model));
    const result = await this.run(parsed.name, args, { ...opts, kind: 'custom', callingCell: { sheet, a1 } });
    writeFormulaResult(model, row, col, formula, result);
    return result;
  }

  sheet(name: string): SheetView {
    const model = this.sheetModel(name);
    const range = (a1: string) => this.range(model, a1);
    return {
      getValues: (a1) => (a1 ? model.map(range(a1), copyValue) : model.map(usedRange(model), copyValue)),
      setValues: (a1, values) => writeRaw(model, a1, values),
      getFormulas: (a1) => model.map(range(a1), (c) => c?.formula ?? ''),
      cellError: (a1) => {
        const { row, col } = range(a1);
        return model.cell(row, col)?.error;
      },
    };
  }

  /** Rows inserted by a person while scripts run (shifts the cells below down). */
  insertRowsBefore(sheet: string, row: number, count: number): void {
    this.sheetModel(sheet).insertRowsBefore(row, count);
  }

  /** How many times scripts wrote each cell of a column, per row (index 0 is row 1). */
  writeCounts(sheet: string, column: string): number[] {
    return this.sheetModel(sheet).writeCounts(columnNumber(column));
  }

  addSheet(name: string, values?: unknown[][]): void {
    if (this.host.spreadsheet.byName(name)) throw new Error(`A sheet named ${name} already exists`);
    const sheet = this.host.spreadsheet.addSheet(name);
    if (values?.length) writeRaw(sheet, 'A1', values);
  }

  properties(scope: PropertyScope, user?: string): Record<string, string> {
    return this.host.props(scopeKey(scope, user ?? this.host.config.owner)).all();
  }

  setProperty(scope: PropertyScope, key: string, value: string | null, user?: string): void {
    const store = this.host.props(scopeKey(scope, user ?? this.host.config.owner));
    if (value === null) store.delete(key);
    else store.setAll({ [key]: value });
  }

  cacheEntries(scope: PropertyScope, user?: string): Record<string, string> {
    return this.host.cache(scopeKey(scope, user ?? this.host.config.owner)).snapshot();
  }

  triggers(): TriggerInfo[] {
    return this.host.triggers.all().map(({ id, handler, type, user, nextRunAt, everyMs }) => ({
      id,
      handler,
      type,
      user,
      nextRunAt,
      ...(everyMs === undefined ? {} : { everyMs }),
    }));
  }

  async fireDueTriggers(): Promise<ExecutionResult[]> {
    const now = this.now();
    const due = this.host.triggers.takeDue(now);
    return Promise.all(
      due.map((t) =>
        this.run(t.handler, [], { kind: 'trigger', user: t.user, event: clockEvent(t.id, now) }),
      ),
    );
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

  private record(
    exec: Execution,
    outcome: Awaited<ReturnType<WorkerPool['run']>>,
    ms: number,
  ): ExecutionResult {
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

  private sheetModel(name: string): SheetModel {
    const sheet = this.host.spreadsheet.byName(name);
    if (!sheet) throw new Error(`No sheet named ${name}`);
    return sheet;
  }

  private range(sheet: SheetModel, a1: string): GridRange {
    const parsed = parseA1(a1);
    if (!parsed) throw new Error(`Bad A1 reference: ${a1}`);
    return resolveA1(parsed, sheet.maxRows, sheet.maxCols);
  }

  private cellRef(sheetName: string, a1: string): CellRef {
    const sheet = this.sheetModel(sheetName);
    const { row, col } = this.range(sheet, a1);
    return { sheetId: sheet.id, row, col };
  }

  private argumentValue(arg: FormulaArg, calling: SheetModel): unknown {
    if (arg.kind === 'value') return arg.value;
    const sheet = arg.ref.sheet === undefined ? calling : this.sheetModel(arg.ref.sheet);
    const values = sheet.map(resolveA1(arg.ref, sheet.maxRows, sheet.maxCols), copyValue);
    return arg.single ? values[0][0] : values;
  }
}

function createSpreadsheet(opts: EmulatorOptions, scriptTimeZone: string): SpreadsheetModel {
  const spec = opts.spreadsheet ?? {};
  const ss = new SpreadsheetModel(
    spec.id ?? randomBytes(22).toString('base64url'),
    spec.name ?? 'Untitled spreadsheet',
    spec.locale ?? 'en_US',
    spec.timeZone ?? scriptTimeZone,
  );
  const sheets = Object.entries(spec.sheets ?? { Sheet1: [] });
  for (const [name, values] of sheets) {
    const sheet = ss.addSheet(name);
    if (values.length) writeRaw(sheet, 'A1', values);
  }
  return ss;
}

function readManifest(path: string): { timeZone?: unknown; urlFetchWhitelist?: unknown[] } {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
}

function copyValue(cell: { value: unknown } | undefined): unknown {
  const value = cell ? cell.value : '';
  return isDate(value) ? copyDate(value) : value;
}

function usedRange(sheet: SheetModel): GridRange {
  return { row: 1, col: 1, numRows: sheet.lastRow(), numCols: sheet.lastRow() ? sheet.lastColumn() : 0 };
}

/** Test setup: raw values at a cell (anchor) or into a range of the same shape. */
function writeRaw(sheet: SheetModel, a1: string, values: unknown[][]): void {
  const parsed = parseA1(a1);
  if (!parsed?.startRow || !parsed.startCol) throw new Error(`Bad A1 reference: ${a1}`);
  const isRange = parsed.endRow !== parsed.startRow || parsed.endCol !== parsed.startCol;
  if (isRange) {
    const { numRows, numCols } = resolveA1(parsed, sheet.maxRows, sheet.maxCols);
    if (values.length !== numRows || values.some((r) => r.length !== numCols)) {
      throw new Error(`setValues: data is not ${numRows} x ${numCols}`);
    }
  }
  values.forEach((row, r) =>
    row.forEach((v, c) => sheet.setCell(parsed.startRow! + r, parsed.startCol! + c, rawCell(v))),
  );
}

function clockEvent(triggerUid: string, now: number): Record<string, unknown> {
  const d = new Date(now);
  return {
    authMode: 'FULL',
    triggerUid,
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    'day-of-month': d.getUTCDate(),
    'day-of-week': d.getUTCDay() === 0 ? 7 : d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    timezone: 'UTC',
  };
}
