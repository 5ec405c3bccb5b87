// Finding a job's cells again from its markers: the cheap look when nothing but a shift happened, the
// rebuild when rows were inserted or deleted among the job's rows, and the stops when cells are gone.
import { anchorJob, isMarking, locate, markMore, unmark, upTo, type Anchor } from '../../src/jobs/anchors';
import { rowOf, runsFrom, spanOf, contiguous, pairsOf, shiftRuns } from '../../src/jobs/layout';
import { fingerprint } from '../../src/jobs/fingerprints';
import { listJobs, readJob, recordChanges, type JobRecord } from '../../src/jobs/store';
import { FakeSheets } from '../support/fakes';

const ROWS = 10;

function setup(rows = ROWS, until = Infinity): { sheets: FakeSheets; anchor: Anchor } {
  const sheets = new FakeSheets(['Header', ...Array.from({ length: rows }, (_, i) => `text ${i}`)]);
  const { anchor, disturbed } = anchorJob(
    { jobId: 'j1', tab: sheets.id, input: 1, output: 2, firstRow: 2, rows },
    sheets,
    () => 0,
    until,
  );
  expect(disturbed).toBe(false);
  return { sheets, anchor };
}

function found(sheets: FakeSheets, anchor: Anchor, alive: (i: number) => boolean = () => true, rows = ROWS) {
  const placement = locate(anchor, rows, alive, sheets);
  if (!placement.found) throw new Error(`not found: ${placement.reason}`);
  return placement;
}

/** The row of every index, or null for a deleted one. */
function rowsOf(anchor: Anchor, rows = ROWS): Array<number | null> {
  return Array.from({ length: rows }, (_, i) => rowOf(anchor.runs, i));
}

describe('layout', () => {
  test('runs map indices to rows, merge neighbours and shift together', () => {
    const runs = runsFrom([
      [3, 9],
      [0, 2],
      [1, 3],
      [2, 8],
    ]);
    expect(runs).toEqual([
      [0, 2, 2],
      [2, 8, 2],
    ]);
    expect([0, 1, 2, 3, 4].map((i) => rowOf(runs, i))).toEqual([2, 3, 8, 9, null]);
    expect(spanOf(runs)).toEqual([2, 9]);
    expect(spanOf([])).toBeNull();
    expect(shiftRuns(runs, 3)).toEqual([
      [0, 5, 2],
      [2, 11, 2],
    ]);
    expect(pairsOf(runs)).toEqual([
      [0, 2],
      [1, 3],
      [2, 8],
      [3, 9],
    ]);
  });

  test('contiguous rows are grouped for one write each', () => {
    const writes = new Map([
      [5, 'b'],
      [4, 'a'],
      [9, 'c'],
    ]);
    expect(contiguous(writes)).toEqual([
      [4, ['a', 'b']],
      [9, ['c']],
    ]);
  });
});

describe('fingerprints', () => {
  test('two characters, the same for the same text, different for most edits', () => {
    expect(fingerprint('Great product')).toMatch(/^[A-Za-z0-9_-]{2}$/);
    expect(fingerprint('Great product')).toBe(fingerprint('Great product'));
    const texts = Array.from({ length: 500 }, (_, i) => `review number ${i}`);
    const distinct = new Set(texts.map(fingerprint));
    expect(distinct.size).toBeGreaterThan(450);
  });
});

