// A 50,000-row column (the most a job may have) with blank rows, repeated texts and Japanese text, in
// Now and in Economy mode, with the documented metadata limits enforced: it finishes, every row holds its
// own answer, the job keeps four metadata items, and it makes at most 0.05 spreadsheet service calls
// per row. SHOW_LARGE_JOBS=1 prints the seconds and calls.
import type { ExecutionResult } from '../../tools/emulator';
import { saveKey, startHarness, type Harness } from './harness';
import { expectedLabel, MOODS, status, type Status } from './job-helpers';

const ROWS = 50_000;

/** Every 97th row blank from the 6th, every 7th a repeat of a text 1,000 rows up (or of the first ones). */
function bigSheet(tag: string): unknown[][] {
  const texts: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    if (i % 97 === 5) texts.push('');
    else if (i % 7 === 3) texts.push(texts[Math.max(0, i - 1000)] || `${MOODS[0]} #${tag}0`);
    else texts.push(`${MOODS[i % MOODS.length]} #${tag}${i}`);
  }
  return [['Review', 'Sentiment'], ...texts.map((t) => [t, ''])];
}

function spreadsheetCalls(results: ExecutionResult[]): number {
  let n = 0;
  for (const r of results)
    for (const [method, count] of Object.entries(r.serviceCallsByMethod))
      if (method.startsWith('SpreadsheetApp.')) n += count;
  return n;
}

function checkEveryRow(h: Harness, sheet: string): void {
  const values = h.emu.sheet(sheet).getValues(`A2:B${ROWS + 1}`);
  const wrong = values.filter(([input, output]) =>
    input === '' ? output !== '' : output !== expectedLabel(String(input)),
  );
  expect(wrong.slice(0, 5)).toEqual([]);
  expect(h.emu.writeCounts(sheet, 'B').filter((n) => n > 2)).toEqual([]);
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Now: bigSheet('n'), Economy: bigSheet('e') } } });
  await saveKey(h.emu);
  // 100,000 rows at about 60 tokens each are more than the default budget allows.
  const budget = await h.emu.run('setBudget', [{ tokens: 20_000_000, period: 'total' }]);
  expect(budget.error?.message).toBeUndefined();
});
afterAll(() => h.close());

test('in Now mode, driven by three steps at once, it finishes with every row right and at most 0.05 spreadsheet calls a row', async () => {
  const t0 = Date.now();
  const started = await h.emu.run('startColumnJob', [
    { sheet: 'Now', inputColumn: 'A', outputColumn: 'B', task: 'sentiment', lastRow: ROWS + 1 },
  ]);
  expect(started.error?.message).toBeUndefined();
  const jobId = (started.value as { jobId: string }).jobId;
  const results: ExecutionResult[] = [started];
  let s: Status = await status(h, jobId);
  const driver = async () => {
    while (s.state === 'running') {
      const r = await h.emu.run('runJobStep', [jobId]);
      results.push(r);
      if (r.ok) s = r.value as Status;
    }
  };
  await Promise.all([driver(), driver(), driver()]);
  const calls = spreadsheetCalls(results);
  if (process.env.SHOW_LARGE_JOBS)
    console.log(`Now: ${(Date.now() - t0) / 1000} s, ${calls} spreadsheet calls (${calls / ROWS} a row)`);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS, failed: 0 });
  expect(calls / ROWS).toBeLessThanOrEqual(0.05);
  checkEveryRow(h, 'Now');
  expect(h.emu.developerMetadata()).toEqual([]); // its four items are gone once it is done
}, 600_000);

test('in Economy mode it goes through the Batch API and collects every row, at most 0.05 spreadsheet calls a row', async () => {
  const t0 = Date.now();
  const before = (await h.stub.stats()).chatCompletions;
  const started = await h.emu.run('startColumnJob', [
    {
      sheet: 'Economy',
      inputColumn: 'A',
      outputColumn: 'B',
      task: 'sentiment',
      lastRow: ROWS + 1,
      mode: 'batch',
    },
  ]);
  expect(started.error?.message).toBeUndefined();
  const jobId = (started.value as { jobId: string }).jobId;
  const results: ExecutionResult[] = [started];
  let s: Status = await status(h, jobId);
  for (let round = 0; s.state === 'running' && round < 40; round++) {
    const r = await h.emu.run('runJobStep', [jobId]);
    results.push(r);
    if (r.ok) s = r.value as Status;
    h.emu.advanceClock(10 * 60_000);
  }
  const calls = spreadsheetCalls(results);
  if (process.env.SHOW_LARGE_JOBS)
    console.log(`Economy: ${(Date.now() - t0) / 1000} s, ${calls} spreadsheet calls (${calls / ROWS} a row)`);
  expect(s).toMatchObject({ state: 'done', total: ROWS, done: ROWS, failed: 0 });
  expect(calls / ROWS).toBeLessThanOrEqual(0.05);
  expect((await h.stub.stats()).chatCompletions).toBe(before); // no synchronous request
  checkEveryRow(h, 'Economy');
}, 600_000);
