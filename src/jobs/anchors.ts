// Where a job's cells are, whatever people did between two steps. Sheets keeps developer metadata on a
// whole row or column "associated at those locations as they move around": a row inserted above moves
// it down with its row, and "if the associated object is deleted then its metadata is deleted too"
// (Sheets API, spreadsheets.developerMetadata). Whether a sort moves it is not established, so nothing
// here counts on that. A job marks, with one key of its own:
//   - its input and output columns (COLUMN items, values `in` and `out`): a column inserted before them
//     moves them, a deleted output column takes its item along (the job stops, writing nothing);
//   - each of its rows (a ROW item whose value is the row's index in the job, base 36);
//   - rows someone inserted among its rows, once it sees them (value `-`), so that from then on every
//     row between the first and the last marked row carries exactly one marker.
// At every step one finder call lists the items. When their number and the rows of the first and last
// marked rows say nothing moved but a shift (rows inserted or deleted above), the runs are shifted and
// no item is read. Anything else (rows inserted or deleted among the job's rows) rebuilds the runs from
// every item's row and value. The tab is found by its id, so a rename changes nothing.
import type { Markers, SheetPort, TabInfo } from '../platform/ports';
import { pairsOf, rowOf, runsFrom, shiftRuns, spanOf, type Run } from './layout';

const KEY_PREFIX = 'gpt.job.';
const INSERTED = '-';
/** Rows marked per call batch at most, between looks at the clock. */
const MARK_BATCH = 200;
/**
 * The first batch of a call is this small; the next ones are as many rows as the time left allows at
 * the pace measured so far (a marker can cost half a second: 200 of them would overrun any budget).
 */
const FIRST_MARK_BATCH = 8;

export interface Anchor {
  key: string;
  sheetId: number;
  inputId: number;
  outputId: number;
  input: number;
  output: number;
  /** The ROW items of the topmost and bottommost marked rows of the job, and those rows. */
  topId: number;
  bottomId: number;
  top: number;
  bottom: number;
  /** Items with the key on the tab: the job's rows, rows inserted among them, the two columns. */
  markers: number;
  /**
   * Indices 0..marked-1 and the last index carry markers. A large job is marked over several steps;
   * meanwhile the unmarked rows lie between the last marked one (lastId, at row `last`) and the bottom.
   */
  marked: number;
  lastId?: number;
  last?: number;
  runs: Run[];
  /** Set once the job is over and its markers are gone. */
  cleared?: boolean;
}

export type Placement =
  | { found: false; reason: 'sheet' | 'input' | 'output' | 'unmarked'; first?: number; last?: number }
  | {
      found: true;
      anchor: Anchor;
      tab: TabInfo;
      /** Indices whose rows were deleted since the last look. */
      deleted: number[];
      /** Rows found inserted among the job's rows since the last look. */
      inserted: number;
      /** Whether the job's rows or columns are somewhere else now. */
      moved: boolean;
    };

export function markerKey(jobId: string): string {
  return `${KEY_PREFIX}${jobId}`;
}

export function isMarking(anchor: Anchor, rows: number): boolean {
  return anchor.marked < rows - 1;
}

/** Whether the row of this index carries its marker already. */
export function isMarked(anchor: Anchor, rows: number, index: number): boolean {
  return index < anchor.marked || index === rows - 1;
}

interface NewAnchor {
  jobId: string;
  tab: number;
  input: number;
  output: number;
  firstRow: number;
  rows: number;
}

/**
 * Marks the columns, the first and the last row, then as many rows as time allows (markMore).
 * `disturbed`: the inputs moved while they were being marked (someone inserted, deleted or sorted
 * rows meanwhile), so some markers may sit on the wrong rows.
 */
