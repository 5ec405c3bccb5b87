// Column jobs through the built bundle: thousands of rows, several steps at once, injected faults and
// executions killed mid-way. Every row ends with exactly one correct value or a recorded failure, and
// nothing is written twice or into the wrong row. (A sheet edited while a job runs: living-sheet.test.ts;
// triggers: job-triggers.test.ts; ownership: job-ownership.test.ts; quotas: job-quotas.test.ts.)
import { ownerKnown, saveKey, startHarness, type Harness } from './harness';
import { expectedLabel, sheetRows, start, status, step, type Status } from './job-helpers';

/** Every input row has the right label or is counted failed; blank inputs stay blank. */
function checkColumn(h: Harness, sheet: string, rows: number, s: Status): void {
  const values = h.emu.sheet(sheet).getValues(`A2:B${rows + 1}`);
  let labelled = 0;
  values.forEach(([input, output]) => {
    if (input === '') expect(output).toBe('');
    else if (output !== '') {
      expect(output).toBe(expectedLabel(String(input)));
      labelled++;
    }
  });
  expect(labelled).toBe(s.done - values.filter(([input]) => input === '').length);
  expect(s.done + s.failed + s.skipped).toBe(rows);
  expect(
    h.emu
      .sheet(sheet)
      .getFormulas(`B2:B${rows + 1}`)
      .flat()
      .every((f) => f === ''),
  ).toBe(true);
}

describe('a 5,000-row column', () => {
  const ROWS = 5000;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      { spreadsheet: { sheets: { Reviews: sheetRows(ROWS, 'a'), Other: sheetRows(600, 'b') } } },
      { latencyMs: 30, latencyJitterMs: 30, rpm: 3000, tpm: 2_000_000 },
    );
    await saveKey(h.emu);
    ownerKnown(h.emu); // jobs count against budgets when the owner runs them
  });
  afterAll(() => h.close());

  test('driven by several runJobStep calls at once, with faults and killed executions, ends with every row right once', async () => {
    await h.stub.configure({
      faults: [
        { kind: 'rate_limit', every: 17 },
        { kind: 'server_error', every: 23 },
        { kind: 'malformed', every: 29 },
        { kind: 'timeout', every: 41 },
        { kind: 'drop_item', every: 13 },
      ],
      timeoutHoldMs: 300,
    });
    await h.stub.reset();
    const jobId = await start(h, {
      sheet: 'Reviews',
      inputColumn: 'A',
      outputColumn: 'B',
      task: 'sentiment',
    });
    expect(h.emu.triggers().map((t) => t.handler)).toEqual(['runJobsInBackground']);
    // First, rounds of three steps at once that are all killed at different points (as a page closed
    // mid-step, or Apps Script stopping an execution); then steps that are left to finish.
    const killPoints = [
      [9, 23, 41],
      [57, 76, 101],
      [130, 33, 88],
      [17, 149, 64],
    ];
    let killed = 0;
    for (const points of killPoints) {
      const results = await Promise.all(
        points.map((n) => h.emu.run('runJobStep', [jobId], { killAtServiceCall: n })),
      );
      killed += results.filter((r) => r.stopped === 'killed').length;
      h.emu.advanceClock(8 * 60_000); // the killed steps' claims and reservations expire
    }
    const partway = await status(h, jobId);
    let s = partway;
    for (let round = 0; s.state === 'running' && round < 20; round++) {
      await Promise.all([step(h, jobId), step(h, jobId), step(h, jobId)]);
      s = await status(h, jobId);
    }
    await h.stub.configure({ faults: [] });
    expect(killed).toBe(12);
    expect(partway.done).toBeGreaterThan(0);
    expect(partway.remaining).toBeGreaterThan(0);
    expect(s.state).toBe('done');
    checkColumn(h, 'Reviews', ROWS, s);
    expect(h.emu.writeCounts('Reviews', 'B').filter((n) => n > 1)).toEqual([]);
    expect(h.emu.triggers()).toEqual([]);
    const usage = (await h.emu.run('getUsage')).value as {
      spreadsheet: { totalTokens: number; unsettledTokens: number };
    };
    const billed = (await h.stub.stats()).totalTokens;
    const settled = usage.spreadsheet.totalTokens - usage.spreadsheet.unsettledTokens;
    expect(settled).toBeLessThanOrEqual(billed);
    expect(usage.spreadsheet.totalTokens).toBeGreaterThanOrEqual(billed);
  });

  test('without kills the budget charged equals what the API billed, to the token', async () => {
    h.emu.sheet('Other').setValues(
      'B2:B601',
      Array.from({ length: 600 }, () => ['']),
    );
    await h.emu.run('clearCache');
    const before = ((await h.emu.run('getUsage')).value as { spreadsheet: { totalTokens: number } })
      .spreadsheet.totalTokens;
    await h.stub.reset();
    const jobId = await start(h, { sheet: 'Other', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' });
    let s = await status(h, jobId);
    while (s.state === 'running') s = (await step(h, jobId)) ?? s;
    const after = ((await h.emu.run('getUsage')).value as { spreadsheet: { totalTokens: number } })
      .spreadsheet.totalTokens;
    expect(after - before).toBe((await h.stub.stats()).totalTokens);
    expect(s.tokens).toBe((await h.stub.stats()).totalTokens);
  });
});

