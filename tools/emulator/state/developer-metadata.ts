// Developer metadata of one spreadsheet. ROW and COLUMN items are tied to their row or column: they move
// when rows or columns are inserted before them and are deleted with it (Sheets API reference,
// spreadsheets.developerMetadata). A sort moves values, not rows, so it leaves them where they are.
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

/** Kept by id in creation order (a Map), so that looking up or removing one item does not scan them all. */
export class MetadataTable {
  private records = new Map<number, MetadataRecord>();
  private nextId = 1;

  add(fields: NewMetadata): MetadataRecord {
    const record = { id: this.nextId++, ...fields };
    this.records.set(record.id, record);
    return record;
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
}
