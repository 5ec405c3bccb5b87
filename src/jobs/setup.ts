// What the column-job dialog needs to offer sensible choices.
import { cellText } from '../engine/values';
import { columnLetter } from './columns';

export interface TabInfo {
  name: string;
  lastRow: number;
  /** Column letters with the first row's text, e.g. {column: 'B', header: 'Review'}. */
  columns: Array<{ column: string; header: string }>;
}

export interface JobSetup {
  tabs: TabInfo[];
  activeSheet: string;
  /** The column of the active cell, as a likely input column. */
  activeColumn: string;
}

const MAX_COLUMNS = 52;

export function jobSetup(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): JobSetup {
  const tabs = spreadsheet.getSheets().map((sheet) => {
    const width = Math.min(Math.max(sheet.getLastColumn(), 1) + 1, MAX_COLUMNS);
    const headers = sheet.getRange(1, 1, 1, width).getValues()[0];
    return {
      name: sheet.getName(),
      lastRow: sheet.getLastRow(),
      columns: headers.map((h, i) => ({ column: columnLetter(i + 1), header: cellText(h) })),
    };
  });
  const active = spreadsheet.getActiveSheet();
  const cell = spreadsheet.getActiveRange();
  return { tabs, activeSheet: active.getName(), activeColumn: columnLetter(cell ? cell.getColumn() : 1) };
}
