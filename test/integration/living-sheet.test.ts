// A column job on a sheet people keep working in: each change is made between two steps of a running
// job (and some while a step is in flight). After each, every input row of the job holds its own
// answer, no cell outside the job's cells was written (per-cell write counts), and the job's state says
// what happened. The job's rows are the rows between the row above its first row (the header here) and
// the row below its last one, as those two rows move: rows inserted between them join the job.
import { saveKey, startHarness, type Harness } from './harness';
import {
  checkJob,
  duringStep,
  finish,
  oneChunk,
  range,
  sheetRows,
  start,
  status,
  step,
  type Status,
} from './job-helpers';

const ROWS = 300;
const JOB = { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Reviews: sheetRows(ROWS, 'r') } } });
  await saveKey(h.emu);
});
afterEach(() => h.close());

/** Starts the job on rows 2..301 and lets one step answer its first chunk. */
async function startedJob(): Promise<{ jobId: string; first: Status }> {
  const jobId = await start(h, JOB);
  const first = await oneChunk(h, jobId);
  expect(first.state).toBe('running');
  expect(first.done).toBeGreaterThan(0);
  expect(first.remaining).toBeGreaterThan(0);
  return { jobId, first };
}

/** Another add-on's developer metadata filling the tab's 30,000 characters. */
function fillTabMetadata(harness: Harness, sheet: string): void {
  harness.emu.fillDeveloperMetadata(sheet, 30_000);
}

function typeRows(from: number, texts: string[]): void {
  texts.forEach((t, i) => h.emu.editCell('Reviews', `A${from + i}`, t));
}

test('rows inserted above the header: the job follows its rows down and leaves the new rows alone', async () => {
  const { jobId } = await startedJob();
  h.emu.insertRowsBefore('Reviews', 1, 3);
  typeRows(1, ['Inserted, I love it', 'Inserted, terrible', 'Inserted']);
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS, deleted: 0 });
  expect(s.changes).toMatchObject({ inserted: 0, deleted: 0, edited: 0 });
  expect(s.changes.moved).toBeGreaterThan(0);
  expect(s.notes.join(' ')).toMatch(/followed its cells/);
  expect(checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(5, ROWS + 4) })).toBe(ROWS);
  expect(h.emu.sheet('Reviews').getValues('B1:B3').flat()).toEqual(['', '', '']);
});

test('rows inserted inside the range (under the header, among answered and unanswered rows, after the last) join the job', async () => {
  const { jobId, first } = await startedJob();
  const answered = first.done; // rows 2..(first.done + 1) are answered
  h.emu.insertRowsBefore('Reviews', 2, 1); // right under the header
  h.emu.insertRowsBefore('Reviews', 40, 2); // among answered rows
  h.emu.insertRowsBefore('Reviews', answered + 60, 3); // among unanswered rows
  h.emu.insertRowsBefore('Reviews', ROWS + 8, 1); // right after the last row, before the row below
  typeRows(2, ['I love it, excellent #under the header']);
  typeRows(40, ['I love it, excellent #new1', 'Broken and terrible #new2']);
  typeRows(answered + 60, ['最高です、満足 #later1', '壊れて最悪 #later2', 'It arrived on Tuesday #later3']);
  typeRows(ROWS + 8, ['Broken and terrible #at the end']);
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS + 7, done: ROWS + 7 });
  expect(s.changes).toMatchObject({ inserted: 7, deleted: 0 });
  expect(s.notes.join(' ')).toMatch(/7 row\(s\) inserted inside the job’s range joined it/);
  expect(checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 8) })).toBe(
    ROWS + 7,
  );
});

test('rows inserted below the row under the range change nothing', async () => {
  const { jobId } = await startedJob();
  h.emu.insertRowsBefore('Reviews', ROWS + 3, 4);
  typeRows(ROWS + 3, ['Below, I love it', 'Below, terrible', 'Below', 'Below too']);
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS });
  expect(s.changes).toMatchObject({ inserted: 0, deleted: 0, moved: 0 });
  expect(checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) })).toBe(ROWS);
  expect(
    h.emu
      .sheet('Reviews')
      .getValues(`B${ROWS + 3}:B${ROWS + 6}`)
      .flat(),
  ).toEqual(['', '', '', '']);
});