export function anchorJob(
  spec: NewAnchor,
  sheets: SheetPort,
  now: () => number,
  until: number,
): { anchor: Anchor; disturbed: boolean } {
  const key = markerKey(spec.jobId);
  const { tab, firstRow, rows } = spec;
  const lastRow = firstRow + rows - 1;
  const before = sheets.readColumn(tab, spec.input, firstRow, lastRow);
  const inputId = sheets.markColumn(tab, key, spec.input, 'in');
  const outputId = sheets.markColumn(tab, key, spec.output, 'out');
  const edges = [{ row: firstRow, value: '0' }];
  if (rows > 1) edges.push({ row: lastRow, value: (rows - 1).toString(36) });
  sheets.markRows(tab, key, edges);
  const topId = sheets.markerAt(tab, key, firstRow) as number;
  const bottomId = rows > 1 ? (sheets.markerAt(tab, key, lastRow) as number) : topId;
  const anchor: Anchor = {
    key,
    sheetId: tab,
    inputId,
    outputId,
    input: spec.input,
    output: spec.output,
    topId,
    bottomId,
    top: firstRow,
    bottom: lastRow,
    markers: 2 + edges.length,
    marked: 1,
    lastId: topId,
    last: firstRow,
    runs: [[0, firstRow, rows]],
  };
  const steady = markMore(anchor, rows, sheets, now, until);
  const after = sheets.readColumn(tab, spec.input, firstRow, lastRow);
  return { anchor, disturbed: !steady || !sameValues(before, after) };
}

function sameValues(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => String(v) === String(b[i]));
}

/**
 * Marks further rows, in order, until all are marked or `until` has passed; positions must be current.
 * Returns false when the inputs of a batch changed while it was being marked.
 */
export function markMore(
  anchor: Anchor,
  rows: number,
  sheets: SheetPort,
  now: () => number,
  until: number,
): boolean {
  let steady = true;
  let size = FIRST_MARK_BATCH;
  while (isMarking(anchor, rows) && now() < until) {
    const started = now();
    const end = Math.min(anchor.marked + size, rows - 1);
    const entries: Array<{ row: number; value: string }> = [];
    for (let i = anchor.marked; i < end; i++)
      entries.push({ row: rowOf(anchor.runs, i) as number, value: i.toString(36) });
    const first = entries[0].row;
    const last = entries[entries.length - 1].row;
    const before = sheets.readColumn(anchor.sheetId, anchor.input, first, last);
    sheets.markRows(anchor.sheetId, anchor.key, entries);
    anchor.marked = end;
    anchor.markers += entries.length;
    anchor.lastId = sheets.markerAt(anchor.sheetId, anchor.key, last) as number;
    anchor.last = last;
    if (!sameValues(before, sheets.readColumn(anchor.sheetId, anchor.input, first, last))) steady = false;
    const perRow = Math.max(0.01, (now() - started) / entries.length);
    size = Math.max(1, Math.min(MARK_BATCH, Math.floor((until - now()) / perRow)));
  }
  if (!isMarking(anchor, rows)) {
    delete anchor.lastId;
    delete anchor.last;
  }
  return steady;
}

/** Finds the job's cells again. `alive(i)`: the row of index i was not known to be deleted. */
export function locate(
  anchor: Anchor,
  rows: number,
  alive: (index: number) => boolean,
  sheets: SheetPort,
): Placement {
  const tab = sheets.tabById(anchor.sheetId);
  if (!tab) return { found: false, reason: 'sheet' };
  const markers = sheets.findMarkers(tab.id, anchor.key);
  const ids = new Set(markers.ids);
  if (!ids.has(anchor.outputId)) return { found: false, reason: 'output' };
  if (!ids.has(anchor.inputId)) return { found: false, reason: 'input' };
  const input = markers.column(anchor.inputId) as number;
  const output = markers.column(anchor.outputId) as number;
  const columnsMoved = input !== anchor.input || output !== anchor.output;
  const shifted = shiftOf(anchor, rows, markers, ids);
  if (shifted !== null) {
    const next: Anchor = {
      ...anchor,
      input,
      output,
      top: anchor.top + shifted,
      bottom: anchor.bottom + shifted,
    };
    if (shifted) next.runs = shiftRuns(anchor.runs, shifted);
    if (shifted && next.last !== undefined) next.last += shifted;
    return { found: true, anchor: next, tab, deleted: [], inserted: 0, moved: shifted !== 0 || columnsMoved };
  }
  return rebuild(anchor, rows, alive, sheets, tab, markers, input, output);
}

/**
 * How far every marked row moved when nothing but rows above the job changed: the same number of items,
 * and the first, last (and last marked) rows moved alike. Null when anything else happened.
 */
