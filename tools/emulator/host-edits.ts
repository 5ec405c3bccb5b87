// What a person does to a spreadsheet between (or during) executions: renaming, inserting, deleting and
// sorting, typing into a cell. None of these count as script writes.
import { type GridRange, columnNumber, parseA1, resolveA1 } from './a1';
import { copyDate, isDate } from './dates';
import { type SheetModel, type SpreadsheetModel, rawCell } from './state/spreadsheet';
import { enteredCell } from './typed-input';
import type { SortSpec, WallClock } from './types';
import { parseWallClock, wallToInstant } from './zoned-time';

export function sheetOf(ss: SpreadsheetModel, name: string): SheetModel {
  const sheet = ss.byName(name);
  if (!sheet) throw new Error(`No sheet named ${name}`);
  return sheet;
}

export function rangeOf(sheet: SheetModel, a1: string): GridRange {
  const parsed = parseA1(a1);
  if (!parsed) throw new Error(`Bad A1 reference: ${a1}`);
  return resolveA1(parsed, sheet.maxRows, sheet.maxCols);
}

export function columnIndex(column: string | number): number {
  const n = typeof column === 'number' ? column : columnNumber(column);
  if (!Number.isInteger(n) || n < 1) throw new Error(`Bad column: ${column}`);
  return n;
}

export function renameSheet(ss: SpreadsheetModel, from: string, to: string): void {
  const sheet = sheetOf(ss, from);
  if (from !== to && ss.byName(to)) throw new Error(`A sheet named ${to} already exists`);
  sheet.name = to;
}

function checkSpan(start: number, count: number, max: number, what: 'rows' | 'columns'): void {
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(count) ||
    start < 1 ||
    count < 1 ||
    start + count - 1 > max
  ) {
    throw new Error(`Those ${what} are out of bounds.`);
  }
}

export function insertRows(sheet: SheetModel, row: number, count: number): void {
  checkSpan(row, 1, sheet.maxRows, 'rows');
  checkSpan(1, count, Infinity, 'rows');
  sheet.insertRowsBefore(row, count);
}

export function insertColumns(sheet: SheetModel, column: string | number, count: number): void {
  const col = columnIndex(column);
  checkSpan(col, 1, sheet.maxCols, 'columns');
  checkSpan(1, count, Infinity, 'columns');
  sheet.insertColumnsBefore(col, count);
}

export function deleteRows(sheet: SheetModel, row: number, count: number): void {
  checkSpan(row, count, sheet.maxRows, 'rows');
  if (count >= sheet.maxRows) throw new Error("You can't delete all the rows on the sheet.");
  sheet.deleteRows(row, count);
}

export function deleteColumns(sheet: SheetModel, column: string | number, count: number): void {
  const col = columnIndex(column);
  checkSpan(col, count, sheet.maxCols, 'columns');
  if (count >= sheet.maxCols) throw new Error("You can't delete all the columns on the sheet.");
  sheet.deleteColumns(col, count);
}

export function sortRange(sheet: SheetModel, a1: string, spec: SortSpec): void {
  const range = rangeOf(sheet, a1);
  const col = columnIndex(spec.column);
  if (col < range.col || col >= range.col + range.numCols) {
    throw new Error('The column to sort by must be within the range.');
  }
  sheet.sortRows(range, col, spec.ascending ?? true);
}

/**
 * A person dragging whole rows elsewhere (Sheet.moveRows: `destination` is a row number before the move):
 * cells, formats, write counts and the rows' metadata go along.
 */
export function moveRows(sheet: SheetModel, row: number, count: number, destination: number): void {
  checkSpan(row, count, sheet.maxRows, 'rows');
  checkSpan(destination, 1, sheet.maxRows + 1, 'rows');
  if (destination >= row && destination <= row + count)
    throw new Error('The destination must be outside the rows being moved.');
  sheet.moveRows(row, count, destination);
}

/** A person typing `value` into a cell: read like user input, in the cell's format and the sheet's locale. */
export function editCell(ss: SpreadsheetModel, sheet: SheetModel, a1: string, value: unknown): void {
  const { row, col } = rangeOf(sheet, a1);
  const ctx = { locale: ss.locale, timeZone: ss.timeZone, format: sheet.format(row, col) };
  sheet.setCell(row, col, enteredCell(value, ctx));
}

/** A date cell showing `wall` (a 'yyyy-mm-dd[ hh:mm:ss]' text or fields) in the spreadsheet's time zone. */
export function setDate(ss: SpreadsheetModel, sheet: SheetModel, a1: string, wall: string | WallClock): Date {
  const { row, col } = rangeOf(sheet, a1);
  const clock = typeof wall === 'string' ? parseWallClock(wall) : wall;
  const date = new Date(wallToInstant(clock, ss.timeZone));
  const timed = Boolean(clock.hour || clock.minute || clock.second);
  sheet.setCell(row, col, { value: date, autoFormat: timed ? 'yyyy-mm-dd h:mm:ss' : 'yyyy-mm-dd' });
  return copyDate(date);
}

/** Test setup: raw values at a cell (anchor) or into a range of the same shape. */
export function writeRaw(sheet: SheetModel, a1: string, values: unknown[][]): void {
  const parsed = parseA1(a1);
  if (!parsed?.startRow || !parsed.startCol) throw new Error(`Bad A1 reference: ${a1}`);
  const isRange = parsed.endRow !== parsed.startRow || parsed.endCol !== parsed.startCol;
  if (isRange) {
    const { numRows, numCols } = resolveA1(parsed, sheet.maxRows, sheet.maxCols);
    if (values.length !== numRows || values.some((r) => r.length !== numCols)) {
      throw new Error(`setValues: data is not ${numRows} x ${numCols}`);
    }
  }
  const top = parsed.startRow;
  const left = parsed.startCol;
  values.forEach((row, r) => row.forEach((v, c) => sheet.setCell(top + r, left + c, rawCell(v))));
}

export function copyValue(cell: { value: unknown } | undefined): unknown {
  const value = cell ? cell.value : '';
  return isDate(value) ? copyDate(value) : value;
}
