// A column job on a sheet people keep working in: each change is made between two steps of a running
// job (and some while a step is in flight). After each, every surviving input row holds its own answer,
// no cell outside the job's cells was written (per-cell write counts), and the job's state says what
// happened.
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

function typeRows(from: number, texts: string[]): void {
  texts.forEach((t, i) => h.emu.editCell('Reviews', `A${from + i}`, t));
}

test('rows inserted above the range: the job follows its rows down and leaves the new rows alone', async () => {
  const { jobId } = await startedJob();
  h.emu.insertRowsBefore('Reviews', 2, 3);
  typeRows(2, ['Inserted, I love it', 'Inserted, terrible', 'Inserted']);
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS, deleted: 0 });
  expect(s.changes).toMatchObject({ inserted: 0, deleted: 0, edited: 0 });
  expect(s.changes.moved).toBeGreaterThan(0);
  expect(s.notes.join(' ')).toMatch(/followed its cells/);
  expect(checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(5, ROWS + 4) })).toBe(ROWS);
  expect(h.emu.sheet('Reviews').getValues('B2:B4').flat()).toEqual(['', '', '']);
});

test('rows inserted inside the range, in the answered and the unanswered part, are left alone', async () => {
  const { jobId, first } = await startedJob();
  const answered = first.done; // rows 2..(first.done + 1) are answered
  h.emu.insertRowsBefore('Reviews', 40, 2); // among answered rows
  h.emu.insertRowsBefore('Reviews', answered + 60, 3); // among unanswered rows (shifted by 2)
  typeRows(40, ['New and excellent', 'New and broken']);
  typeRows(answered + 60, ['Later, I love it', 'Later, terrible', 'Later']);
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS });
  expect(s.changes).toMatchObject({ inserted: 5, deleted: 0 });
  expect(s.notes.join(' ')).toMatch(/5 row\(s\) inserted inside the job’s range were left alone/);
  const inserted = new Set([40, 41, answered + 60, answered + 61, answered + 62]);
  const rows = range(2, ROWS + 6).filter((r) => !inserted.has(r));
  expect(checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows })).toBe(ROWS);
  for (const r of inserted) expect(h.emu.sheet('Reviews').getValues(`B${r}`)[0][0]).toBe('');
});

test('rows inserted just below the range change nothing', async () => {
  const { jobId } = await startedJob();
  h.emu.insertRowsBefore('Reviews', ROWS + 2, 4);
  typeRows(ROWS + 2, ['Below, I love it', 'Below, terrible', 'Below', 'Below too']);
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS });
  expect(s.changes).toMatchObject({ inserted: 0, deleted: 0, moved: 0 });
  expect(checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) })).toBe(ROWS);
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

test('a sort of the input column alone: the answers that no longer match are written again', async () => {
  const { jobId, first } = await startedJob();
  h.emu.sortRange('Reviews', 'A2:A301', { column: 'A' });
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS });
  expect(s.changes.edited).toBeGreaterThan(0);
  expect(s.changes.edited).toBeLessThanOrEqual(first.done);
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
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
  expect(s?.done).toBe(1); // row 7, blank: done when it was read, with nothing to write
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

test('an answered input edited between steps is answered again from its new text', async () => {
  const { jobId } = await startedJob();
  expect(h.emu.sheet('Reviews').getValues('B10')[0][0]).toBe('positive');
  h.emu.editCell('Reviews', 'A10', 'Broken and terrible #edited');
  const s = await finish(h, jobId);
  expect(s).toMatchObject({ state: 'done', done: ROWS });
  expect(s.changes.edited).toBe(1);
  expect(s.notes.join(' ')).toMatch(/1 input\(s\) changed/);
  expect(h.emu.sheet('Reviews').getValues('B10')[0][0]).toBe('negative');
  expect(h.emu.writeCounts('Reviews', 'B')[9]).toBe(2);
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
  expect(final.changes.edited).toBe(1);
  expect(h.emu.sheet('Reviews').getValues('B3')[0][0]).toBe('negative');
  expect(h.emu.writeCounts('Reviews', 'B')[2]).toBe(1);
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) });
});

