// The order Sheets sorts a column in: numbers and dates, then text (case-insensitive), then booleans;
// empty cells stay at the bottom whichever the direction.
import { isDate } from '../dates';
import type { Cell } from './cell';

function rank(cell: Cell | undefined): number {
  const value = cell?.value;
  if (value === undefined || value === '') return 3;
  if (typeof value === 'number' || isDate(value)) return 0;
  if (typeof value === 'string') return 1;
  return 2;
}

function sortable(cell: Cell): number | string {
  const v = cell.value;
  if (isDate(v)) return v.getTime();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'string' ? v.toLowerCase() : v;
}

export function compareForSort(a: Cell | undefined, b: Cell | undefined, ascending: boolean): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra === 3 || rb === 3) return ra - rb; // empties last in both directions
  const sign = ascending ? 1 : -1;
  if (ra !== rb) return sign * (ra - rb);
  const x = sortable(a as Cell);
  const y = sortable(b as Cell);
  return sign * (x < y ? -1 : x > y ? 1 : 0);
}