describe('locating a job', () => {
  test('marks its two columns and every row, each row with its index', () => {
    const { sheets, anchor } = setup();
    expect(sheets.countMarkers(anchor.key)).toBe(ROWS + 2);
    expect(anchor).toMatchObject({ top: 2, bottom: 11, markers: ROWS + 2, input: 1, output: 2 });
    expect(isMarking(anchor, ROWS)).toBe(false);
  });

  test('nothing moved: one finder call and the rows of the first and last marker only', () => {
    const { sheets, anchor } = setup();
    sheets.itemReads = 0;
    const p = found(sheets, anchor);
    expect(p).toMatchObject({ moved: false, deleted: [], inserted: 0 });
    expect(rowsOf(p.anchor)).toEqual(rowsOf(anchor));
    expect(sheets.finds).toBe(1);
    expect(sheets.itemReads).toBe(4); // two columns, the first and the last row
  });

  test('rows inserted above: every row moves down, found without reading each marker', () => {
    const { sheets, anchor } = setup();
    sheets.insertRows(2, 3);
    sheets.itemReads = 0;
    const p = found(sheets, anchor);
    expect(p.moved).toBe(true);
    expect(rowsOf(p.anchor)).toEqual(rowsOf(anchor).map((r) => (r as number) + 3));
    expect(sheets.itemReads).toBe(4);
  });

  test('rows inserted inside: rebuilt from the markers, the new rows marked as not the job’s', () => {
    const { sheets, anchor } = setup();
    sheets.insertRows(5, 2, ['new', 'new']);
    const p = found(sheets, anchor);
    expect(p).toMatchObject({ inserted: 2, deleted: [], moved: true });
    expect(rowsOf(p.anchor)).toEqual([2, 3, 4, 7, 8, 9, 10, 11, 12, 13]);
    expect(sheets.countMarkers(anchor.key)).toBe(ROWS + 4);
    // From now on the inserted rows are known: the next look is cheap again.
    sheets.insertRows(1, 1);
    sheets.itemReads = 0;
    const next = found(sheets, p.anchor);
    expect(next.inserted).toBe(0);
    expect(rowsOf(next.anchor)).toEqual([3, 4, 5, 8, 9, 10, 11, 12, 13, 14]);
    expect(sheets.itemReads).toBe(4);
  });

  test('rows deleted: their indices are reported once, the rest close up', () => {
    const { sheets, anchor } = setup();
    sheets.deleteRows(4, 2); // indices 2 and 3
    const p = found(sheets, anchor);
    expect(p.deleted).toEqual([2, 3]);
    expect(rowsOf(p.anchor)).toEqual([2, 3, null, null, 4, 5, 6, 7, 8, 9]);
    const again = found(sheets, p.anchor, (i) => i !== 2 && i !== 3);
    expect(again.deleted).toEqual([]);
  });

  test('a deleted row and an inserted one among the job’s rows are both seen', () => {
    const { sheets, anchor } = setup();
    sheets.deleteRows(3, 1);
    sheets.insertRows(8, 1, ['new']);
    const p = found(sheets, anchor);
    expect(p).toMatchObject({ deleted: [1], inserted: 1 });
    expect(rowsOf(p.anchor)).toEqual([2, null, 3, 4, 5, 6, 7, 9, 10, 11]);
  });

  test('a sort moves values, not markers: the rows stay where they are', () => {
    const { sheets, anchor } = setup();
    sheets.sortValues(2, 11);
    const p = found(sheets, anchor);
    expect(p).toMatchObject({ moved: false, deleted: [], inserted: 0 });
  });

  test('a column inserted before the input moves both columns', () => {
    const { sheets, anchor } = setup();
    sheets.insertColumnBefore(1);
    const p = found(sheets, anchor);
    expect(p.anchor).toMatchObject({ input: 2, output: 3 });
    expect(p.moved).toBe(true);
  });

  test('the output column, the input column or the tab gone: the job cannot go on', () => {
    const output = setup();
    output.sheets.deleteColumn(2);
    expect(locate(output.anchor, ROWS, () => true, output.sheets)).toEqual({
      found: false,
      reason: 'output',
    });
    const input = setup();
    input.sheets.deleteColumn(1);
    expect(locate(input.anchor, ROWS, () => true, input.sheets)).toEqual({ found: false, reason: 'input' });
    const tab = setup();
    tab.sheets.exists = false;
    expect(locate(tab.anchor, ROWS, () => true, tab.sheets)).toEqual({ found: false, reason: 'sheet' });
  });

  test('every row deleted: no run is left', () => {
    const { sheets, anchor } = setup();
    sheets.deleteRows(2, ROWS);
    const p = found(sheets, anchor);
    expect(p.anchor.runs).toEqual([]);
    expect(p.deleted).toHaveLength(ROWS);
  });

  test('rows inserted while the rows are being marked: the marking says it was disturbed', () => {
    const sheets = new FakeSheets(['Header', ...Array.from({ length: ROWS }, (_, i) => `text ${i}`)]);
    sheets.onMark = () => {
      sheets.onMark = undefined;
      sheets.insertRows(5, 1, ['typed meanwhile']);
    };
    const spec = { jobId: 'j1', tab: sheets.id, input: 1, output: 2, firstRow: 2, rows: ROWS };
    expect(anchorJob(spec, sheets, () => 0, Infinity).disturbed).toBe(true);
  });

  test('unmarking removes the job’s markers a bounded number at a time', () => {
    const { sheets, anchor } = setup();
    expect(unmark(anchor, sheets, upTo(5))).toBe(ROWS + 2 - 5);
    expect(unmark(anchor, sheets)).toBe(0);
  });
});

