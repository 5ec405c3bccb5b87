// Handles of Spreadsheet, Sheet and Range objects, and turning them back into the models they name.
import { type GridRange, type ParsedA1, parseA1, resolveA1 } from '../a1';
import type { Execution } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import type { SheetModel, SpreadsheetModel } from '../state/spreadsheet';
import type { EntryContext } from '../typed-input';

export interface SheetHandle {
  ss: string;
  sheetId: number;
}

/** 'rows' for A1 like '5:5' (whole rows), 'columns' for 'C:C' (whole columns). */
export type Whole = 'rows' | 'columns';

export interface RangeHandle extends GridRange, SheetHandle {
  whole?: Whole;
}

export interface SheetRef {
  ss: SpreadsheetModel;
  sheet: SheetModel;
}

const OUTSIDE = 'The coordinates of the range are outside the dimensions of the sheet.';
export const NO_SHEET = 'The sheet has been deleted or is unavailable.';

export class SpreadsheetRefs {
  constructor(private readonly host: HostState) {}

  /** The spreadsheet a handle names (a Spreadsheet's handle is its id), else the active one. */
  spreadsheet(exec: Execution, handle: unknown): SpreadsheetModel {
    const ss =
      typeof handle === 'string' ? this.host.spreadsheets.get(handle) : this.host.activeSpreadsheet(exec);
    if (!ss) throw new Error('Spreadsheet not found');
    return ss;
  }

  sheet(handle: unknown): SheetRef {
    const h = handle as Partial<SheetHandle> | null;
    const ss = h?.ss === undefined ? undefined : this.host.spreadsheets.get(h.ss);
    const sheet = h?.sheetId === undefined ? undefined : ss?.byId(h.sheetId);
    if (!ss || !sheet) throw new Error(NO_SHEET);
    return { ss, sheet };
  }

  /** The sheet an execution sees as active: the calling cell's, else the first. */
  activeSheet(exec: Execution, ss: SpreadsheetModel): SheetModel {
    const cell = exec.spec.callingCell;
    return (cell && ss.byId(cell.sheetId)) || ss.sheets[0];
  }
}

export function spreadsheetFacade(ss: SpreadsheetModel): unknown {
  return facade('Spreadsheet', ss.id);
}

export function sheetFacade(ss: SpreadsheetModel, sheet: SheetModel): unknown {
  const handle: SheetHandle = { ss: ss.id, sheetId: sheet.id };
  return facade('Sheet', handle);
}

export function rangeFacade(
  ss: SpreadsheetModel,
  sheet: SheetModel,
  range: GridRange,
  whole?: Whole,
): unknown {
  if (range.row + range.numRows - 1 > sheet.maxRows || range.col + range.numCols - 1 > sheet.maxCols) {
    throw new Error(OUTSIDE);
  }
  const handle: RangeHandle = { ss: ss.id, sheetId: sheet.id, ...range };
  if (whole) handle.whole = whole;
  return facade('Range', handle);
}

export function wholeOf(parsed: ParsedA1): Whole | undefined {
  if (parsed.startCol === undefined && parsed.endCol === undefined) return 'rows';
  if (parsed.startRow === undefined && parsed.endRow === undefined) return 'columns';
  return undefined;
}

/** A Range facade for A1 notation on a sheet ('B2', 'A1:C9', '5:5', 'C:C'). */
export function a1RangeFacade(ss: SpreadsheetModel, sheet: SheetModel, a1: string): unknown {
  const parsed = parseA1(a1);
  if (!parsed) throw new Error('Range not found');
  return rangeFacade(ss, sheet, resolveA1(parsed, sheet.maxRows, sheet.maxCols), wholeOf(parsed));
}

/** How a string typed into (row, col) is read: the spreadsheet's locale and time zone, the cell's format. */
export function entryContext(
  ss: SpreadsheetModel,
  sheet: SheetModel,
  row: number,
  col: number,
): EntryContext {
  return { locale: ss.locale, timeZone: ss.timeZone, format: sheet.format(row, col) };
}
