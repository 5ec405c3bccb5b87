// Which service calls each execution may make: authorization modes and custom-function limits.
import type { Execution } from './execution';

const WITHOUT_AUTHORIZATION = new Set([
  'SpreadsheetApp.getUi',
  'SpreadsheetApp.Ui.createAddonMenu',
  'SpreadsheetApp.Ui.createMenu',
  'SpreadsheetApp.Menu.addToUi',
  'Session.getActiveUserLocale',
  'Session.getScriptTimeZone',
]);

const SPREADSHEET_WRITES = new Set([
  'SpreadsheetApp.Spreadsheet.toast',
  'SpreadsheetApp.Spreadsheet.insertSheet',
  'SpreadsheetApp.Sheet.insertRowsBefore',
  'SpreadsheetApp.Sheet.appendRow',
  'SpreadsheetApp.Range.setValue',
  'SpreadsheetApp.Range.setValues',
  'SpreadsheetApp.Range.clearContent',
  'SpreadsheetApp.Range.setNumberFormat',
  'SpreadsheetApp.Range.setNumberFormats',
  'SpreadsheetApp.RangeList.setValue',
  'SpreadsheetApp.RangeList.setNumberFormat',
  // Custom functions may read developer metadata (find, get*) but not add or change it (read-only service).
  'SpreadsheetApp.Spreadsheet.addDeveloperMetadata',
  'SpreadsheetApp.Sheet.addDeveloperMetadata',
  'SpreadsheetApp.Range.addDeveloperMetadata',
  'SpreadsheetApp.DeveloperMetadata.setKey',
  'SpreadsheetApp.DeveloperMetadata.setValue',
  'SpreadsheetApp.DeveloperMetadata.setVisibility',
  'SpreadsheetApp.DeveloperMetadata.remove',
]);

const SCOPES: Record<string, string> = {
  UrlFetchApp: 'https://www.googleapis.com/auth/script.external_request',
  ScriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  SpreadsheetApp: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
};

const DISPLAY = [
  'SpreadsheetApp.Ui.showSidebar',
  'SpreadsheetApp.Ui.showModalDialog',
  'SpreadsheetApp.Ui.showModelessDialog',
];

/** Throws the platform's error when `exec` may not call `method`. */
export function checkAllowed(exec: Execution, method: string): void {
  const service = method.split('.')[0];
  const mode = exec.spec.authMode;
  const pure = service === 'Utilities' || service === 'HtmlService';
  if (mode === 'NONE' && !pure && !WITHOUT_AUTHORIZATION.has(method)) throw noPermission(method);
  if (
    mode === 'LIMITED' &&
    (service === 'UrlFetchApp' || service === 'ScriptApp' || DISPLAY.includes(method))
  ) {
    throw noPermission(method);
  }
  if (method === 'SpreadsheetApp.getUi' && (exec.isCustomFunction || exec.spec.kind === 'trigger')) {
    throw new Error('Cannot call SpreadsheetApp.getUi() from this context.');
  }
  if (!exec.isCustomFunction) return;
  if (service === 'ScriptApp') throw noPermission(method);
  if (SPREADSHEET_WRITES.has(method))
    throw new Error(`You do not have permission to call ${shortName(method)}`);
}

export function noPermission(method: string): Error {
  const scope = SCOPES[method.split('.')[0]];
  const tail = scope ? ` Required permissions: ${scope}` : '';
  return new Error(`You do not have permission to call ${method}.${tail}`);
}

export function shortName(method: string): string {
  return method.slice(method.lastIndexOf('.') + 1);
}
