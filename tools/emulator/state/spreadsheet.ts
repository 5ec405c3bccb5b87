// The in-memory spreadsheet: its sheets, locale, time zone, owner and developer metadata.
import { MetadataTable } from './developer-metadata';
import { SheetModel } from './sheet';

export { type Cell, type CellValue, isEmpty, rawCell } from './cell';
export { SheetModel, type Slot } from './sheet';

export interface SpreadsheetInit {
  id: string;
  name: string;
  locale: string;
  timeZone: string;
  owner: string;
  sharedDrive: boolean;
}

export class SpreadsheetModel {
  readonly sheets: SheetModel[] = [];
  readonly metadata = new MetadataTable();
  readonly id: string;
  name: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly owner: string;
  readonly sharedDrive: boolean;
  private nextSheetId = 0;

  constructor(init: SpreadsheetInit) {
    this.id = init.id;
    this.name = init.name;
    this.locale = init.locale;
    this.timeZone = init.timeZone;
    this.owner = init.owner;
    this.sharedDrive = init.sharedDrive;
  }

  addSheet(name: string): SheetModel {
    const id = this.nextSheetId;
    const sheet = new SheetModel(
      id,
      name,
      (dim, at, delta) => this.metadata.shift(id, dim, at, delta),
      (to) => this.metadata.moveRows(id, to),
    );
    this.nextSheetId = this.nextSheetId === 0 ? 1_000_001 : this.nextSheetId + 7919;
    this.sheets.push(sheet);
    return sheet;
  }

  /** A tab deleted by a person; its id is never given to another tab. */
  deleteSheet(name: string): void {
    const sheet = this.byName(name);
    if (!sheet) throw new Error(`There is no sheet named ${name}`);
    if (this.sheets.length === 1) throw new Error('A spreadsheet must keep at least one sheet.');
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    this.metadata.dropSheet(sheet.id);
  }

  byName(name: string): SheetModel | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  byId(id: number): SheetModel | undefined {
    return this.sheets.find((s) => s.id === id);
  }
}
