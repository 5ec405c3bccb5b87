// Writing a custom function's result into the sheet the way Sheets does: scalars in the cell, arrays
// spilled down and right unless that would overwrite data (#REF!), thrown errors as #ERROR!.
import { columnLetters } from './a1';
import { copyDate, isDate } from './dates';
import { type Cell, type CellValue, type SheetModel, isEmpty } from './state/spreadsheet';
import type { ExecutionResult } from './types';
import { CELL_CHARS } from './state/cell';

/**
 * A formula entered (typed, pasted or dragged down) is in its cell at once, before its custom
 * function has run: the cell keeps what it showed until the result arrives (Sheets shows
 * "Loading..."; what getValues returns meanwhile is not established, so the old value stays).
 */
export function placeFormula(sheet: SheetModel, row: number, col: number, formula: string): void {
  const cell = sheet.cell(row, col);
  if (cell?.formula === formula) return;
  sheet.setCell(row, col, { value: cell && !cell.spillOf ? cell.value : '', formula });
}

export function writeFormulaResult(
  sheet: SheetModel,
  row: number,
  col: number,
  formula: string,
  result: ExecutionResult,
): void {
  const anchor = `${row}:${col}`;
  clearSpill(sheet, anchor);
  if (!result.ok) {
    sheet.setCell(row, col, { value: '#ERROR!', formula, error: result.error?.message ?? 'Error' });
    return;
  }
  const grid = toGrid(result.value);
  const long = grid.flat().find((v) => typeof v === 'string' && v.length > CELL_CHARS);
  if (long !== undefined) {
    const name = /^=\s*([A-Za-z0-9_.]+)/.exec(formula)?.[1]?.toUpperCase() ?? 'the formula';
    const error = `Text result of ${name} is longer than the limit of ${CELL_CHARS} characters.`;
    sheet.setCell(row, col, { value: '#VALUE!', formula, error });
    return;
  }
  const blocked = findBlockingCell(sheet, row, col, grid, anchor);
  if (blocked) {
    const error = `Array result was not expanded because it would overwrite data in ${blocked}.`;
    sheet.setCell(row, col, { value: '#REF!', formula, error });
    return;
  }
  grid.forEach((cells, r) =>
    cells.forEach((value, c) => {
      const cell: Cell = r === 0 && c === 0 ? { value, formula } : { value, spillOf: anchor };
      sheet.setCell(row + r, col + c, cell);
    }),
  );
}

/** A 1-D array fills a column; a 2-D array fills rows and columns; short rows are padded. */
function toGrid(value: unknown): CellValue[][] {
  if (!Array.isArray(value)) return [[cellValue(value)]];
  if (value.length === 0) return [['']];
  const rows = value.map((row) => (Array.isArray(row) ? row : [row]));
  const width = Math.max(1, ...rows.map((r) => r.length));
  return rows.map((r) => Array.from({ length: width }, (_, i) => cellValue(r[i])));
}

function cellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (isDate(value)) return copyDate(value);
  return String(value);
}

function findBlockingCell(
  sheet: SheetModel,
  row: number,
  col: number,
  grid: CellValue[][],
  anchor: string,
): string | undefined {
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < grid[r].length; c++) {
      if (r === 0 && c === 0) continue;
      const cell = sheet.cell(row + r, col + c);
      if (cell && !isEmpty(cell) && cell.spillOf !== anchor) return `${columnLetters(col + c)}${row + r}`;
    }
  }
  return undefined;
}

function clearSpill(sheet: SheetModel, anchor: string): void {
  for (let r = 1; r <= sheet.maxRows; r++) {
    for (let c = 1; c <= sheet.maxCols; c++)
      if (sheet.cell(r, c)?.spillOf === anchor) sheet.setCell(r, c, undefined);
  }
}