describe('a job still being marked', () => {
  const BIG = 300;

  /** Marks the first and last rows at the start (no time left), then a first small batch of rows at a step. */
  function marking(): { sheets: FakeSheets; anchor: Anchor } {
    const { sheets, anchor } = setup(BIG, -1);
    expect(anchor.marked).toBe(1);
    let clock = 0;
    markMore(anchor, BIG, sheets, () => clock++, 1);
    expect(isMarking(anchor, BIG)).toBe(true);
    return { sheets, anchor };
  }

  test('marks the rest at the next steps, where the rows are', () => {
    const { sheets, anchor } = marking();
    sheets.insertRows(2, 2); // above: a shift
    const p = found(sheets, anchor, () => true, BIG);
    markMore(p.anchor, BIG, sheets, () => 0, Infinity);
    expect(isMarking(p.anchor, BIG)).toBe(false);
    expect(sheets.countMarkers(anchor.key)).toBe(BIG + 2);
    const again = found(sheets, p.anchor, () => true, BIG);
    expect(rowsOf(again.anchor, BIG)).toEqual(Array.from({ length: BIG }, (_, i) => 4 + i));
  });

  test('rows inserted among marked rows are handled as usual', () => {
    const { sheets, anchor } = marking();
    sheets.insertRows(5, 1, ['new']); // among the first rows marked
    const p = found(sheets, anchor, () => true, BIG);
    expect(p.inserted).toBe(1);
    expect(rowOf(p.anchor.runs, 100)).toBe(103);
    expect(rowOf(p.anchor.runs, BIG - 1)).toBe(BIG + 2);
  });

  test('rows inserted among rows not marked yet cannot be told apart: it stops, naming them', () => {
    const { sheets, anchor } = marking();
    const firstUnmarked = 2 + anchor.marked;
    sheets.insertRows(firstUnmarked + 10, 1, ['new']);
    const p = locate(anchor, BIG, () => true, sheets);
    expect(p).toEqual({ found: false, reason: 'unmarked', first: firstUnmarked, last: BIG });
  });
});

describe('stored runs', () => {
  test('a job split by many insertions keeps its runs in properties of their own, and reads them back', () => {
    const runs = runsFrom(Array.from({ length: 3000 }, (_, i) => [i, 2 + 2 * i] as [number, number]));
    expect(runs).toHaveLength(3000);
    const job = {
      id: 'j1',
      spec: {
        sheet: 'S',
        inputColumn: 1,
        outputColumn: 2,
        task: 'sentiment',
        args: {},
        firstRow: 2,
        lastRow: 3001,
      },
      anchor: { ...setup().anchor, runs },
    } as unknown as JobRecord;
    const changes = recordChanges(job);
    expect(Object.values(changes).every((v) => v.length <= 8000)).toBe(true);
    expect(Object.keys(changes).filter((k) => k.startsWith('job:j1:runs:')).length).toBeGreaterThan(1);
    expect(JSON.parse(changes['job:j1']).anchor.runs).toBeUndefined();
    expect(readJob(changes, 'j1')?.anchor?.runs).toEqual(runs);
    expect(listJobs(changes).map((j) => j.anchor?.runs.length)).toEqual([3000]);
  });
});