test('rows deleted in the answered and the unanswered part are dropped from the job', async () => {
  const { jobId, first } = await startedJob();
  h.emu.deleteRows('Reviews', 20, 5);
  h.emu.deleteRows('Reviews', first.done + 50, 7);
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS - 12, done: ROWS - 12, deleted: 12 });
  expect(s.changes).toMatchObject({ deleted: 12, inserted: 0 });
  expect(s.notes.join(' ')).toMatch(/12 of the job’s rows were deleted and dropped from it/);
  expect(checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS - 11) })).toBe(
    ROWS - 12,
  );
});

test('a sort of the range (inputs and answers together) leaves every row with its own answer', async () => {
  const { jobId } = await startedJob();
  h.emu.sortRange('Reviews', 'A2:B301', { column: 'A', ascending: false });
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
  // Answers that moved with their inputs are recognised, not written again.
  expect(h.emu.writeCounts('Reviews', 'B').filter((n) => n > 1)).toEqual([]);
});

test('a sort of the input column alone: without overwrite the job cannot tell its answers from a person’s, and keeps them', async () => {
  const { jobId, first } = await startedJob();
  h.emu.sortRange('Reviews', 'A2:A301', { column: 'A' });
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS });
  // Rows that held an answer keep it (not re-asked, not rewritten); the others got their own answer.
  // (A blank row between two answers may have been written '' along with them, then answered.)
  const counts = h.emu.writeCounts('Reviews', 'B');
  expect(counts.filter((n) => n > 2)).toEqual([]);
  expect(counts.filter((n) => n >= 1).length).toBeGreaterThanOrEqual(first.done - 4);
});

test('overwrite mode after a sort of the input column alone: every row ends with the answer to its own text', async () => {
  const jobId = await start(h, { ...JOB, overwrite: true });
  const first = await oneChunk(h, jobId);
  expect(first.done).toBeGreaterThan(0);
  h.emu.sortRange('Reviews', 'A2:A301', { column: 'A' });
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
  // A row whose answer already matched its new text is not written again.
  expect(h.emu.writeCounts('Reviews', 'B').filter((n) => n > 2)).toEqual([]);
});

test('rows a person moves between steps keep their answers, and the rest are answered where they are', async () => {
  const { jobId } = await startedJob();
  h.emu.moveRows('Reviews', 3, 5, 250); // answered rows dragged among unanswered ones
  h.emu.moveRows('Reviews', 200, 10, 20); // unanswered rows dragged among answered ones
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
  expect(h.emu.writeCounts('Reviews', 'B').filter((n) => n > 1)).toEqual([]);
});

test('a column inserted before the input: the job reads and writes its columns where they went', async () => {
  const { jobId } = await startedJob();
  h.emu.insertColumnsBefore('Reviews', 'A', 1);
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', inputColumn: 'B', outputColumn: 'C', done: ROWS });
  expect(s.changes.moved).toBeGreaterThan(0);
  expect(checkJob(h.emu, { sheet: 'Reviews', input: 'B', output: 'C', rows: range(2, ROWS + 1) })).toBe(ROWS);
});

test('the output column deleted between steps: the job stops with a message and writes nothing anywhere', async () => {
  const { jobId } = await startedJob();
  h.emu.deleteColumns('Reviews', 'B', 1); // the answers go with it
  const s = (await step(h, jobId)) as Status;
  expect(s.state).toBe('stopped');
  expect(s.message).toMatch(/output column was deleted/);
  for (const column of 'ABCDEF')
    expect(h.emu.writeCounts('Reviews', column).every((n) => n === 0)).toBe(true);
  expect(h.emu.developerMetadata().filter((m) => m.key.startsWith('gpt.job.'))).toEqual([]);
});

test('the output column deleted while a step is in flight: its answers are written nowhere', async () => {
  const jobId = await start(h, JOB);
  const s = await duringStep(h, jobId, () => h.emu.deleteColumns('Reviews', 'B', 1));
  expect(s?.state).toBe('stopped');
  expect(s?.done).toBe(4); // the four blank inputs: nothing to write
  for (const column of 'ABCDEF')
    expect(h.emu.writeCounts('Reviews', column).every((n) => n === 0)).toBe(true);
});

