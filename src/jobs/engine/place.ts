// Where a job's cells are, whatever people did between two looks, with at most four developer
// metadata items whatever the rows (Sheets keeps 30,000 characters of metadata per tab, and a row or
// column item "will remain associated at those locations as they move around"; Sheets API metadata
// guide):
//   - the input and output columns (COLUMN items `in` and `out`): a column inserted before them moves
//     them, a deleted output column takes its item along (the job stops, writing nothing);
//   - the row just above the job's first row and the row just below its last (ROW items `top` and
//     `end`, the fences): rows inserted or deleted above the job move both, rows inserted among the
//     job's rows move only the lower one, so the job's rows are always the rows between them. A sort
//     of the job's rows leaves them (it does not include them), and which row holds which text no
//     longer matters: answers are written next to their own text (scan.ts, write.ts).
// A fence deleted with its row is put back where the other fence says it was; an item the tab has no
// room for is done without: columns then stay where they were (guarded by their header cells) and the
// rows are kept by number. The tab is found by its id, so a rename changes nothing.
import type { SheetPort, TabInfo } from '../../platform/ports';
import type { Place } from '../store';

const KEY_PREFIX = 'gpt.j.';

export function placeKey(jobId: string): string {
  return `${KEY_PREFIX}${jobId}`;
}

export interface NewPlace {
  jobId: string;
  tab: number;
  input: number;
  output: number;
  firstRow: number;
  lastRow: number;
}

export type Located =
  | { found: false; reason: 'sheet' | 'input' | 'output' | 'fences' }
  | {
      found: true;
      place: Place;
      tab: TabInfo;
      /** Rows the job gained (inserted among its rows) or lost (deleted) since the last look. */
      inserted: number;
      deleted: number;
      /** Whether its rows or columns are somewhere else now. */
      moved: boolean;
    };

/** Adds an item; false when the platform refuses it (the tab's metadata is full, or no such row). */
function tryMark(mark: () => void): boolean {
  try {
    mark();
    return true;
  } catch {
    return false;
  }
}

/** Anchors a new job: its two columns and its two fences, each as the tab has room for. */
export function placeJob(spec: NewPlace, sheets: SheetPort): Place {
  const key = placeKey(spec.jobId);
  const place: Place = {
    key,
    sheetId: spec.tab,
    input: spec.input,
    output: spec.output,
    top: spec.firstRow,
    bottom: spec.lastRow,
  };
  let ids: number[] = [];
  const anchored = tryMark(() => {
    ids = [
      sheets.markColumn(spec.tab, key, spec.input, 'in'),
      sheets.markColumn(spec.tab, key, spec.output, 'out'),
    ];
  });
  if (anchored) [place.inputId, place.outputId] = ids;
  else {
    sheets.removeMarkers(spec.tab, key, () => true);
    if (spec.firstRow > 1) place.headers = headerTexts(sheets, place);
  }
  if (spec.lastRow >= sheets.maxRows(spec.tab)) place.open = true;
  fence(place, sheets);
  return place;
}

/** The header cells (the row above the job) of the input and output columns. */
function headerTexts(sheets: SheetPort, place: Place): [string, string] {
  const row = place.top - 1;
  return [
    String(sheets.readColumn(place.sheetId, place.input, row, row)[0] ?? ''),
    String(sheets.readColumn(place.sheetId, place.output, row, row)[0] ?? ''),
  ];
}

/** Puts back the fences the job lacks, where its rows are now (each only if the tab takes it). */
function fence(place: Place, sheets: SheetPort): void {
  if (place.legacyRows) return; // the previous release's row markers take the room until removed
  if (place.aboveId === undefined && place.top > 1) {
    const row = place.top - 1;
    if (tryMark(() => sheets.markRows(place.sheetId, place.key, [{ row, value: 'top' }])))
      place.aboveId = sheets.markerAt(place.sheetId, place.key, row) ?? undefined;
  }
  if (place.belowId === undefined && !place.open) {
    const row = place.bottom + 1;
    if (tryMark(() => sheets.markRows(place.sheetId, place.key, [{ row, value: 'end' }])))
      place.belowId = sheets.markerAt(place.sheetId, place.key, row) ?? undefined;
  }
}

/** Finds the job's cells again and brings `place` up to date. */
export function locate(place: Place, sheets: SheetPort): Located {
  const tab = sheets.tabById(place.sheetId);
  if (!tab) return { found: false, reason: 'sheet' };
  const next: Place = { ...place };
  const anchored = place.inputId !== undefined && place.outputId !== undefined;
  const fenced = place.aboveId !== undefined || place.belowId !== undefined;
  if (anchored || fenced) {
    const markers = sheets.findMarkers(tab.id, place.key);
    const ids = new Set(markers.ids);
    if (anchored) {
      if (!ids.has(place.outputId as number)) return { found: false, reason: 'output' };
      if (!ids.has(place.inputId as number)) return { found: false, reason: 'input' };
      next.input = markers.column(place.inputId as number) as number;
      next.output = markers.column(place.outputId as number) as number;
    }
    const above = place.aboveId !== undefined && ids.has(place.aboveId) ? markers.row(place.aboveId) : null;
    const below = place.belowId !== undefined && ids.has(place.belowId) ? markers.row(place.belowId) : null;
    if (above !== null) next.top = above + 1;
    if (below !== null) next.bottom = below - 1;
    // A fence deleted with its row: the job moved as the other fence did.
    if (above === null && below !== null) next.top = Math.max(1, place.top + (below - 1 - place.bottom));
    if (below === null && above !== null && place.belowId !== undefined)
      next.bottom = place.bottom + (above + 1 - place.top);
    if (place.aboveId !== undefined && above === null) delete next.aboveId;
    if (place.belowId !== undefined && below === null) delete next.belowId;
    if (next.bottom < next.top - 1) return { found: false, reason: 'fences' };
  }
  // A job to the tab's last row takes the rows added below it too.
  if (place.open) next.bottom = Math.max(next.bottom, sheets.lastRow(tab.id));
  fence(next, sheets);
  const before = place.bottom - place.top;
  const after = next.bottom - next.top;
  return {
    found: true,
    place: next,
    tab,
    inserted: place.open ? 0 : Math.max(0, after - before),
    deleted: place.open ? 0 : Math.max(0, before - after),
    moved: next.top !== place.top || next.input !== place.input || next.output !== place.output,
  };
}

/** Removes the job's items while `more()` says so; returns how many are left (0 once the tab is gone). */
export function unplace(
  place: Pick<Place, 'sheetId' | 'key'>,
  sheets: SheetPort,
  more: () => boolean = () => true,
  keep?: ReadonlySet<number>,
): number {
  if (!sheets.tabById(place.sheetId)) return 0;
  return sheets.removeMarkers(place.sheetId, place.key, more, keep);
}

/** A `more()` that says yes this many times. */
export function upTo(limit: number): () => boolean {
  let left = limit;
  return () => left-- > 0;
}
