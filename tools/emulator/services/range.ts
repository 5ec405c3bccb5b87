// Range handlers: values, display values, formulas and number formats.
import type { GridRange } from '../a1';
import { copyDate, isDate } from '../dates';
import type { HandlerTable } from '../execution';
import { facade } from '../protocol';
import { DEFAULT_NUMBER_FORMAT, displayText } from '../number-format';
import type { Cell, Slot } from '../state/spreadsheet';
import { CELL_CHARS } from '../state/cell';
import { enteredCell } from '../typed-input';
import { list, str } from './args';
import {
  type RangeHandle,
  type SheetRef,
  type SpreadsheetRefs,
  entryContext,
  rangeFacade,
} from './spreadsheet-refs';

export function rangeHandlers(refs: SpreadsheetRefs): HandlerTable {
  const at = (h: unknown) => ({ ...refs.sheet(h), range: h as RangeHandle });
  const self = (h: unknown) => {
    const { ss, sheet, range } = at(h);
    return rangeFacade(ss, sheet, range, range.whole);
  };
  const first = (h: unknown) => ({ ...(h as RangeHandle), numRows: 1, numCols: 1 });
  return {
    'SpreadsheetApp.Range.getValues': (_e, [h]) => values(at(h), h as RangeHandle),
    'SpreadsheetApp.Range.getValue': (_e, [h]) => values(at(h), first(h))[0][0],
    'SpreadsheetApp.Range.getDisplayValues': (_e, [h]) => displayValues(at(h), h as RangeHandle),
    'SpreadsheetApp.Range.getDisplayValue': (_e, [h]) => displayValues(at(h), first(h))[0][0],
    'SpreadsheetApp.Range.getFormulas': (_e, [h]) =>
      at(h).sheet.map(h as RangeHandle, (c) => c?.formula ?? ''),
    'SpreadsheetApp.Range.getFormula': (_e, [h]) => at(h).sheet.map(first(h), (c) => c?.formula ?? '')[0][0],
    'SpreadsheetApp.Range.getNumberFormats': (_e, [h]) => at(h).sheet.map(h as RangeHandle, numberFormat),
    'SpreadsheetApp.Range.getNumberFormat': (_e, [h]) => at(h).sheet.map(first(h), numberFormat)[0][0],
    'SpreadsheetApp.Range.setValues': (_e, [h, data]) => {
      const ref = at(h);
      const rows = checkShape(list(data, 'values'), ref.range) as unknown[][];
      rows.forEach((row) => row.forEach(checkCellLength));
      writeCells(ref, ref.range, (r, c, row, col) =>
        enteredCell(rows[r][c], entryContext(ref.ss, ref.sheet, row, col)),
      );
      return self(h);
    },
    'SpreadsheetApp.Range.setValue': (_e, [h, value]) => {
      const ref = at(h);
      checkCellLength(value);
      writeCells(ref, ref.range, (_r, _c, row, col) =>
        enteredCell(value, entryContext(ref.ss, ref.sheet, row, col)),
      );
      return self(h);
    },
    'SpreadsheetApp.Range.clearContent': (_e, [h]) => {
      const ref = at(h);
      writeCells(ref, ref.range, () => undefined);
      return self(h);
    },
    'SpreadsheetApp.Range.setNumberFormat': (_e, [h, format]) => {
      const ref = at(h);
      const text = str(format, 'numberFormat');
      forEachCell(ref.range, (row, col) => ref.sheet.setFormat(row, col, text));
      return self(h);
    },
    // A RangeList: one call for many ranges of one sheet (Sheet.getRangeList).
    'SpreadsheetApp.RangeList.setValue': (_e, [h, value]) => {
      const { ranges } = h as { ranges: GridRange[] };
      const ref = refs.sheet(h);
      for (const range of ranges)
        writeCells(ref, range, (_r, _c, row, col) =>
          enteredCell(value, entryContext(ref.ss, ref.sheet, row, col)),
        );
      return facade('RangeList', h);
    },
    'SpreadsheetApp.RangeList.setNumberFormat': (_e, [h, format]) => {
      const { ranges } = h as { ranges: GridRange[] };
      const ref = refs.sheet(h);
      const text = str(format, 'numberFormat');
      for (const range of ranges) forEachCell(range, (row, col) => ref.sheet.setFormat(row, col, text));
      return facade('RangeList', h);
    },
    'SpreadsheetApp.Range.setNumberFormats': (_e, [h, formats]) => {
      const ref = at(h);
      const rows = checkShape(list(formats, 'numberFormats'), ref.range) as unknown[][];
      forEachCell(ref.range, (row, col, r, c) =>
        ref.sheet.setFormat(row, col, str(rows[r][c], 'numberFormats')),
      );
      return self(h);
    },
  };
}

/** A string over the cell limit is refused before anything is written (the whole call fails). */
function checkCellLength(value: unknown): void {
  if (typeof value === 'string' && value.length > CELL_CHARS)
    throw new Error(
      `Your input contains more than the maximum of ${CELL_CHARS} characters in a single cell.`,
    );
}

function values({ sheet }: SheetRef, range: GridRange): unknown[][] {
  return sheet.map(range, (cell) => {
    const value = cell ? cell.value : '';
    return isDate(value) ? copyDate(value) : value;
  });
}

function displayValues({ ss, sheet }: SheetRef, range: GridRange): string[][] {
  return sheet.map(range, (cell, slot) => displayText(cell, slot?.format, ss));
}

function numberFormat(cell: Cell | undefined, slot: Slot | undefined): string {
  return slot?.format ?? cell?.autoFormat ?? DEFAULT_NUMBER_FORMAT;
}

function forEachCell(range: GridRange, fn: (row: number, col: number, r: number, c: number) => void): void {
  for (let r = 0; r < range.numRows; r++)
    for (let c = 0; c < range.numCols; c++) fn(range.row + r, range.col + c, r, c);
}

function writeCells(
  { sheet }: SheetRef,
  range: GridRange,
  cellAt: (r: number, c: number, row: number, col: number) => Cell | undefined,
): void {
  forEachCell(range, (row, col, r, c) => {
    sheet.setCell(row, col, cellAt(r, c, row, col));
    sheet.countWrite(row, col);
  });
}

function checkShape(values: unknown[], range: GridRange): unknown[] {
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
  return values;
}
