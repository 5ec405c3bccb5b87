// Developer metadata on the spreadsheet, a sheet, a whole row or a whole column; finders; the items
// themselves. Locations follow the Sheets API rules (state/developer-metadata.ts, README).
import { columnLetters } from '../a1';
import type { Execution, HandlerTable } from '../execution';
import { type FacadeMarker, facade, isFacadeMarker } from '../protocol';
import type { LocationType, MetadataRecord, NewMetadata, Visibility } from '../state/developer-metadata';
import type { SheetModel, SpreadsheetModel } from '../state/spreadsheet';
import type { DeveloperMetadataInfo } from '../types';
import { num, optStr, str } from './args';
import {
  type RangeHandle,
  type SheetRef,
  type SpreadsheetRefs,
  rangeFacade,
  sheetFacade,
  spreadsheetFacade,
} from './spreadsheet-refs';

export const ARBITRARY_RANGE =
  'Adding developer metadata to arbitrary ranges is not currently supported. Developer metadata may only be added to the top-level spreadsheet, an individual sheet, or an entire row or column.';
const GONE = 'Requested entity was not found.';
const LOCATION_TYPES: LocationType[] = ['SPREADSHEET', 'SHEET', 'ROW', 'COLUMN'];
const VISIBILITIES: Visibility[] = ['DOCUMENT', 'PROJECT'];

interface MetadataHandle {
  ss: string;
  id: number;
}

/** What the worker's DeveloperMetadataFinder collected before find(). */
interface FinderSpec {
  scope: { type: 'Spreadsheet' | 'Sheet' | 'Range'; handle: unknown };
  key?: string;
  value?: string;
  id?: number;
  locationType?: unknown;
  visibility?: unknown;
  intersecting?: boolean;
}

export function enumMarker(enumName: string, key: string): FacadeMarker {
  return facade('Enum', `${enumName}.${key}`);
}

/** An enum member passed by the bundle (or its name as a string). */
export function enumKey<T extends string>(
  value: unknown,
  enumName: string,
  keys: readonly T[],
): T | undefined {
  const text = isFacadeMarker(value) && value.$facade === 'Enum' ? String(value.handle) : undefined;
  const key = text?.startsWith(`${enumName}.`)
    ? text.slice(enumName.length + 1)
    : typeof value === 'string'
      ? value
      : undefined;
  return keys.find((k) => k === key);
}

