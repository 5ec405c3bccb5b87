// The cells a dragged-down formula shares its requests with: the rows around the calling cell
// that hold the same formula (formula-refs.ts), read-only, with the texts their formulas will ask
// about. Anything this cannot read with certainty (a nested formula, a text argument that is not
// one relative cell, other arguments that change from row to row) shares with nobody: the cell is
// then answered alone, as before.
import { cellText } from '../engine/values';
import type { CallingCell, CellBlock } from '../platform/ports';
import { hasRowRelativeReference, parseCall, relativeForm, singleCell, type CellRef } from './formula-refs';

export interface SharedFormula {
  /** The custom function running, as written in formulas (`GPT_SENTIMENT`). */
  name: string;
  /** Which argument is the text (the others must be the same on every row). */
  textArgument: number;
}

/** Columns read to the left of the calling cell in the same block (the input is usually there). */
const BLOCK_COLUMNS = 26;

/**
 * Texts of the rows near `cell` (up to `back` above and `ahead` below) whose formula is this one,
 * rows below first; empty when the calling cell's own formula or text does not check out.
 */
export function neighbourTexts(
  cell: CallingCell,
  formula: SharedFormula,
  ownText: string,
  back: number,
  ahead: number,
): string[] {
  const first = Math.max(1, cell.row - back);
  const last = Math.max(cell.row, Math.min(cell.lastRow(), cell.row + ahead));
  const fromColumn = Math.max(1, cell.column - BLOCK_COLUMNS + 1);
  const block = cell.block(first, last, fromColumn, cell.column);
  const formulas = block.formulas().map((r) => String(r[cell.column - fromColumn] ?? ''));
  const own = formulas[cell.row - first];
  const call = parseCall(own);
  if (!call || call.name.toUpperCase() !== formula.name) return [];
  const ref = singleCell(call.args[formula.textArgument] ?? '');
  if (!ref || ref.rowAbsolute) return [];
  if (call.args.some((a, i) => i !== formula.textArgument && hasRowRelativeReference(a))) return [];

  const shape = relativeForm(own, cell.row, cell.column);
  const rows = rowsNearest(cell.row, first, last).filter(
    (r) => relativeForm(formulas[r - first], r, cell.column) === shape,
  );
  if (!rows.length) return [];
  const offset = ref.row - cell.row;
  const inputFirst = Math.max(1, first + offset);
  const inputLast = last + offset;
  if (inputLast < inputFirst) return [];
  const sameRows = offset === 0 && inputFirst === first;
  const inputs = inputColumn(cell, block, ref, fromColumn, sameRows, inputFirst, inputLast);
  const textAt = (r: number) => cellText(inputs[r + offset - inputFirst]);
  if (textAt(cell.row) !== ownText) return [];
  return rows.map(textAt).filter((t) => t !== '');
}

/** Rows below the cell first (Sheets mostly works down a column), then those above, nearest first. */
function rowsNearest(row: number, first: number, last: number): number[] {
  const out: number[] = [];
  for (let r = row + 1; r <= last; r++) out.push(r);
  for (let r = row - 1; r >= first; r--) out.push(r);
  return out;
}

/** The input column for rows first..last (already shifted by the reference's row offset). */
function inputColumn(
  cell: CallingCell,
  block: CellBlock,
  ref: CellRef,
  fromColumn: number,
  sameRows: boolean,
  first: number,
  last: number,
): unknown[] {
  if (ref.sheet !== undefined) return cell.columnOf(ref.sheet, first, last, ref.column);
  if (sameRows && ref.column >= fromColumn && ref.column <= cell.column)
    return block.values().map((r) => r[ref.column - fromColumn]);
  return cell
    .block(first, last, ref.column, ref.column)
    .values()
    .map((r) => r[0]);
}
