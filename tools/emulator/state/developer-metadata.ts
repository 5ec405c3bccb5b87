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

export class MetadataTable {
  private records: MetadataRecord[] = [];
  private nextId = 1;

  add(fields: NewMetadata): MetadataRecord {
    const record = { id: this.nextId++, ...fields };
    this.records.push(record);
    return record;
  }

  all(): MetadataRecord[] {
    return [...this.records];
  }

  byId(id: number): MetadataRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  remove(id: number): void {
    this.records = this.records.filter((r) => r.id !== id);
  }

  /** A sheet deleted: everything located on it goes too ("If the associated object is deleted then its metadata is deleted too"). */
  dropSheet(sheetId: number): void {
    this.records = this.records.filter((r) => r.sheetId !== sheetId);
  }

  /** Rows or columns inserted (delta > 0) or deleted (delta < 0) at `at` on sheet `sheetId`. */
  shift(sheetId: number, dimension: Dimension, at: number, delta: number): void {
    const end = delta < 0 ? at - delta : at; // first index that moves
    const kept: MetadataRecord[] = [];
    for (const r of this.records) {
      const index = r.type === dimension && r.sheetId === sheetId ? r.index : undefined;
      if (index !== undefined && index >= at && index < end) continue; // deleted with its row or column
      if (index !== undefined && index >= end) r.index = index + delta;
      kept.push(r);
    }
    this.records = kept;
  }
}
