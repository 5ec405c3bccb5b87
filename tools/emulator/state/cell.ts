// What one cell holds: a value, maybe a formula or a formula error, and the format typing inferred.
import { copyDate, isDate } from '../dates';

export type CellValue = string | number | boolean | Date;

/** Characters a cell holds at most (README, _Limits and rules enforced_). */
export const CELL_CHARS = 50_000;

export interface Cell {
  value: CellValue;
  formula?: string;
  /** Message behind an error value such as '#ERROR!' or '#REF!'. */
  error?: string;
  /** A1 of the formula whose array result spilled into this cell. */
  spillOf?: string;
  /** Number format Sheets applies to typed input ('10%' -> '0%', '$5' -> currency), unless one is set. */
  autoFormat?: string;
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