test('rows inserted above while a step is in flight: its answers land in their rows, moved down', async () => {
  const jobId = await start(h, JOB);
  const s = await duringStep(h, jobId, () => h.emu.insertRowsBefore('Reviews', 2, 3));
  expect(s?.done).toBeGreaterThan(0);
  const final = await finish(h, jobId);
  expect(final).toMatchObject({ state: 'done', done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(5, ROWS + 4) });
});

test('the markers leave the sheet when the job is done', async () => {
  const jobId = await start(h, JOB);
  expect(h.emu.developerMetadata().filter((m) => m.key.startsWith('gpt.job.')).length).toBe(ROWS + 2);
  await finish(h, jobId);
  expect(h.emu.developerMetadata()).toEqual([]);
  expect((await status(h, jobId)).state).toBe('done');
});

test('a job from before anchoring (no markers) is marked at its next step and then follows its rows', async () => {
  const started = await start(h, JOB);
  const props = h.emu.properties('document');
  const record = JSON.parse(props[`job:${started}`]) as Record<string, unknown>;
  delete record.anchor;
  h.emu.setProperty('document', `job:${started}`, null);
  h.emu.setProperty('document', `job:old1`, JSON.stringify({ ...record, id: 'old1' }));
  h.emu.setProperty('document', `job:old1:rows:0`, props[`job:${started}:rows:0`]);
  const first = await oneChunk(h, 'old1');
  expect(first.done).toBeGreaterThan(0);
  expect(h.emu.developerMetadata().filter((m) => m.key === 'gpt.job.old1')).toHaveLength(ROWS + 2);
  h.emu.insertRowsBefore('Reviews', 2, 2);
  const s = await finish(h, 'old1');
  expect(s).toMatchObject({ state: 'done', done: ROWS });
  checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(4, ROWS + 3) });
});

describe('a job too large to mark all its rows when it starts', () => {
  const BIG = 1000;
  let slow: Harness;
  beforeEach(async () => {
    // Each metadata write costs 1 ms, and the clock jumps past the start's marking time.
    slow = await startHarness({
      serviceLatency: { spreadsheetWrite: 1 },
      spreadsheet: { sheets: { Reviews: sheetRows(BIG, 'b') } },
    });
    await saveKey(slow.emu);
  });
  afterEach(() => slow.close());

  async function startPartlyMarked(): Promise<string> {
    const starting = slow.emu.run('startColumnJob', [{ ...JOB, lastRow: BIG + 1 }]);
    await new Promise((r) => setTimeout(r, 300));
    slow.emu.advanceClock(60_000);
    const r = await starting;
    if (!r.ok) throw new Error(r.error?.message);
    const marked = slow.emu.developerMetadata().filter((m) => m.key.startsWith('gpt.job.')).length;
    expect(marked).toBeLessThan(BIG + 2);
    return (r.value as { jobId: string }).jobId;
  }

  test('it answers while it marks the rest, and ends with every row right', async () => {
    const jobId = await startPartlyMarked();
    const s = await finish(slow, jobId);
    expect(s).toMatchObject({ state: 'done', done: BIG });
    checkJob(slow.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, BIG + 1) });
    expect(slow.emu.developerMetadata()).toEqual([]);
  });

  test('rows inserted among rows it has not marked yet stop it with a message naming them', async () => {
    const jobId = await startPartlyMarked();
    slow.emu.insertRowsBefore('Reviews', BIG - 10, 2);
    slow.emu.editCell('Reviews', `A${BIG - 10}`, 'Inserted, I love it');
    const s = (await step(slow, jobId)) as Status;
    expect(s.state).toBe('stopped');
    expect(s.message).toMatch(/before the job had marked them/);
    expect(slow.emu.writeCounts('Reviews', 'B').every((n) => n === 0)).toBe(true);
  });
});
