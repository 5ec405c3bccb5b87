// SpreadsheetApp handlers over the in-memory spreadsheets: the root, Spreadsheet and Sheet.
import { parseA1, resolveA1 } from '../a1';
import type { Execution, HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import type { SheetModel, SpreadsheetModel } from '../state/spreadsheet';
import { enteredCell } from '../typed-input';
import { list, num, optStr, str } from './args';
import type { SpreadsheetRefs } from './spreadsheet-refs';
import {
  a1RangeFacade,
  entryContext,
  rangeFacade,
  sheetFacade,
  spreadsheetFacade,
  wholeOf,
} from './spreadsheet-refs';

export function spreadsheetHandlers(host: HostState, refs: SpreadsheetRefs): HandlerTable {
  const active = (exec: Execution) => host.activeSpreadsheet(exec);
  const ssOf = (exec: Execution, h: unknown) => refs.spreadsheet(exec, h);
  const activeSheetOf = (exec: Execution, ss: SpreadsheetModel | undefined) => {
    const sheet = ss && refs.activeSheet(exec, ss);
    return ss && sheet ? sheetFacade(ss, sheet) : null;
  };
  const activeRangeOf = (exec: Execution, ss: SpreadsheetModel | undefined, oneCell = false) =>
    ss ? activeRange(exec, ss, refs.activeSheet(exec, ss), oneCell) : null;
  return {
    'SpreadsheetApp.getActiveSpreadsheet': (exec) => nullable(active(exec), spreadsheetFacade),
    'SpreadsheetApp.getActive': (exec) => nullable(active(exec), spreadsheetFacade),
    'SpreadsheetApp.flush': () => null,
    'SpreadsheetApp.getActiveSheet': (exec) => activeSheetOf(exec, active(exec)),
    'SpreadsheetApp.getActiveRange': (exec) => activeRangeOf(exec, active(exec)),
    'SpreadsheetApp.getActiveCell': (exec) => activeRangeOf(exec, active(exec), true),
    'SpreadsheetApp.Spreadsheet.getId': (e, [h]) => ssOf(e, h).id,
    'SpreadsheetApp.Spreadsheet.getName': (e, [h]) => ssOf(e, h).name,
    'SpreadsheetApp.Spreadsheet.getUrl': (e, [h]) =>
      `https://docs.google.com/spreadsheets/d/${ssOf(e, h).id}/edit`,
    'SpreadsheetApp.Spreadsheet.getSheets': (e, [h]) => {
      const ss = ssOf(e, h);
      return ss.sheets.map((sheet) => sheetFacade(ss, sheet));
    },
    'SpreadsheetApp.Spreadsheet.getNumSheets': (e, [h]) => ssOf(e, h).sheets.length,
    'SpreadsheetApp.Spreadsheet.getSheetByName': (e, [h, name]) => {
      const ss = ssOf(e, h);
      const sheet = ss.byName(str(name, 'name'));
      return sheet ? sheetFacade(ss, sheet) : null;
    },
    'SpreadsheetApp.Spreadsheet.getActiveSheet': (e, [h]) => activeSheetOf(e, ssOf(e, h)),
    'SpreadsheetApp.Spreadsheet.getActiveRange': (e, [h]) => activeRangeOf(e, ssOf(e, h)),
    'SpreadsheetApp.Spreadsheet.getActiveCell': (e, [h]) => activeRangeOf(e, ssOf(e, h), true),
    'SpreadsheetApp.Spreadsheet.getSpreadsheetLocale': (e, [h]) => ssOf(e, h).locale,
    'SpreadsheetApp.Spreadsheet.getSpreadsheetTimeZone': (e, [h]) => ssOf(e, h).timeZone,
    'SpreadsheetApp.Spreadsheet.getOwner': (e, [h]) => {
      const ss = ssOf(e, h);
      return ss.sharedDrive ? null : facade('User', null, { email: ss.owner });
    },
    'SpreadsheetApp.Spreadsheet.toast': (_e, [, message]) => {
      host.ui.toasts.push(String(message ?? ''));
      return null;
    },
    'SpreadsheetApp.Spreadsheet.insertSheet': (e, [h, name]) => {
      const ss = ssOf(e, h);
      return sheetFacade(ss, insertSheet(ss, optStr(name)));
    },
    'SpreadsheetApp.Spreadsheet.getRange': (e, [h, a1]) => {
      const ss = ssOf(e, h);
      const text = str(a1, 'a1Notation');
      const parsed = parseA1(text);
      const sheet = parsed?.sheet === undefined ? refs.activeSheet(e, ss) : ss.byName(parsed.sheet);
      if (!parsed || !sheet) throw new Error('Range not found');
      return rangeFacade(ss, sheet, resolveA1(parsed, sheet.maxRows, sheet.maxCols), wholeOf(parsed));
    },
    ...sheetHandlers(refs),
  };
}

function sheetHandlers(refs: SpreadsheetRefs): HandlerTable {
  const ref = (h: unknown) => refs.sheet(h);
  return {
    'SpreadsheetApp.Sheet.getName': (_e, [h]) => ref(h).sheet.name,
    'SpreadsheetApp.Sheet.getIndex': (_e, [h]) => {
      const { ss, sheet } = ref(h);
      return ss.sheets.indexOf(sheet) + 1;
    },
    'SpreadsheetApp.Sheet.getRange': (_e, [h, ...args]) => getRange(ref(h).ss, ref(h).sheet, args),
    'SpreadsheetApp.Sheet.getRangeList': (_e, [h, a1s]) => {
      const { ss, sheet } = ref(h);
      const ranges = list(a1s, 'a1Notations').map((a1) => {
        const parsed = parseA1(str(a1, 'a1Notation'));
        if (!parsed || parsed.sheet !== undefined) throw new Error('Range not found');
        return resolveA1(parsed, sheet.maxRows, sheet.maxCols);
      });
      return facade('RangeList', { ss: ss.id, sheetId: sheet.id, ranges });
    },
    'SpreadsheetApp.Sheet.getLastRow': (_e, [h]) => ref(h).sheet.lastRow(),
    'SpreadsheetApp.Sheet.getLastColumn': (_e, [h]) => ref(h).sheet.lastColumn(),
    'SpreadsheetApp.Sheet.getMaxRows': (_e, [h]) => ref(h).sheet.maxRows,
    'SpreadsheetApp.Sheet.getMaxColumns': (_e, [h]) => ref(h).sheet.maxCols,
    'SpreadsheetApp.Sheet.getDataRange': (_e, [h]) => {
      const { ss, sheet } = ref(h);
      const numRows = Math.max(1, sheet.lastRow());
      return rangeFacade(ss, sheet, { row: 1, col: 1, numRows, numCols: Math.max(1, sheet.lastColumn()) });
    },
    'SpreadsheetApp.Sheet.insertRowsBefore': (_e, [h, row, count]) => {
      const { ss, sheet } = ref(h);
      const before = num(row, 'beforePosition');
      if (before < 1 || before > sheet.maxRows) throw new Error('Those rows are out of bounds.');
      sheet.insertRowsBefore(before, num(count, 'howMany'));
      return sheetFacade(ss, sheet);
    },
    'SpreadsheetApp.Sheet.appendRow': (_e, [h, values]) => {
      const { ss, sheet } = ref(h);
      const row = sheet.lastRow() + 1;
      list(values, 'rowContents').forEach((v, i) => {
        sheet.setCell(row, i + 1, enteredCell(v, entryContext(ss, sheet, row, i + 1)));
        sheet.countWrite(row, i + 1);
      });
      return sheetFacade(ss, sheet);
    },
  };
}

function nullable<T>(value: T | undefined, make: (v: T) => unknown): unknown {
  return value === undefined ? null : make(value);
}

/** The selection (`callingCell`, one cell in a custom function and for getActiveCell), else A1. */
function activeRange(exec: Execution, ss: SpreadsheetModel, sheet: SheetModel, oneCell: boolean): unknown {
  const cell = exec.spec.callingCell;
  if (cell && cell.sheetId === sheet.id) {
    const single = oneCell || exec.isCustomFunction;
    const numRows = single ? 1 : (cell.numRows ?? 1);
    const numCols = single ? 1 : (cell.numCols ?? 1);
    return rangeFacade(ss, sheet, { row: cell.row, col: cell.col, numRows, numCols });
  }
  if (exec.spec.kind === 'trigger') return null;
  return rangeFacade(ss, sheet, { row: 1, col: 1, numRows: 1, numCols: 1 });
}

function getRange(ss: SpreadsheetModel, sheet: SheetModel, args: unknown[]): unknown {
  if (typeof args[0] === 'string') return a1RangeFacade(ss, sheet, args[0]);
  const [row, col, numRows = 1, numCols = 1] = args.map((a, i) =>
    num(a, ['row', 'column', 'numRows', 'numColumns'][i]),
  );
  if (row < 1) throw new Error('The starting row of the range is too small.');
  if (col < 1) throw new Error('The starting column of the range is too small.');
  if (numRows < 1) throw new Error('The number of rows in the range must be at least 1.');
  if (numCols < 1) throw new Error('The number of columns in the range must be at least 1.');
  return rangeFacade(ss, sheet, { row, col, numRows, numCols });
}

function insertSheet(ss: SpreadsheetModel, name: string | undefined): SheetModel {
  let title = name;
  for (let n = ss.sheets.length + 1; title === undefined; n++)
    if (!ss.byName(`Sheet${n}`)) title = `Sheet${n}`;
  if (ss.byName(title))
    throw new Error(`A sheet with the name "${title}" already exists. Please enter another name.`);
  return ss.addSheet(title);
}
