// The add-on menu and the actions behind it.
import { isMarkedFailure } from '../functions/formula';
import { format, type Locale } from '../i18n/messages';

/** Builds the menu. In AuthMode.NONE (add-on installed but not yet used here) only the menu may be touched. */
export function buildMenu(ui: GoogleAppsScript.Base.Ui, locale: Locale): void {
  ui.createAddonMenu()
    .addItem(format(locale, 'menu_settings'), 'showSettings')
    .addItem(format(locale, 'menu_column_job'), 'showColumnJob')
    .addItem(format(locale, 'menu_evaluate'), 'showEvaluation')
    .addSeparator()
    .addItem(format(locale, 'menu_refresh_failed'), 'refreshFailedCells')
    .addItem(format(locale, 'menu_freeze'), 'replaceFormulasWithValues')
    .addSeparator()
    .addItem(format(locale, 'menu_help'), 'showHelp')
    .addToUi();
}

const GPT_FORMULA = /^=\s*GPT(_[A-Z]+)?\s*\(/i;

/**
 * Re-enters every GPT formula of the sheet that shows an error or spilled a failed row, so Sheets
 * runs it again; rows that succeeded come from the cache and are not billed again.
 */
export function refreshFailedCells(sheet: GoogleAppsScript.Spreadsheet.Sheet, flush: () => void): number {
  const range = sheet.getDataRange();
  const formulas = range.getFormulas();
  const values = range.getValues();
  const toRefresh = new Map<string, { row: number; col: number; formula: string }>();
  for (let c = 0; c < (formulas[0]?.length ?? 0); c++) {
    let owner: { row: number; col: number; formula: string } | undefined;
    for (let r = 0; r < formulas.length; r++) {
      const formula = formulas[r][c];
      if (formula) owner = GPT_FORMULA.test(formula) ? { row: r, col: c, formula } : undefined;
      const value = values[r][c];
      const failed = value === '#ERROR!' || isMarkedFailure(value);
      if (failed && owner) toRefresh.set(`${owner.row}:${owner.col}`, owner);
    }
  }
  const cells = [...toRefresh.values()];
  for (const { row, col } of cells) sheet.getRange(row + 1, col + 1).setValue('');
  if (cells.length) flush(); // Sheets must see the cell empty, or it will not recalculate it
  for (const { row, col, formula } of cells) sheet.getRange(row + 1, col + 1).setValue(formula);
  return cells.length;
}
