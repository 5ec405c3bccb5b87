// Developer metadata of one spreadsheet. ROW and COLUMN items are tied to their row or column: they move
// when rows or columns are inserted before them and are deleted with it (Sheets API reference,
// spreadsheets.developerMetadata), and a ROW item moves with its row when a range is sorted or rows
// are moved. Keys and values are limited to 30,000 characters per sheet and 30,000 for the spreadsheet
// (Sheets API guide "Read, write, and search metadata", Metadata storage limits).
import type { Dimension } from './sheet';

export type LocationType = 'SPREADSHEET' | 'SHEET' | Dimension;
export type Visibility = 'DOCUMENT' | 'PROJECT';

export interface MetadataRecord {
  id: number;
  key: string;
  value: string | null;
  visibility: Visibility;
  type: LocationType;
  /** For SHEET, ROW and COLUMN locations. */
  sheetId?: number;
  /** Row or column number of a ROW or COLUMN location. */
  index?: number;
}

export type NewMetadata = Omit<MetadataRecord, 'id'>;

/** Characters of keys and values a sheet, and the spreadsheet itself, may hold. */
export const METADATA_CHARS_PER_SHEET = 30_000;
export const METADATA_CHARS_PER_SPREADSHEET = 30_000;

/**
 * The platform's exception text at the limit is not published (README, Developer metadata): this
 * wording is the emulator's own, and says which limit and how far past it.
 */
export function metadataLimitMessage(where: 'sheet' | 'spreadsheet', chars: number): string {
  const limit = where === 'sheet' ? METADATA_CHARS_PER_SHEET : METADATA_CHARS_PER_SPREADSHEET;
  return (
    `Developer metadata storage limit exceeded: the ${where} would hold ${chars} characters of ` +
    `metadata keys and values (limit ${limit}).`
  );
}

const charsOf = (r: Pick<MetadataRecord, 'key' | 'value'>) => r.key.length + (r.value?.length ?? 0);

/** Kept by id in creation order (a Map), so that looking up or removing one item does not scan them all. */
export class MetadataTable {
  private records = new Map<number, MetadataRecord>();
  private nextId = 1;

  add(fields: NewMetadata): MetadataRecord {
    this.checkRoom(fields, charsOf(fields));
    const record = { id: this.nextId++, ...fields };
    this.records.set(record.id, record);
    return record;
  }

  /** A new key or value for an item, within the limits. */
  change(record: MetadataRecord, fields: Partial<Pick<MetadataRecord, 'key' | 'value'>>): void {
    const next = { ...record, ...fields };
    this.checkRoom(record, charsOf(next) - charsOf(record));
    Object.assign(record, fields);
  }

  /** Characters of keys and values on a sheet (its own items, its rows' and columns'), or the spreadsheet's. */
  charsUsed(sheetId: number | undefined): number {
    let n = 0;
    for (const r of this.records.values()) if (r.sheetId === sheetId) n += charsOf(r);
    return n;
  }

  private checkRoom(at: Pick<MetadataRecord, 'sheetId'>, growth: number): void {
    if (growth <= 0) return;
    const where = at.sheetId === undefined ? 'spreadsheet' : 'sheet';
    const limit = where === 'sheet' ? METADATA_CHARS_PER_SHEET : METADATA_CHARS_PER_SPREADSHEET;
    const after = this.charsUsed(at.sheetId) + growth;
    if (after > limit) throw new Error(metadataLimitMessage(where, after));
  }

  all(): MetadataRecord[] {
    return [...this.records.values()];
  }

  byId(id: number): MetadataRecord | undefined {
    return this.records.get(id);
  }

  remove(id: number): void {
    this.records.delete(id);
  }

  /** A sheet deleted: everything located on it goes too ("If the associated object is deleted then its metadata is deleted too"). */
  dropSheet(sheetId: number): void {
    for (const r of this.all()) if (r.sheetId === sheetId) this.records.delete(r.id);
  }

  /** Rows or columns inserted (delta > 0) or deleted (delta < 0) at `at` on sheet `sheetId`. */
  shift(sheetId: number, dimension: Dimension, at: number, delta: number): void {
    const end = delta < 0 ? at - delta : at; // first index that moves
    for (const r of this.all()) {
      const index = r.type === dimension && r.sheetId === sheetId ? r.index : undefined;
      if (index !== undefined && index >= at && index < end)
        this.records.delete(r.id); // deleted with its row or column
      else if (index !== undefined && index >= end) r.index = index + delta;
    }
  }

  /** Rows reordered (a sort, rows moved): `to(row)` is where the row now is. */
  moveRows(sheetId: number, to: (row: number) => number): void {
    for (const r of this.records.values())
      if (r.type === 'ROW' && r.sheetId === sheetId && r.index !== undefined) r.index = to(r.index);
  }
}