function shiftOf(anchor: Anchor, rows: number, markers: Markers, ids: Set<number>): number | null {
  if (markers.ids.length !== anchor.markers) return null;
  const known = isMarking(anchor, rows) ? [anchor.topId, anchor.bottomId, anchor.lastId as number] : [];
  if (![anchor.topId, anchor.bottomId, ...known].every((id) => ids.has(id))) return null;
  const by = (markers.row(anchor.topId) as number) - anchor.top;
  if ((markers.row(anchor.bottomId) as number) - anchor.bottom !== by) return null;
  if (
    isMarking(anchor, rows) &&
    (markers.row(anchor.lastId as number) as number) - (anchor.last as number) !== by
  )
    return null;
  return by;
}

interface Item {
  id: number;
  row: number;
}

function rebuild(
  anchor: Anchor,
  rows: number,
  alive: (index: number) => boolean,
  sheets: SheetPort,
  tab: TabInfo,
  markers: Markers,
  input: number,
  output: number,
): Placement {
  const byIndex = new Map<number, Item>();
  const insertedRows = new Set<number>();
  for (const id of markers.ids) {
    if (id === anchor.inputId || id === anchor.outputId) continue;
    const row = markers.row(id);
    const value = markers.value(id);
    if (row === null || value === null) continue;
    if (value === INSERTED) insertedRows.add(row);
    else {
      const index = parseInt(value, 36);
      if (Number.isInteger(index) && index >= 0 && index < rows) byIndex.set(index, { id, row });
    }
  }
  const marking = isMarking(anchor, rows);
  const pairs: Array<[number, number]> = [...byIndex].map(([index, item]) => [index, item.row]);
  const next: Anchor = { ...anchor, input, output };
  if (marking) {
    // The unmarked rows cannot be told from rows someone added among them: only if they still lie,
    // as many as before, between the last marked row and the bottom one, are they still the job's.
    const last = byIndex.get(anchor.marked - 1);
    const bottom = byIndex.get(rows - 1);
    const expected = anchor.bottom - (anchor.last as number);
    if (!last || !bottom || bottom.row - last.row !== expected) {
      return {
        found: false,
        reason: 'unmarked',
        first: (anchor.last as number) + 1,
        last: anchor.bottom - 1,
      };
    }
    for (let i = anchor.marked; i < rows - 1; i++) pairs.push([i, last.row + 1 + i - anchor.marked]);
    next.lastId = last.id;
    next.last = last.row;
  }
  const deleted: number[] = [];
  for (let i = 0; i < rows; i++)
    if (isMarked(anchor, rows, i) && alive(i) && !byIndex.has(i)) deleted.push(i);
  next.runs = runsFrom(pairs);
  const moved = pairsOf(next.runs).some(([i, row]) => rowOf(anchor.runs, i) !== row) || deleted.length > 0;
  const span = spanOf(next.runs);
  if (!span)
    return {
      found: true,
      anchor: { ...next, markers: markers.ids.length },
      tab,
      deleted,
      inserted: 0,
      moved,
    };
  const occupied = new Set([...pairs.map(([, row]) => row), ...insertedRows]);
  const unmarked: number[] = [];
  for (let row = span[0]; row <= span[1]; row++) if (!occupied.has(row)) unmarked.push(row);
  if (unmarked.length)
    sheets.markRows(
      tab.id,
      anchor.key,
      unmarked.map((row) => ({ row, value: INSERTED })),
    );
  const items = [...byIndex.values()];
  const topItem = items.reduce((a, b) => (b.row < a.row ? b : a));
  const bottomItem = marking
    ? (byIndex.get(rows - 1) as Item)
    : items.reduce((a, b) => (b.row > a.row ? b : a));
  next.top = topItem.row;
  next.topId = topItem.id;
  next.bottom = bottomItem.row;
  next.bottomId = bottomItem.id;
  next.markers = markers.ids.length + unmarked.length;
  return {
    found: true,
    anchor: next,
    tab,
    deleted,
    inserted: unmarked.length,
    moved: moved || unmarked.length > 0,
  };
}

/** Removes the job's markers while `more()` says so; returns how many are left (0 once the tab is gone). */
export function unmark(anchor: Anchor, sheets: SheetPort, more: () => boolean = () => true): number {
  if (!sheets.tabById(anchor.sheetId)) return 0;
  return sheets.removeMarkers(anchor.sheetId, anchor.key, more);
}

/** A `more()` that says yes this many times. */
export function upTo(limit: number): () => boolean {
  let left = limit;
  return () => left-- > 0;
}
