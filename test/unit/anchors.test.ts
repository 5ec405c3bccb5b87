// Where a job's cells are (src/jobs/engine/place.ts): four items at most, its two columns and the rows
// just above and below it, followed through what people do to the tab.
import { locate, placeJob, placeKey, unplace } from '../../src/jobs/engine/place';
import type { Place } from '../../src/jobs/store';
import { FakeSheets } from '../support/fakes';

const ROWS = 300;

/** A header, ROWS texts in column 1 (outputs in column 2), and spare rows below. */
function tab(): FakeSheets {
  const sheets = new FakeSheets(['Review', ...Array.from({ length: ROWS }, (_, i) => `text ${i}`)]);
  sheets.writeText(7, 2, 1, ['Answer']);
  sheets.writes = [];
  return sheets;
}

function placed(sheets: FakeSheets): Place {
  return placeJob({ jobId: 'j1', tab: 7, input: 1, output: 2, firstRow: 2, lastRow: ROWS + 1 }, sheets);
}

function found(place: Place, sheets: FakeSheets) {
  const r = locate(place, sheets);
  if (!r.found) throw new Error(`not found: ${r.reason}`);
  return r;
}

test('a job of any size keeps four items: its columns and the rows above and below it', () => {
  const sheets = tab();
  const place = placed(sheets);
  expect(sheets.countMarkers(placeKey('j1'))).toBe(4);
  expect(place).toMatchObject({ input: 1, output: 2, top: 2, bottom: ROWS + 1 });
  expect([place.inputId, place.outputId, place.aboveId, place.belowId].every((id) => id !== undefined)).toBe(
    true,
  );
  expect(sheets.markerAt(7, placeKey('j1'), 1)).toBe(place.aboveId);
  expect(sheets.markerAt(7, placeKey('j1'), ROWS + 2)).toBe(place.belowId);
});

test('rows inserted above move the job; rows inserted among its rows join it; nothing else moves it', () => {
  const sheets = tab();
  let place = placed(sheets);
  sheets.insertRows(1, 3);
  let r = found(place, sheets);
  expect(r.place).toMatchObject({ top: 5, bottom: ROWS + 4 });
  expect([r.moved, r.inserted, r.deleted]).toEqual([true, 0, 0]);
  place = r.place;
  sheets.insertRows(100, 2, ['new a', 'new b']);
  r = found(place, sheets);
  expect(r.place).toMatchObject({ top: 5, bottom: ROWS + 6 });
  expect([r.moved, r.inserted]).toEqual([false, 2]);
  place = r.place;
  sheets.insertRows(ROWS + 8, 5); // below the row under the job
  r = found(place, sheets);
  expect(r.place).toMatchObject({ top: 5, bottom: ROWS + 6 });
  expect([r.moved, r.inserted, r.deleted]).toEqual([false, 0, 0]);
});

test('rows deleted among its rows leave it; a sort of its rows changes nothing about where it is', () => {
  const sheets = tab();
  let place = placed(sheets);
  sheets.deleteRows(10, 4);
  let r = found(place, sheets);
  expect(r.place).toMatchObject({ top: 2, bottom: ROWS - 3 });
  expect(r.deleted).toBe(4);
  place = r.place;
  sheets.sortRows(2, ROWS - 3);
  r = found(place, sheets);
  expect(r.place).toMatchObject({ top: 2, bottom: ROWS - 3 });
  expect([r.moved, r.inserted, r.deleted]).toEqual([false, 0, 0]);
});

test('a fence deleted with its row is put back where the other fence says the job is', () => {
  const sheets = tab();
  const place = placed(sheets);
  sheets.deleteRows(1, 1); // the header, with the fence above the job
  const r = found(place, sheets);
  expect(r.place).toMatchObject({ top: 1, bottom: ROWS });
  expect(r.place.aboveId).toBeUndefined(); // no row above row 1
  expect(sheets.countMarkers(placeKey('j1'))).toBe(3);
  sheets.insertRows(1, 1, ['New header']);
  const again = found(r.place, sheets);
  expect(again.place).toMatchObject({ top: 2, bottom: ROWS + 1 });
});

test('a deleted output column, input column or tab is reported, and the items can be removed', () => {
  let sheets = tab();
  let place = placed(sheets);
  sheets.deleteColumn(2);
  expect(locate(place, sheets)).toEqual({ found: false, reason: 'output' });
  sheets = tab();
  place = placed(sheets);
  sheets.insertColumnBefore(1);
  expect(found(place, sheets).place).toMatchObject({ input: 2, output: 3 });
  sheets.exists = false;
  expect(locate(place, sheets)).toEqual({ found: false, reason: 'sheet' });
  sheets.exists = true;
  expect(unplace(place, sheets)).toBe(0);
  expect(sheets.countMarkers(placeKey('j1'))).toBe(0);
});

test('a tab with no room for metadata: the job keeps its columns by number, guarded by their headers', () => {
  const sheets = tab();
  sheets.full = true;
  const place = placed(sheets);
  expect(place).toMatchObject({
    input: 1,
    output: 2,
    top: 2,
    bottom: ROWS + 1,
    headers: ['Review', 'Answer'],
  });
  expect([place.inputId, place.aboveId, place.belowId]).toEqual([undefined, undefined, undefined]);
  expect(sheets.countMarkers(placeKey('j1'))).toBe(0);
  expect(found(place, sheets).place).toMatchObject({ top: 2, bottom: ROWS + 1 });
});

test("a job to the tab's last row takes in the rows added below it", () => {
  const sheets = tab();
  sheets.spareRows = 0;
  const place = placed(sheets);
  expect(place.open).toBe(true);
  expect(place.belowId).toBeUndefined();
  sheets.writeText(7, 1, ROWS + 2, ['appended']);
  expect(found(place, sheets).place.bottom).toBe(ROWS + 2);
});
