// "Replace selected formulas with values": every add-on formula in the selection becomes the text it
// shows, kept exactly (plain-text cells, engine/cell-values.ts). A range formula's answer fills the
// cells below and right of it (it spills), and those cells empty once the formula is gone, so the
// whole answer is written, also the part outside the selection. Nothing else is touched: not text,
// numbers or other formulas in the selection, not the cells a blocked formula would have filled.
import { lettersToNumber } from '../jobs/columns';
import { PLAIN_TEXT_FORMAT, textCellValue } from '../engine/cell-values';

type Range = GoogleAppsScript.Spreadsheet.Range;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const ADDON_FORMULA = /^=\s*(GPT(?:_[A-Z]+)?)\s*\(([\s\S]*)\)\s*$/i;

export interface Shape {
  rows: number;
  columns: number;
}

/** Splits the arguments of a formula at top-level separators (`,` or `;`), outside quotes and parentheses. */
export function formulaArguments(body: string): string[] {
  const args: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const ch of body) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && (ch === ',' || ch === ';')) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  args.push(current.trim());
  return args;
}

const A1_RANGE = /^(?:(?:'(?:[^']|'')+'|[^'!]+)!)?\$?([A-Z]{1,3})?\$?(\d+)?(?::\$?([A-Z]{1,3})?\$?(\d+)?)?$/i;

/**
 * The cells an add-on formula's answer fills: the shape of the range it reads (GPT's `value`, else its
 * `prompt`; the `text` of the others). A single cell or a literal gives one cell; an open range (B:B)
 * runs to `lastRow`. Null for a formula that is not the add-on's.
 */
export function answerShape(formula: string, anchorRow: number, lastRow: number): Shape | null {
  const call = ADDON_FORMULA.exec(formula);
  if (!call) return null;
  const args = formulaArguments(call[2]);
  const source = call[1].toUpperCase() === 'GPT' && args[1] ? args[1] : (args[0] ?? '');
  const m = A1_RANGE.exec(source);
  if (!m || !source.includes(':') || (!m[1] && !m[2])) return { rows: 1, columns: 1 };
  const [, c1, r1, c2, r2] = m;
  const columns = c1 && c2 ? Math.abs(lettersToNumber(c2) - lettersToNumber(c1)) + 1 : 1;
  const rows = r1 && r2 ? Math.abs(Number(r2) - Number(r1)) + 1 : Math.max(1, lastRow - anchorRow + 1);
  return { rows, columns };
}

interface Region {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

function intersects(a: Region, b: Region): boolean {
  return (
    a.row < b.row + b.rows &&
    b.row < a.row + a.rows &&
    a.column < b.column + b.columns &&
    b.column < a.column + a.columns
  );
}

const ERROR_VALUE = /^#[A-Z/0!?]+[!?]?$/;

/**
 * The answers of the add-on formulas that fill any cell of the selection: formulas in the selection,
 * and those above it in its columns whose answer reaches into it. A formula showing an error fills
 * only its own cell; an answer ends above the first other formula in its cells.
 */
function answerRegions(sheet: Sheet, selection: Region): Region[] {
  const lastRow = Math.max(sheet.getLastRow(), selection.row + selection.rows - 1);
  const height = selection.row + selection.rows - 1;
  const formulas = sheet.getRange(1, selection.column, height, selection.columns).getFormulas();
  const regions: Region[] = [];
  formulas.forEach((cells, r) =>
    cells.forEach((formula, c) => {
      const shape = formula ? answerShape(formula, r + 1, lastRow) : null;
      if (!shape) return;
      const region = { row: r + 1, column: selection.column + c, ...shape };
      if (intersects(region, selection)) regions.push(region);
    }),
  );
  return regions.map((region) => trimmed(sheet, region));
}

function trimmed(sheet: Sheet, region: Region): Region {
  if (region.rows === 1 && region.columns === 1) return region;
  const range = sheet.getRange(region.row, region.column, region.rows, region.columns);
  const formulas = range.getFormulas();
  const first = sheet.getRange(region.row, region.column).getValue();
  if (typeof first === 'string' && ERROR_VALUE.test(first)) return { ...region, rows: 1, columns: 1 };
  const columns = formulas[0].findIndex((f, c) => c > 0 && f !== '');
  const width = columns > 0 ? columns : region.columns;
  const rows = formulas.findIndex((row, r) => r > 0 && row.slice(0, width).some((f) => f !== ''));
  return { ...region, rows: rows > 0 ? rows : region.rows, columns: width };
}

/** Writes each answer as its values; strings as plain text, exactly. Returns the cells written. */
export function replaceWithValues(selection: Range): number {
  const sheet = selection.getSheet();
  const area = {
    row: selection.getRow(),
    column: selection.getColumn(),
    rows: selection.getNumRows(),
    columns: selection.getNumColumns(),
  };
  let count = 0;
  for (const region of answerRegions(sheet, area)) {
    const range = sheet.getRange(region.row, region.column, region.rows, region.columns);
    const values = range.getValues();
    const formats = range.getNumberFormats();
    range.setNumberFormats(
      values.map((row, r) => row.map((v, c) => (typeof v === 'string' ? PLAIN_TEXT_FORMAT : formats[r][c]))),
    );
    range.setValues(values.map((row) => row.map((v) => (typeof v === 'string' ? textCellValue(v) : v))));
    count += region.rows * region.columns;
  }
  return count;
}