export function developerMetadataHandlers(refs: SpreadsheetRefs): HandlerTable {
  const item = (exec: Execution, h: unknown) => {
    const { ss: id, id: mdId } = h as MetadataHandle;
    const ss = refs.spreadsheet(exec, id);
    const record = ss.metadata.byId(mdId);
    if (!record) throw new Error(GONE);
    return { ss, record };
  };
  const same = (exec: Execution, h: unknown) => {
    const { ss, record } = item(exec, h);
    return metadataFacade(ss, record);
  };
  return {
    'SpreadsheetApp.Spreadsheet.addDeveloperMetadata': (exec, [h, ...args]) => {
      const ss = refs.spreadsheet(exec, h);
      ss.metadata.add({ ...newItem(args), type: 'SPREADSHEET' });
      return spreadsheetFacade(ss);
    },
    'SpreadsheetApp.Sheet.addDeveloperMetadata': (_e, [h, ...args]) => {
      const { ss, sheet } = refs.sheet(h);
      ss.metadata.add({ ...newItem(args), type: 'SHEET', sheetId: sheet.id });
      return sheetFacade(ss, sheet);
    },
    'SpreadsheetApp.Range.addDeveloperMetadata': (_e, [h, ...args]) => {
      const ref = refs.sheet(h);
      const range = h as RangeHandle;
      ref.ss.metadata.add({ ...newItem(args), ...dimensionOf(ref.sheet, range) });
      return rangeFacade(ref.ss, ref.sheet, range, range.whole);
    },
    'SpreadsheetApp.Spreadsheet.getDeveloperMetadata': (exec, [h]) => {
      const ss = refs.spreadsheet(exec, h);
      return listed(ss, (r) => r.type === 'SPREADSHEET');
    },
    'SpreadsheetApp.Sheet.getDeveloperMetadata': (_e, [h]) => {
      const { ss, sheet } = refs.sheet(h);
      return listed(ss, (r) => r.type === 'SHEET' && r.sheetId === sheet.id);
    },
    'SpreadsheetApp.Range.getDeveloperMetadata': (_e, [h]) => {
      const ref = refs.sheet(h);
      return listed(ref.ss, (r) => inRange(r, ref, h as RangeHandle, false));
    },
    'SpreadsheetApp.DeveloperMetadataFinder.find': (exec, [, spec]) => find(refs, exec, spec as FinderSpec),
    'SpreadsheetApp.DeveloperMetadata.getKey': (exec, [h]) => item(exec, h).record.key,
    'SpreadsheetApp.DeveloperMetadata.getValue': (exec, [h]) => item(exec, h).record.value,
    'SpreadsheetApp.DeveloperMetadata.getVisibility': (exec, [h]) =>
      enumMarker('DeveloperMetadataVisibility', item(exec, h).record.visibility),
    'SpreadsheetApp.DeveloperMetadata.getLocation': (exec, [h]) => {
      const { ss, record } = item(exec, h);
      return facade('DeveloperMetadataLocation', null, locationData(ss, record));
    },
    'SpreadsheetApp.DeveloperMetadata.setKey': (exec, [h, key]) => {
      const { ss, record } = item(exec, h);
      ss.metadata.change(record, { key: str(key, 'key') });
      return same(exec, h);
    },
    'SpreadsheetApp.DeveloperMetadata.setValue': (exec, [h, value]) => {
      const { ss, record } = item(exec, h);
      ss.metadata.change(record, { value: str(value, 'value') });
      return same(exec, h);
    },
    'SpreadsheetApp.DeveloperMetadata.setVisibility': (exec, [h, visibility]) => {
      const key = enumKey(visibility, 'DeveloperMetadataVisibility', VISIBILITIES);
      if (!key) throw new Error('Invalid argument: visibility');
      item(exec, h).record.visibility = key;
      return same(exec, h);
    },
    'SpreadsheetApp.DeveloperMetadata.remove': (exec, [h]) => {
      const { ss, record } = item(exec, h);
      ss.metadata.remove(record.id);
      return null;
    },
  };
}

/** (key), (key, value), (key, visibility) or (key, value, visibility); DOCUMENT by default. */
function newItem(args: unknown[]): Omit<NewMetadata, 'type'> {
  const key = str(args[0], 'key');
  const second = enumKey(args[1], 'DeveloperMetadataVisibility', VISIBILITIES);
  const asVisibility = args.length === 2 && isFacadeMarker(args[1]) && second !== undefined;
  const visibility =
    args.length >= 3 ? enumKey(args[2], 'DeveloperMetadataVisibility', VISIBILITIES) : undefined;
  if (args.length >= 3 && !visibility) throw new Error('Invalid argument: visibility');
  return {
    key,
    value: asVisibility ? null : (optStr(args[1]) ?? null),
    visibility: (asVisibility ? second : visibility) ?? 'DOCUMENT',
  };
}

/** Only one whole row or one whole column can hold metadata (more rows or columns: not established). */
function dimensionOf(sheet: SheetModel, range: RangeHandle): Pick<NewMetadata, 'type' | 'sheetId' | 'index'> {
  const allColumns = range.col === 1 && range.numCols >= sheet.maxCols;
  const allRows = range.row === 1 && range.numRows >= sheet.maxRows;
  if (range.numRows === 1 && allColumns) return { type: 'ROW', sheetId: sheet.id, index: range.row };
  if (range.numCols === 1 && allRows) return { type: 'COLUMN', sheetId: sheet.id, index: range.col };
  throw new Error(ARBITRARY_RANGE);
}

/**
 * Metadata is in the scope of a range only if its row or column lies wholly inside the range; with
 * onIntersectingLocations() a row or column crossing the range counts too.
 */