test('a sparse column of 8,000 rows with 8 texts is done in one step, one request and a few claims', async () => {
  const rows = [
    ['Review', 'Sentiment'],
    ...Array.from({ length: 8_000 }, (_, i) => [i % 1_000 === 3 ? `I love it, excellent #${i}` : '', '']),
  ];
  const h = await startHarness({ spreadsheet: { sheets: { Sparse: rows } } });
  try {
    await saveKey(h.emu);
    ownerKnown(h.emu); // jobs count against budgets when the owner runs them
    const jobId = await start(h, {
      sheet: 'Sparse',
      inputColumn: 'A',
      outputColumn: 'B',
      task: 'sentiment',
      lastRow: 8_001,
    });
    const r = await h.emu.run('runJobStep', [jobId]);
    expect(r.value).toMatchObject({ state: 'done', done: 8_000, failed: 0 });
    expect(r.urlFetchRequests).toBe(1);
    // every lock of the step (claims, the reservation and its settling, the commit, tidying): with
    // 125-row chunks it would be two per chunk, 128 for the 64 chunks of 8,000 rows
    expect(r.serviceCallsByMethod['LockService.Lock.tryLock']).toBeLessThanOrEqual(10);
    const written = h.emu
      .sheet('Sparse')
      .getValues()
      .slice(1)
      .filter((row) => row[1] !== '');
    expect(written).toHaveLength(8);
    expect(written.every((row) => row[1] === 'positive')).toBe(true);
  } finally {
    await h.close();
  }
});

describe('jobs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      spreadsheet: { sheets: { Reviews: sheetRows(300, 'r'), Second: sheetRows(300, 's') } },
    });
    await saveKey(h.emu);
    ownerKnown(h.emu); // jobs count against budgets when the owner runs them
  });
  afterEach(() => h.close());

  test('answers that look like formulas are written as text', async () => {
    h.emu.sheet('Reviews').setValues('A2:A4', [['=IMPORTXML("http://x","//a")'], ['+cmd|calc'], ['@SUM(1)']]);
    const jobId = await start(h, {
      sheet: 'Reviews',
      inputColumn: 'A',
      outputColumn: 'C',
      task: 'prompt',
      args: { prompt: 'Repeat the text exactly' },
      lastRow: 4,
    });
    const s = await step(h, jobId);
    expect(s?.state).toBe('done');
    expect(h.emu.sheet('Reviews').getFormulas('C2:C4').flat()).toEqual(['', '', '']);
    for (const [v] of h.emu.sheet('Reviews').getValues('C2:C4')) expect(typeof v).toBe('string');
  });

  test('two tabs run at once without mixing, and a second job on the same output range is refused', async () => {
    const a = await start(h, { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' });
    const b = await start(h, { sheet: 'Second', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' });
    const clash = await h.emu.run('startColumnJob', [
      { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment', firstRow: 100 },
    ]);
    expect(clash.error?.message).toMatch(/Another job still has rows 100–301 to write in column B/);
    await Promise.all([step(h, a), step(h, b)]);
    checkColumn(h, 'Reviews', 300, await status(h, a));
    checkColumn(h, 'Second', 300, await status(h, b));
  });

  test('failed rows are recorded with their reason and only they are retried', async () => {
    await h.stub.configure({ faults: [{ kind: 'server_error', count: 12 }] });
    const jobId = await start(h, {
      sheet: 'Reviews',
      inputColumn: 'A',
      outputColumn: 'B',
      task: 'sentiment',
      lastRow: 101,
    });
    let s = (await step(h, jobId)) as Status;
    expect(s.state).toBe('done');
    expect(s.failed).toBeGreaterThan(0);
    expect(s.failures[0]).toMatchObject({ code: 'server' });
    await h.stub.configure({ faults: [] });
    await h.stub.reset();
    const resumed = (await h.emu.run('resumeColumnJob', [jobId, true])).value as Status;
    expect(resumed).toMatchObject({ state: 'running', failed: 0 });
    s = (await step(h, jobId)) as Status;
    expect(s).toMatchObject({ state: 'done', failed: 0 });
    expect((await h.stub.stats()).chatCompletions).toBeLessThanOrEqual(Math.ceil(s.total / 25) + 1);
    checkColumn(h, 'Reviews', 100, s);
  });

  test('a job the budget cannot cover is refused, or run until the budget is reached when asked', async () => {
    await h.emu.run('setBudget', [{ tokens: 3000, period: 'total' }]);
    const refused = await h.emu.run('startColumnJob', [
      { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' },
    ]);
    expect(refused.error?.message).toMatch(/may need up to [\d,]+ tokens/);
    const jobId = await start(h, {
      sheet: 'Reviews',
      inputColumn: 'A',
      outputColumn: 'B',
      task: 'sentiment',
      untilBudget: true,
    });
    const s = (await step(h, jobId)) as Status;
    expect(s.state).toBe('paused');
    expect(s.message).toMatch(/budget is used up/);
    expect(s.done).toBeGreaterThan(0);
    expect(s.remaining).toBeGreaterThan(0);
  });

  test('cancelling stops the job and removes the trigger', async () => {
    const jobId = await start(h, {
      sheet: 'Reviews',
      inputColumn: 'A',
      outputColumn: 'B',
      task: 'sentiment',
    });
    const s = (await h.emu.run('cancelJob', [jobId])).value as Status;
    expect(s.state).toBe('cancelled');
    expect(h.emu.triggers()).toEqual([]);
    expect((await step(h, jobId))?.state).toBe('cancelled');
  });

  test('another user cannot run or cancel someone else’s job', async () => {
    const jobId = await start(h, {
      sheet: 'Reviews',
      inputColumn: 'A',
      outputColumn: 'B',
      task: 'sentiment',
    });
    const r = await h.emu.run('cancelJob', [jobId], { user: 'editor@example.com' });
    expect(r.error?.message).toMatch(/started by someone else/);
  });
});
