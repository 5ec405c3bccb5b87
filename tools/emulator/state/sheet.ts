// One sheet: a grid of slots, each with the cell, its number format and how many times scripts wrote it.
// Inserting, deleting and sorting move whole slots, so formats and write counts follow their cells.
import type { GridRange } from '../a1';
import { type Cell, isEmpty } from './cell';
import { compareForSort } from './sort-order';

export interface Slot {
  cell?: Cell;
  /** Number format set with setNumberFormat(s). */
  format?: string;
  /** Script writes to this cell, to catch duplicate or stray writes. */
  writes?: number;
}

export type Dimension = 'ROW' | 'COLUMN';
/** Told when rows or columns are inserted (delta > 0) or deleted (delta < 0) at `at`. */
export type DimensionShift = (dimension: Dimension, at: number, delta: number) => void;
/** Told when rows change places (a sort, rows moved): `to(row)` is where a row went. */
export type RowMove = (to: (row: number) => number) => void;

const DEFAULT_ROWS = 1000;
const DEFAULT_COLS = 26;

export class SheetModel {
  private rows: Array<Array<Slot | undefined> | undefined> = [];
  maxRows = DEFAULT_ROWS;
  maxCols = DEFAULT_COLS;

  constructor(
    readonly id: number,
    public name: string,
    private readonly onShift: DimensionShift = () => undefined,
    private readonly onMove: RowMove = () => undefined,
  ) {}

  cell(row: number, col: number): Cell | undefined {
    return this.slot(row, col)?.cell;
  }

  setCell(row: number, col: number, cell: Cell | undefined): void {
    this.ensureSize(row, col);
    this.slotFor(row, col).cell = cell && isEmpty(cell) ? undefined : cell;
  }

  format(row: number, col: number): string | undefined {
    return this.slot(row, col)?.format;
  }

  setFormat(row: number, col: number, format: string | undefined): void {
    this.ensureSize(row, col);
    this.slotFor(row, col).format = format;
  }

  countWrite(row: number, col: number): void {
    const slot = this.slotFor(row, col);
    slot.writes = (slot.writes ?? 0) + 1;
  }

  /** Writes per row (index 0 is row 1) in one column, up to the last row scripts wrote anywhere. */
  writeCounts(col: number): number[] {
    let last = 0;
    this.rows.forEach((row, r) => {
      if (row?.some((s) => s?.writes)) last = r + 1;
    });
    return Array.from({ length: last }, (_, r) => this.rows[r]?.[col - 1]?.writes ?? 0);
  }

  ensureSize(rows: number, cols: number): void {
    this.maxRows = Math.max(this.maxRows, rows);
    this.maxCols = Math.max(this.maxCols, cols);
  }

  lastRow(): number {
    for (let r = this.rows.length; r > 0; r--) if (this.rows[r - 1]?.some(hasContent)) return r;
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = row.length; c > last; c--) if (hasContent(row[c - 1])) last = c;
    }
    return last;
  }

  map<T>(range: GridRange, read: (cell: Cell | undefined, slot: Slot | undefined) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < range.numRows; r++) {
      const row: T[] = [];
      for (let c = 0; c < range.numCols; c++) {
        const slot = this.slot(range.row + r, range.col + c);
        row.push(read(slot?.cell, slot));
      }
      out.push(row);
    }
    return out;
  }

  insertRowsBefore(row: number, count: number): void {
    if (this.rows.length >= row) this.rows.splice(row - 1, 0, ...new Array<undefined>(count).fill(undefined));
    this.maxRows += count;
    this.onShift('ROW', row, count);
  }

  deleteRows(row: number, count: number): void {
    this.rows.splice(row - 1, count);
    this.maxRows -= count;
    this.onShift('ROW', row, -count);
  }

  insertColumnsBefore(col: number, count: number): void {
    for (const row of this.rows) {
      if (row && row.length >= col) row.splice(col - 1, 0, ...new Array<undefined>(count).fill(undefined));
    }
    this.maxCols += count;
    this.onShift('COLUMN', col, count);
  }

  deleteColumns(col: number, count: number): void {
    for (const row of this.rows) row?.splice(col - 1, count);
    this.maxCols -= count;
    this.onShift('COLUMN', col, -count);
  }

  /**
   * Reorders the rows of `range` (its cells, formats and write counts) by the values in `column`; the
   * rows' metadata goes with them.
   */
  sortRows(range: GridRange, column: number, ascending: boolean): void {
    const key = column - range.col;
    const block = Array.from({ length: range.numRows }, (_, r) => ({
      from: range.row + r,
      slots: Array.from({ length: range.numCols }, (_, c) => this.slot(range.row + r, range.col + c)),
    }));
    block.sort((a, b) => compareForSort(a.slots[key]?.cell, b.slots[key]?.cell, ascending)); // stable
    block.forEach(({ slots }, r) =>
      slots.forEach((slot, c) => this.putSlot(range.row + r, range.col + c, slot)),
    );
    const to = new Map(block.map(({ from }, r) => [from, range.row + r]));
    this.onMove((row) => to.get(row) ?? row);
  }

  /**
   * Whole rows `row`..`row + count - 1` moved before row `destination` (numbered as before the move, as
   * Sheet.moveRows takes it), with everything in them.
   */
  moveRows(row: number, count: number, destination: number): void {
    const order = Array.from({ length: this.maxRows }, (_, i) => i + 1);
    const moving = order.splice(row - 1, count);
    const at = destination > row ? destination - 1 - count : destination - 1;
    order.splice(at, 0, ...moving);
    const rows = order.map((r) => this.rows[r - 1]);
    this.rows = rows;
    while (this.rows.length && this.rows[this.rows.length - 1] === undefined) this.rows.pop();
    const to = new Map(order.map((from, i) => [from, i + 1]));
    this.onMove((r) => to.get(r) ?? r);
  }

  private slot(row: number, col: number): Slot | undefined {
    return this.rows[row - 1]?.[col - 1];
  }

  private slotFor(row: number, col: number): Slot {
    const r = (this.rows[row - 1] ??= []);
    return (r[col - 1] ??= {});
  }

  private putSlot(row: number, col: number, slot: Slot | undefined): void {
    const r = (this.rows[row - 1] ??= []);
    r[col - 1] = slot;
  }
}

function hasContent(slot: Slot | undefined): boolean {
  return slot?.cell !== undefined && !isEmpty(slot.cell);
}