function inRange(r: MetadataRecord, { sheet }: SheetRef, range: RangeHandle, intersecting: boolean): boolean {
  if (r.sheetId !== sheet.id || r.index === undefined) return false;
  const rows = r.index >= range.row && r.index < range.row + range.numRows;
  const cols = r.index >= range.col && r.index < range.col + range.numCols;
  if (r.type === 'ROW') return rows && (intersecting || (range.col === 1 && range.numCols >= sheet.maxCols));
  if (r.type === 'COLUMN')
    return cols && (intersecting || (range.row === 1 && range.numRows >= sheet.maxRows));
  return false;
}

function find(refs: SpreadsheetRefs, exec: Execution, spec: FinderSpec): unknown[] {
  const { type, handle } = spec.scope;
  const ref = type === 'Spreadsheet' ? undefined : refs.sheet(handle);
  const ss = ref?.ss ?? refs.spreadsheet(exec, handle);
  const inScope = (r: MetadataRecord) => {
    if (!ref) return true;
    if (type === 'Sheet') return r.sheetId === ref.sheet.id;
    return inRange(r, ref, handle as RangeHandle, spec.intersecting === true);
  };
  const locationType = optionalEnum(spec.locationType, 'DeveloperMetadataLocationType', LOCATION_TYPES);
  const visibility = optionalEnum(spec.visibility, 'DeveloperMetadataVisibility', VISIBILITIES);
  const id = spec.id === undefined ? undefined : num(spec.id, 'id');
  return listed(
    ss,
    (r) =>
      inScope(r) &&
      (spec.key === undefined || r.key === spec.key) &&
      (spec.value === undefined || r.value === spec.value) &&
      (id === undefined || r.id === id) &&
      (locationType === undefined || r.type === locationType) &&
      (visibility === undefined || r.visibility === visibility),
  );
}

/** A finder filter: undefined when not set; an unknown member throws. */
function optionalEnum<T extends string>(value: unknown, enumName: string, keys: readonly T[]): T | undefined {
  if (value === undefined || value === null) return undefined;
  const key = enumKey(value, enumName, keys);
  if (!key) throw new Error(`Invalid argument: ${enumName}`);
  return key;
}

function listed(ss: SpreadsheetModel, keep: (r: MetadataRecord) => boolean): unknown[] {
  return ss.metadata
    .all()
    .filter(keep)
    .map((r) => metadataFacade(ss, r));
}

function metadataFacade(ss: SpreadsheetModel, record: MetadataRecord): unknown {
  const handle: MetadataHandle = { ss: ss.id, id: record.id };
  return facade('DeveloperMetadata', handle, { id: record.id });
}

/** A snapshot of where the item is now: the Range of its whole row or column, its sheet. */
function locationData(ss: SpreadsheetModel, r: MetadataRecord): Record<string, unknown> {
  const sheet = r.sheetId === undefined ? undefined : ss.byId(r.sheetId);
  const data: Record<string, unknown> = {
    type: enumMarker('DeveloperMetadataLocationType', r.type),
    spreadsheet: spreadsheetFacade(ss),
    sheet: sheet ? sheetFacade(ss, sheet) : null,
    row: null,
    column: null,
  };
  if (sheet && r.type === 'ROW' && r.index !== undefined) {
    data.row = rangeFacade(ss, sheet, { row: r.index, col: 1, numRows: 1, numCols: sheet.maxCols }, 'rows');
  }
  if (sheet && r.type === 'COLUMN' && r.index !== undefined) {
    data.column = rangeFacade(
      ss,
      sheet,
      { row: 1, col: r.index, numRows: sheet.maxRows, numCols: 1 },
      'columns',
    );
  }
  return data;
}

/** For tests: where each item is now. */
export function describeMetadata(ss: SpreadsheetModel, r: MetadataRecord): DeveloperMetadataInfo {
  const sheet = r.sheetId === undefined ? undefined : ss.byId(r.sheetId);
  return {
    id: r.id,
    key: r.key,
    value: r.value,
    visibility: r.visibility,
    locationType: r.type,
    ...(sheet ? { sheet: sheet.name } : {}),
    ...(r.type === 'ROW' ? { row: r.index } : {}),
    ...(r.type === 'COLUMN' && r.index !== undefined ? { column: columnLetters(r.index) } : {}),
  };
}
