// The in-memory spreadsheet: sheets of cells holding values, formulas and formula errors.
import type { GridRange } from '../a1';
import { copyDate, isDate } from '../dates';

export type CellValue = string | number | boolean | Date;

export interface Cell {
  value: CellValue;
  formula?: string;
  /** Message behind an error value such as '#ERROR!' or '#REF!'. */
  error?: string;
  /** A1 of the formula whose array result spilled into this cell. */
  spillOf?: string;
}

const DEFAULT_ROWS = 1000;
const DEFAULT_COLS = 26;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export class SheetModel {
  private rows: Array<Array<Cell | undefined> | undefined> = [];
  /** How many times scripts wrote each cell (row, column), to catch duplicate writes. */
  private writes: Array<number[] | undefined> = [];
  maxRows = DEFAULT_ROWS;
  maxCols = DEFAULT_COLS;

  constructor(
    readonly id: number,
    public name: string,
  ) {}

  cell(row: number, col: number): Cell | undefined {
    return this.rows[row - 1]?.[col - 1];
  }

  setCell(row: number, col: number, cell: Cell | undefined): void {
    this.ensureSize(row, col);
    const r = (this.rows[row - 1] ??= []);
    r[col - 1] = cell && isEmpty(cell) ? undefined : cell;
  }

  countWrite(row: number, col: number): void {
    const r = (this.writes[row - 1] ??= []);
    r[col - 1] = (r[col - 1] ?? 0) + 1;
  }

  /** Writes per row (index 0 is row 1) in one column. */
  writeCounts(col: number): number[] {
    return Array.from(this.writes, (r) => r?.[col - 1] ?? 0);
  }

  ensureSize(rows: number, cols: number): void {
    this.maxRows = Math.max(this.maxRows, rows);
    this.maxCols = Math.max(this.maxCols, cols);
  }

  lastRow(): number {
    for (let r = this.rows.length; r > 0; r--) if (this.rows[r - 1]?.some((c) => c && !isEmpty(c))) return r;
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = row.length; c > last; c--) {
        const cell = row[c - 1];
        if (cell && !isEmpty(cell)) last = c;
      }
    }
    return last;
  }

  map<T>(range: GridRange, read: (cell: Cell | undefined) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < range.numRows; r++) {
      const row: T[] = [];
      for (let c = 0; c < range.numCols; c++) row.push(read(this.cell(range.row + r, range.col + c)));
      out.push(row);
    }
    return out;
  }

  insertRowsBefore(row: number, count: number): void {
    this.rows.splice(row - 1, 0, ...new Array<undefined>(count).fill(undefined));
    if (this.writes.length >= row)
      this.writes.splice(row - 1, 0, ...new Array<undefined>(count).fill(undefined));
    this.maxRows += count;
  }
}

export class SpreadsheetModel {
  readonly sheets: SheetModel[] = [];
  private nextSheetId = 0;

  constructor(
    readonly id: string,
    public name: string,
    readonly locale: string,
    readonly timeZone: string,
  ) {}

  addSheet(name: string): SheetModel {
    const sheet = new SheetModel(this.nextSheetId, name);
    this.nextSheetId = this.nextSheetId === 0 ? 1_000_001 : this.nextSheetId + 7919;
    this.sheets.push(sheet);
    return sheet;
  }

  byName(name: string): SheetModel | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  byId(id: number): SheetModel | undefined {
    return this.sheets.find((s) => s.id === id);
  }
}

export function isEmpty(cell: Cell): boolean {
  return cell.value === '' && !cell.formula && !cell.error;
}

/** A raw value stored as given (test setup): no interpretation. */
export function rawCell(value: unknown): Cell {
  if (value === null || value === undefined) return { value: '' };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value };
  if (isDate(value)) return { value: copyDate(value) };
  return { value: String(value) };
}

/**
 * What Sheets stores when a script writes `value` with setValue(s): strings are parsed as if typed.
 * '=...' is a formula; a leading apostrophe forces text; '+', '-' or '@' followed by something that is
 * not a number is also taken as a formula (conservative: Sheets would try to parse it as one).
 */
export function enteredCell(value: unknown): Cell {
  if (typeof value !== 'string') return rawCell(value);
  if (value.startsWith("'")) return { value: value.slice(1) };
  if (value.startsWith('=')) return { value: '', formula: value };
  if (NUMBER.test(value)) return { value: Number(value) };
  if (/^[+\-@]./s.test(value)) return { value: '', formula: value };
  if (/^(true|false)$/i.test(value)) return { value: value.toUpperCase() === 'TRUE' };
  return { value };
}

export function displayValue(value: CellValue): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isDate(value)) return formatDisplayDate(value);
  return String(value);
}

function formatDisplayDate(d: Date): string {
  const date = `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()}`;
  if (d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0) return date;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date} ${d.getHours()}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
