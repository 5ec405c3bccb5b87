// SpreadsheetApp handlers over the in-memory spreadsheet (Spreadsheet, Sheet and Range).
import { type GridRange, parseA1, resolveA1 } from '../a1';
import type { Execution, HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import { type Cell, type SheetModel, displayValue, enteredCell } from '../state/spreadsheet';
import { list, num, optStr, str } from './args';

interface RangeHandle extends GridRange {
  sheetId: number;
}

const OUTSIDE = 'The coordinates of the range are outside the dimensions of the sheet.';

export function spreadsheetHandlers(host: HostState): HandlerTable {
  const ss = host.spreadsheet;
  const sheetOf = (h: unknown) => {
    const sheet = ss.byId((h as { sheetId: number }).sheetId);
    if (!sheet) throw new Error('The sheet has been deleted or is unavailable.');
    return sheet;
  };
  const activeSheet = (exec: Execution) =>
    (exec.spec.callingCell && ss.byId(exec.spec.callingCell.sheetId)) || ss.sheets[0];
  return {
    'SpreadsheetApp.getActiveSpreadsheet': () => facade('Spreadsheet', null),
    'SpreadsheetApp.getActive': () => facade('Spreadsheet', null),
    'SpreadsheetApp.flush': () => null,
    'SpreadsheetApp.getActiveSheet': (exec) => sheetFacade(activeSheet(exec)),
    'SpreadsheetApp.getActiveRange': (exec) => activeRange(exec, activeSheet(exec)),
    'SpreadsheetApp.getActiveCell': (exec) => activeRange(exec, activeSheet(exec)),
    'SpreadsheetApp.Spreadsheet.getId': () => ss.id,
    'SpreadsheetApp.Spreadsheet.getName': () => ss.name,
    'SpreadsheetApp.Spreadsheet.getUrl': () => `https://docs.google.com/spreadsheets/d/${ss.id}/edit`,
    'SpreadsheetApp.Spreadsheet.getSheets': () => ss.sheets.map(sheetFacade),
    'SpreadsheetApp.Spreadsheet.getNumSheets': () => ss.sheets.length,
    'SpreadsheetApp.Spreadsheet.getSheetByName': (_e, [, name]) => {
      const sheet = ss.byName(str(name, 'name'));
      return sheet ? sheetFacade(sheet) : null;
    },
    'SpreadsheetApp.Spreadsheet.getActiveSheet': (exec) => sheetFacade(activeSheet(exec)),
    'SpreadsheetApp.Spreadsheet.getActiveRange': (exec) => activeRange(exec, activeSheet(exec)),
    'SpreadsheetApp.Spreadsheet.getActiveCell': (exec) => activeRange(exec, activeSheet(exec)),
    'SpreadsheetApp.Spreadsheet.getSpreadsheetLocale': () => ss.locale,
    'SpreadsheetApp.Spreadsheet.getSpreadsheetTimeZone': () => ss.timeZone,
    'SpreadsheetApp.Spreadsheet.toast': (_e, [, message]) => {
      host.ui.toasts.push(String(message ?? ''));
      return null;
    },
    'SpreadsheetApp.Spreadsheet.insertSheet': (_e, [, name]) => sheetFacade(insertSheet(host, optStr(name))),
    'SpreadsheetApp.Spreadsheet.getRange': (exec, [, a1]) => {
      const parsed = parseA1(str(a1, 'a1Notation'));
      const sheet = parsed?.sheet === undefined ? activeSheet(exec) : ss.byName(parsed.sheet);
      if (!parsed || !sheet) throw new Error(`Range not found`);
      return rangeFacade(sheet, resolveA1(parsed, sheet.maxRows, sheet.maxCols));
    },
    'SpreadsheetApp.Sheet.getName': (_e, [h]) => sheetOf(h).name,
    'SpreadsheetApp.Sheet.getIndex': (_e, [h]) => ss.sheets.indexOf(sheetOf(h)) + 1,
    'SpreadsheetApp.Sheet.getRange': (_e, [h, ...args]) => getRange(sheetOf(h), args),
    'SpreadsheetApp.Sheet.getLastRow': (_e, [h]) => sheetOf(h).lastRow(),
    'SpreadsheetApp.Sheet.getLastColumn': (_e, [h]) => sheetOf(h).lastColumn(),
    'SpreadsheetApp.Sheet.getMaxRows': (_e, [h]) => sheetOf(h).maxRows,
    'SpreadsheetApp.Sheet.getMaxColumns': (_e, [h]) => sheetOf(h).maxCols,
    'SpreadsheetApp.Sheet.getDataRange': (_e, [h]) => {
      const sheet = sheetOf(h);
      const numRows = Math.max(1, sheet.lastRow());
      return rangeFacade(sheet, { row: 1, col: 1, numRows, numCols: Math.max(1, sheet.lastColumn()) });
    },
    'SpreadsheetApp.Sheet.insertRowsBefore': (_e, [h, row, count]) => {
      const sheet = sheetOf(h);
      const before = num(row, 'beforePosition');
      if (before < 1 || before > sheet.maxRows) throw new Error('Those rows are out of bounds.');
      sheet.insertRowsBefore(before, num(count, 'howMany'));
      return sheetFacade(sheet);
    },
    'SpreadsheetApp.Sheet.appendRow': (_e, [h, values]) => {
      const sheet = sheetOf(h);
      const row = sheet.lastRow() + 1;
      list(values, 'rowContents').forEach((v, i) => {
        sheet.setCell(row, i + 1, enteredCell(v));
        sheet.countWrite(row, i + 1);
      });
      return sheetFacade(sheet);
    },
    'SpreadsheetApp.Range.getValues': (_e, [h]) => sheetOf(h).map(h as RangeHandle, valueOf),
    'SpreadsheetApp.Range.getValue': (_e, [h]) => valueOf(sheetOf(h).cell(topLeft(h).row, topLeft(h).col)),
    'SpreadsheetApp.Range.getDisplayValues': (_e, [h]) =>
      sheetOf(h).map(h as RangeHandle, (c) => displayValue(valueOf(c))),
    'SpreadsheetApp.Range.getDisplayValue': (_e, [h]) =>
      displayValue(valueOf(sheetOf(h).cell(topLeft(h).row, topLeft(h).col))),
    'SpreadsheetApp.Range.getFormulas': (_e, [h]) =>
      sheetOf(h).map(h as RangeHandle, (c) => c?.formula ?? ''),
    'SpreadsheetApp.Range.getFormula': (_e, [h]) =>
      sheetOf(h).cell(topLeft(h).row, topLeft(h).col)?.formula ?? '',
    'SpreadsheetApp.Range.setValues': (_e, [h, values]) => {
      const range = h as RangeHandle;
      checkShape(list(values, 'values'), range);
      writeCells(sheetOf(h), range, (r, c) => enteredCell((values as unknown[][])[r][c]));
      return rangeFacade(sheetOf(h), range);
    },
    'SpreadsheetApp.Range.setValue': (_e, [h, value]) => {
      writeCells(sheetOf(h), h as RangeHandle, () => enteredCell(value));
      return rangeFacade(sheetOf(h), h as RangeHandle);
    },
    'SpreadsheetApp.Range.clearContent': (_e, [h]) => {
      writeCells(sheetOf(h), h as RangeHandle, () => undefined);
      return rangeFacade(sheetOf(h), h as RangeHandle);
    },
  };
}

function activeRange(exec: Execution, sheet: SheetModel): unknown {
  const cell = exec.spec.callingCell;
  if (cell) return rangeFacade(sheet, { row: cell.row, col: cell.col, numRows: 1, numCols: 1 });
  if (exec.spec.kind === 'trigger') return null;
  return rangeFacade(sheet, { row: 1, col: 1, numRows: 1, numCols: 1 });
}

export function sheetFacade(sheet: SheetModel): unknown {
  return facade('Sheet', { sheetId: sheet.id });
}

function rangeFacade(sheet: SheetModel, range: GridRange): unknown {
  if (range.row + range.numRows - 1 > sheet.maxRows || range.col + range.numCols - 1 > sheet.maxCols) {
    throw new Error(OUTSIDE);
  }
  return facade('Range', { sheetId: sheet.id, ...range });
}

function getRange(sheet: SheetModel, args: unknown[]): unknown {
  if (typeof args[0] === 'string') {
    const parsed = parseA1(args[0]);
    if (!parsed) throw new Error('Range not found');
    return rangeFacade(sheet, resolveA1(parsed, sheet.maxRows, sheet.maxCols));
  }
  const [row, col, numRows = 1, numCols = 1] = args.map((a, i) =>
    num(a, ['row', 'column', 'numRows', 'numColumns'][i]),
  );
  if (row < 1) throw new Error('The starting row of the range is too small.');
  if (col < 1) throw new Error('The starting column of the range is too small.');
  if (numRows < 1) throw new Error('The number of rows in the range must be at least 1.');
  if (numCols < 1) throw new Error('The number of columns in the range must be at least 1.');
  return rangeFacade(sheet, { row, col, numRows, numCols });
}

function insertSheet(host: HostState, name: string | undefined): SheetModel {
  const ss = host.spreadsheet;
  let title = name;
  for (let n = ss.sheets.length + 1; title === undefined; n++)
    if (!ss.byName(`Sheet${n}`)) title = `Sheet${n}`;
  if (ss.byName(title))
    throw new Error(`A sheet with the name "${title}" already exists. Please enter another name.`);
  return ss.addSheet(title);
}

function valueOf(cell: Cell | undefined): Cell['value'] {
  return cell ? cell.value : '';
}

function topLeft(h: unknown): RangeHandle {
  return h as RangeHandle;
}

function checkShape(values: unknown[], range: GridRange): void {
  if (values.length !== range.numRows) {
    throw new Error(
      `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${range.numRows}.`,
    );
  }
  for (const row of values) {
    const width = Array.isArray(row) ? row.length : 0;
    if (width !== range.numCols) {
      throw new Error(
        `The number of columns in the data does not match the number of columns in the range. The data has ${width} but the range has ${range.numCols}.`,
      );
    }
  }
}

function writeCells(
  sheet: SheetModel,
  range: GridRange,
  cellAt: (r: number, c: number) => Cell | undefined,
): void {
  for (let r = 0; r < range.numRows; r++) {
    for (let c = 0; c < range.numCols; c++) {
      sheet.setCell(range.row + r, range.col + c, cellAt(r, c));
      sheet.countWrite(range.row + r, range.col + c);
    }
  }
}