test('the tab renamed: the job follows it by its id and says so', async () => {
  const { jobId } = await startedJob();
  h.emu.renameSheet('Reviews', 'Avis clients');
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', sheet: 'Avis clients', done: ROWS });
  expect(s.changes.renamed).toBe('Avis clients');
  expect(s.notes.join(' ')).toMatch(/renamed to "Avis clients"/);
  checkJob(h.emu, { sheet: 'Avis clients', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
});

test('an answered input edited between steps keeps its answer without overwrite, and is answered again with it', async () => {
  const { jobId } = await startedJob();
  expect(h.emu.sheet('Reviews').getValues('B10')[0][0]).toBe('positive');
  h.emu.editCell('Reviews', 'A10', 'Broken and terrible #edited');
  let s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', done: ROWS });
  expect(h.emu.sheet('Reviews').getValues('B10')[0][0]).toBe('positive');
  expect(h.emu.writeCounts('Reviews', 'B')[9]).toBe(1);

  const again = await start(h, { ...JOB, sheet: 'Reviews', overwrite: true });
  await oneChunk(h, again);
  h.emu.editCell('Reviews', 'A11', 'Broken and terrible #edited too');
  s = await finish(h, again);
  expect(s).toMatchObject({ state: 'done', done: ROWS });
  expect(h.emu.sheet('Reviews').getValues('B10:B11').flat()).toEqual(['negative', 'negative']);
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
});

test('an input edited while its chunk is in flight: that row is answered again, the rest of the chunk written', async () => {
  const jobId = await start(h, JOB);
  const s = await duringStep(h, jobId, () => h.emu.editCell('Reviews', 'A3', 'Broken and terrible #edited'));
  expect(s?.state).toBe('running');
  expect(s?.done).toBeGreaterThan(1);
  expect(h.emu.sheet('Reviews').getValues('B3')[0][0]).toBe('');
  expect(h.emu.sheet('Reviews').getValues('B4')[0][0]).not.toBe('');
  const final = await finish(h, jobId);
  expect(final).toMatchObject({ state: 'done', done: ROWS });
  expect(final.changes.edited).toBeGreaterThanOrEqual(1);
  expect(h.emu.sheet('Reviews').getValues('B3')[0][0]).toBe('negative');
  expect(h.emu.writeCounts('Reviews', 'B')[2]).toBe(1);
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
});

test('rows inserted above the header while a step is in flight: its answers land in their rows, moved down', async () => {
  const jobId = await start(h, JOB);
  const s = await duringStep(h, jobId, () => h.emu.insertRowsBefore('Reviews', 1, 3));
  expect(s?.done).toBeGreaterThan(4);
  const final = await finish(h, jobId);
  expect(final).toMatchObject({ state: 'done', done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(5, ROWS + 4) });
});

test('a sort of the range while a step is in flight: every answer lands next to its own text', async () => {
  const jobId = await start(h, JOB);
  await duringStep(h, jobId, () => h.emu.sortRange('Reviews', 'A2:B301', { column: 'A', ascending: false }));
  const final = await finish(h, jobId);
  expect(final).toMatchObject({ state: 'done', done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
  expect(h.emu.writeCounts('Reviews', 'B').filter((n) => n > 1)).toEqual([]);
});

test('rows deleted and moved and a value typed into an output while a step is in flight: nothing lands astray', async () => {
  const jobId = await start(h, JOB);
  await duringStep(h, jobId, () => {
    h.emu.deleteRows('Reviews', 5, 3);
    h.emu.moveRows('Reviews', 2, 2, 100);
    h.emu.editCell('Reviews', 'B10', 'my own note');
  });
  const final = await finish(h, jobId);
  expect(final).toMatchObject({ state: 'done', total: ROWS - 3 });
  expect(h.emu.sheet('Reviews').getValues('B10')[0][0]).toBe('my own note');
  const rows = range(2, ROWS - 2).filter((r) => r !== 10);
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows });
});

test('a step killed while it writes: the next steps finish the job, and no cell is written twice', async () => {
  const jobId = await start(h, JOB);
  await h.stub.configure({ latencyMs: 0 });
  const killed = await h.emu.run('runJobStep', [jobId], {
    killAtServiceCall: 'SpreadsheetApp.Range.setValues',
  });
  expect(killed.stopped).toBe('killed');
  h.emu.advanceClock(8 * 60_000); // its claim expires
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
  expect(h.emu.writeCounts('Reviews', 'B').filter((n) => n > 1)).toEqual([]);
});

test('a job keeps four metadata items at most, and they leave the sheet when it is done', async () => {
  const jobId = await start(h, JOB);
  const items = h.emu.developerMetadata().filter((m) => m.key.startsWith('gpt.j.'));
  expect(items.map((m) => [m.value, m.row ?? m.column])).toEqual([
    ['in', 'A'],
    ['out', 'B'],
    ['top', 1],
    ['end', ROWS + 2],
  ]);
  expect(items.reduce((n, m) => n + m.key.length + (m.value ?? '').length, 0)).toBeLessThan(120);
  await finish(h, jobId);
  expect(h.emu.developerMetadata()).toEqual([]);
  expect((await status(h, jobId)).state).toBe('done');
});

test('a tab whose metadata is full of other data: the job runs without its items and ends right', async () => {
  // Another add-on's 30,000 characters on the tab (the most a tab may hold).
  fillTabMetadata(h, 'Reviews');
  const jobId = await start(h, JOB);
  expect(h.emu.developerMetadata().filter((m) => m.key.startsWith('gpt.j.'))).toEqual([]);
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
});

test('without its items, a column inserted before its columns stops the job (their headers moved) before any write', async () => {
  fillTabMetadata(h, 'Reviews');
  const { jobId } = await startedJob();
  const before = h.emu.writeCounts('Reviews', 'B').reduce((n, c) => n + c, 0);
  h.emu.insertColumnsBefore('Reviews', 'A', 1);
  const s = (await step(h, jobId)) as Status;
  expect(s.state).toBe('stopped');
  expect(s.message).toMatch(/headers of the job’s columns changed/);
  expect(h.emu.writeCounts('Reviews', 'B').reduce((n, c) => n + c, 0)).toBe(0);
  expect(h.emu.writeCounts('Reviews', 'C').reduce((n, c) => n + c, 0)).toBe(before);
});

test('a job from before anchoring (no items) is anchored at its next step and then follows its rows', async () => {
  const started = await start(h, JOB);
  const props = h.emu.properties('document');
  const record = JSON.parse(props[`job:${started}`]) as Record<string, unknown>;
  delete record.place;
  delete record.claimSlots;
  h.emu.setProperty('document', `job:${started}`, null);
  h.emu.setProperty('document', `job:old1`, JSON.stringify({ ...record, id: 'old1' }));
  h.emu.setProperty('document', `job:old1:rows:0`, '.*300');
  const first = await oneChunk(h, 'old1');
  expect(first.done).toBeGreaterThan(0);
  expect(h.emu.developerMetadata().filter((m) => m.key === 'gpt.j.old1')).toHaveLength(4);
  h.emu.insertRowsBefore('Reviews', 1, 2);
  const s = await finish(h, 'old1');
  expect(s).toMatchObject({ state: 'done', done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(4, ROWS + 3) });
  expect(h.emu.properties('document')['job:old1:rows:0']).toBeUndefined();
});

test('a job of the previous release (row markers in the sheet, row states in the store) is finished and its markers removed', async () => {
  const started = await start(h, JOB);
  const first = await oneChunk(h, started);
  const props = h.emu.properties('document');
  const record = JSON.parse(props[`job:${started}`]) as { place: Record<string, number | string> };
  const p = record.place;
  // The previous release's shape: an anchor with its key, column items and rows, row markers (here the
  // two ROW items already on the tab), a state and a fingerprint per row in the store.
  const legacy = {
    ...record,
    place: undefined,
    claimSlots: undefined,
    claims: { old: { indices: [1, 2, 3], until: Date.now() * 2, fingerprints: 'AAAAAA' } },
    anchor: {
      key: p.key,
      sheetId: p.sheetId,
      inputId: p.inputId,
      outputId: p.outputId,
      input: p.input,
      output: p.output,
      topId: p.aboveId,
      bottomId: p.belowId,
      top: 2,
      bottom: ROWS + 1,
      markers: 4,
      marked: ROWS,
      runParts: 1,
    },
  };
  h.emu.setProperty('document', `job:${started}`, JSON.stringify(legacy));
  h.emu.setProperty('document', `job:${started}:rows:0`, `d*${first.done - 4}.*${ROWS - first.done + 4}`);
  h.emu.setProperty('document', `job:${started}:fp:0`, 'AB'.repeat(ROWS));
  h.emu.setProperty('document', `job:${started}:runs:0`, '0,2,8c');
  const s = await finish(h, started);
  expect(s).toMatchObject({ state: 'done', done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
  expect(h.emu.writeCounts('Reviews', 'B').filter((n) => n > 1)).toEqual([]);
  expect(h.emu.developerMetadata()).toEqual([]);
  const left = Object.keys(h.emu.properties('document')).filter((k) => /:(rows|fp|runs):/.test(k));
  expect(left).toEqual([]);
});
