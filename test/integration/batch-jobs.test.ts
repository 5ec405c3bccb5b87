// Column jobs in batch mode through the bundle, against the stub's Batch API: from the upload to
// written cells, results out of order, failures asked again, an expired batch, cancel, inputs edited
// while the batch runs, files split by the limits, the budget held across the wait. (Conformance of
// the requests: batch-conformance.test.ts.)
import { GOOD_KEY, ownerKnown, saveKey, startHarness, type Harness } from './harness';
import { checkJob, expectedLabel, range, sheetRows, start, status, step, type Status } from './job-helpers';

interface BatchShown {
  uploaded: number;
  validating: number;
  inProgress: number;
  completed: number;
  expired: number;
  failed: number;
  cancelled: number;
  savedUsd: number;
}
type BatchStatus = Status & {
  mode: string;
  queued: number;
  costUsd: number;
  batch: BatchShown;
  pollAfterMs: number | null;
};

const SENTIMENT = { inputColumn: 'A', outputColumn: 'B', task: 'sentiment', mode: 'batch' };
/** Longer than the longest wait between two looks at a job's batches (10 minutes). */
const PAST_A_LOOK_MS = 11 * 60_000;

async function batchStep(h: Harness, jobId: string): Promise<BatchStatus> {
  return (await step(h, jobId)) as BatchStatus;
}

/** The next look at the job's batches: time passes, then a step (as a page or the trigger runs it). */
async function look(h: Harness, jobId: string): Promise<BatchStatus> {
  h.emu.advanceClock(PAST_A_LOOK_MS);
  return batchStep(h, jobId);
}

/** Looks until the job leaves `running`. */
async function lookUntilOver(h: Harness, jobId: string, rounds = 12): Promise<BatchStatus> {
  let s = (await status(h, jobId)) as BatchStatus;
  for (let i = 0; s.state === 'running' && i < rounds; i++) s = await look(h, jobId);
  return s;
}

async function api(h: Harness, path: string): Promise<unknown> {
  const res = await fetch(`${h.stub.baseUrl}/v1${path}`, {
    headers: { authorization: `Bearer ${GOOD_KEY}` },
  });
  return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
}

interface ListedBatch {
  id: string;
  status: string;
  input_file_id: string;
  output_file_id: string | null;
  error_file_id: string | null;
  request_counts: { total: number };
}

async function batches(h: Harness): Promise<ListedBatch[]> {
  return ((await api(h, '/batches?limit=100')) as { data: [] }).data;
}

async function usage(h: Harness): Promise<{ totalTokens: number; costUsd: number; unsettledTokens: number }> {
  const r = await h.emu.run('getUsage');
  return (r.value as { spreadsheet: { totalTokens: number; costUsd: number; unsettledTokens: number } })
    .spreadsheet;
}

function reservations(h: Harness): Record<string, { tokens: number; until: number }> {
  return JSON.parse(h.emu.properties('document')['u:reserved'] ?? '{}') as Record<
    string,
    { tokens: number; until: number }
  >;
}

function syncRequests(stats: { captured: Array<{ path: string }> }): number {
  return stats.captured.filter((c) => c.path === '/v1/chat/completions').length;
}

describe('a 30,000-row column in batch mode', () => {
  const ROWS = 30_000;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      { spreadsheet: { sheets: { Reviews: sheetRows(ROWS, 'z') } } },
      { batchSecondsPerStage: 0 },
    );
    await saveKey(h.emu);
    ownerKnown(h.emu); // jobs count against budgets when the owner runs them
    await h.emu.run('setBudget', [{ tokens: 20_000_000, period: 'monthly' }]);
  });
  afterAll(() => h.close());

  test('goes from start to written cells through one uploaded file and one batch, with no synchronous request', async () => {
    await h.stub.reset();
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    const sent = await batchStep(h, jobId);
    expect(sent).toMatchObject({ state: 'running', mode: 'batch', batch: { uploaded: 1 } });
    expect(sent.queued).toBeGreaterThan(29_000);
    expect(sent.pollAfterMs).toBeGreaterThan(0);
    const s = await lookUntilOver(h, jobId);
    expect(s).toMatchObject({ state: 'done', failed: 0, remaining: 0, batch: { completed: 1, failed: 0 } });
    const stats = await h.stub.stats();
    expect(stats).toMatchObject({ filesUploaded: 1, batchesCreated: 1 });
    expect(syncRequests(stats)).toBe(0);
    expect(stats.batchRequestsCompleted).toBeGreaterThanOrEqual(Math.ceil((ROWS * 96) / 97 / 25));
    expect(s.tokens).toBe(stats.batchTokens);
    expect(s.batch.savedUsd).toBeCloseTo(s.costUsd, 6);
    // The file it uploaded and the results it read are deleted at OpenAI.
    const [batch] = await batches(h);
    for (const file of [batch.input_file_id, batch.output_file_id])
      expect(((await api(h, `/files/${file}`)) as { error?: { message: string } }).error?.message).toMatch(
        /No such File/i,
      );
    expect(checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, ROWS + 1) })).toBe(
      ROWS,
    );
  });
});

describe('a job in batch mode', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(
      { spreadsheet: { sheets: { Reviews: sheetRows(300, 'r') } } },
      { batchSecondsPerStage: 0 },
    );
    await saveKey(h.emu);
    ownerKnown(h.emu); // jobs count against budgets when the owner runs them
    await h.stub.reset();
  });
  afterEach(() => h.close());

  test('results that come back in another order than asked are matched to their rows by custom_id', async () => {
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    await batchStep(h, jobId);
    const [batch] = await batches(h);
    const asked = await api(
      h,
      `/files/${((await api(h, `/batches/${batch.id}`)) as { input_file_id: string }).input_file_id}/content`,
    );
    const finished = (await api(h, `/batches/${batch.id}`)) as { output_file_id: string };
    const output = (await api(h, `/files/${finished.output_file_id}/content`)) as string;
    const order = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);
    expect(new Set(order(output))).toEqual(new Set(order(asked as string)));
    expect(order(output)).not.toEqual(order(asked as string));
    const s = await lookUntilOver(h, jobId);
    expect(s.state).toBe('done');
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
  });

  test('requests that failed in a batch are asked again (a new batch, then the normal path for the few left), and every row ends right', async () => {
    h.emu.sheet('Reviews').setValues('A2:B901', sheetRows(900, 'f').slice(1));
    await h.stub.configure({ batchFailEvery: 2 });
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT, lastRow: 901 });
    await batchStep(h, jobId);
    const s = await lookUntilOver(h, jobId);
    await h.stub.configure({ batchFailEvery: null });
    expect(s).toMatchObject({ state: 'done', failed: 0 });
    const stats = await h.stub.stats();
    expect(stats.batchRequestsFailed).toBeGreaterThan(0);
    expect(stats.batchesCreated).toBeGreaterThanOrEqual(2);
    expect(syncRequests(stats)).toBeGreaterThan(0);
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 901) });
  });

  test('an expired batch: what finished is written and billed, the job pauses saying so, and Resume sends the rest in a new batch', async () => {
    await h.stub.configure({ batchSecondsPerStage: null });
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    await batchStep(h, jobId);
    await h.stub.advanceBatches({ completeRequests: 4, to: 'expired' });
    const paused = await look(h, jobId);
    expect(paused.state).toBe('paused');
    expect(paused.message).toMatch(
      /rows were not answered within the 24 hours.*Resume to send them in a new batch/,
    );
    expect(paused.done).toBeGreaterThanOrEqual(4 * 24);
    expect(paused.remaining).toBeGreaterThan(0);
    expect(paused.batch.expired).toBe(1);
    const billed = (await h.stub.stats()).batchTokens;
    expect(paused.tokens).toBe(billed);
    expect((await usage(h)).totalTokens).toBe(billed);
    expect(reservations(h)).toEqual({});

    const resumed = (await h.emu.run('resumeColumnJob', [jobId, false])).value as BatchStatus;
    expect(resumed.state).toBe('running');
    await batchStep(h, jobId);
    expect((await h.stub.stats()).batchesCreated).toBe(2);
    await h.stub.advanceBatches({ to: 'completed' });
    const s = await lookUntilOver(h, jobId);
    expect(s).toMatchObject({ state: 'done', failed: 0, batch: { completed: 1, expired: 1 } });
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
  });

  test('cancelling cancels the batches at OpenAI, writes nothing more, and settles what they billed before', async () => {
    await h.stub.configure({ batchSecondsPerStage: null });
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    await batchStep(h, jobId);
    await h.stub.advanceBatches({ completeRequests: 3 });
    const cancelled = (await h.emu.run('cancelJob', [jobId])).value as BatchStatus;
    expect(cancelled.state).toBe('cancelled');
    expect((await h.stub.stats()).batchesCancelled).toBe(1);
    const [batch] = await batches(h);
    expect(batch.status).toBe('cancelling');
    // Cancelling takes a while at OpenAI; the next list of jobs a page asks for settles it.
    await h.stub.advanceBatches({ to: 'cancelled' });
    h.emu.advanceClock(PAST_A_LOOK_MS);
    await h.emu.run('listColumnJobs');
    const billed = (await h.stub.stats()).batchTokens;
    expect(billed).toBeGreaterThan(0);
    expect((await usage(h)).totalTokens).toBe(billed);
    expect(reservations(h)).toEqual({});
    const s = (await status(h, jobId)) as BatchStatus;
    // Done: only the four blank inputs (rows 7, 104, 201, 298), written before the cancel; the answers
    // of the three requests that ran are billed but not written.
    expect(s).toMatchObject({ state: 'cancelled', done: 4, tokens: billed, batch: { cancelled: 1 } });
    expect(
      h.emu
        .sheet('Reviews')
        .getValues('B2:B301')
        .flat()
        .filter((v) => v !== ''),
    ).toEqual([]);
  });

  test('an input edited between upload and collection is answered again by the normal path, from its new text', async () => {
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    await batchStep(h, jobId);
    const view = h.emu.sheet('Reviews');
    view.setValues('A10:A12', [
      ['Broken and terrible #e1'],
      ['I love it, excellent #e2'],
      ['最高です、満足 #e3'],
    ]);
    const s = await lookUntilOver(h, jobId);
    expect(s).toMatchObject({ state: 'done', failed: 0, changes: { edited: 3 } });
    expect(view.getValues('B10:B12').flat()).toEqual(['negative', 'positive', 'positive']);
    expect(syncRequests(await h.stub.stats())).toBeGreaterThan(0);
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
  });

  test('the sheet sorted, rows moved and deleted during the wait: every answer is collected into its own row', async () => {
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    await batchStep(h, jobId);
    h.emu.sortRange('Reviews', 'A2:B301', { column: 'A', ascending: false });
    h.emu.moveRows('Reviews', 10, 5, 200);
    h.emu.deleteRows('Reviews', 50, 2);
    const s = await lookUntilOver(h, jobId);
    expect(s).toMatchObject({ state: 'done', failed: 0, total: 298, done: 298 });
    expect(syncRequests(await h.stub.stats())).toBe(0);
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 299) });
    expect(h.emu.writeCounts('Reviews', 'B').filter((n) => n > 1)).toEqual([]);
  });

  test('a job over the per-file request limit is sent again as two batches', async () => {
    await h.stub.configure({ batchMaxRequests: 8 }); // the job makes 12 requests
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    await batchStep(h, jobId);
    const s = await lookUntilOver(h, jobId);
    expect(s).toMatchObject({ state: 'done', failed: 0, batch: { uploaded: 3, completed: 2, failed: 1 } });
    const all = await batches(h);
    const counts = all.filter((b) => b.status === 'completed').map((b) => b.request_counts.total);
    expect(counts).toEqual([6, 6]);
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
  });

  test('the budget is held across the wait: reserved at upload at the batch price for longer than an execution, settled at collection', async () => {
    await h.stub.configure({ batchSecondsPerStage: null });
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    await batchStep(h, jobId);
    const held = Object.values(reservations(h));
    expect(held).toHaveLength(1);
    const before = (await h.emu.run('getUsage')).value as { spreadsheet: { remaining: number } };
    h.emu.advanceClock(3 * 3600_000); // far past the 7 minutes of an ordinary reservation
    await batchStep(h, jobId);
    expect(Object.values(reservations(h))).toEqual(held);
    const during = (await h.emu.run('getUsage')).value as {
      spreadsheet: { remaining: number; unsettledTokens: number };
    };
    expect(during.spreadsheet).toMatchObject({ remaining: before.spreadsheet.remaining, unsettledTokens: 0 });
    await h.stub.advanceBatches({ to: 'completed' });
    const s = await lookUntilOver(h, jobId);
    expect(s.state).toBe('done');
    expect(reservations(h)).toEqual({});
    const billed = (await h.stub.stats()).batchTokens;
    const spent = await usage(h);
    expect(spent).toMatchObject({ totalTokens: billed, unsettledTokens: 0 });
    expect(spent.costUsd).toBeCloseTo(s.costUsd, 6);
    // Half the synchronous price: what it saved is what it cost.
    expect(s.batch.savedUsd).toBeCloseTo(s.costUsd, 6);
  });

  test('result lines whose usage is missing or negative charge the batch its reservation, never less', async () => {
    await h.stub.configure({ batchSecondsPerStage: null, usageOverride: { prompt_tokens: -150000 } });
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    await batchStep(h, jobId);
    const [held] = Object.values(reservations(h)) as Array<{ tokens: number }>;
    await h.stub.advanceBatches({ to: 'completed' });
    const s = await lookUntilOver(h, jobId);
    expect(s.state).toBe('done');
    const spent = await usage(h);
    expect(spent.totalTokens).toBeGreaterThanOrEqual(held.tokens);
    expect(spent.totalTokens).toBeGreaterThanOrEqual((await h.stub.stats()).batchTokens);
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
  });

  test('a batch refused for the enqueued-token limit is sent again later, in files that fit the limit the API named', async () => {
    await h.stub.configure({ batchEnqueuedTokenLimit: 6000 });
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT });
    await batchStep(h, jobId);
    const refused = await look(h, jobId);
    expect(refused).toMatchObject({ state: 'running', batch: { failed: 1 } });
    const s = await lookUntilOver(h, jobId, 30);
    expect(s).toMatchObject({ state: 'done', failed: 0 });
    const stats = await h.stub.stats();
    expect(stats.batchesCreated).toBeGreaterThanOrEqual(3);
    const failed = (await batches(h)).filter((b) => b.status === 'failed');
    expect(failed).toHaveLength(1);
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
  });

  test('rows the cache already answers are written at once and never uploaded', async () => {
    const warm = await start(h, { sheet: 'Reviews', ...SENTIMENT, lastRow: 101, mode: 'now' });
    await step(h, warm);
    h.emu.sheet('Reviews').setValues(
      'B2:B101',
      Array.from({ length: 100 }, () => ['']),
    );
    await h.stub.reset();
    const jobId = await start(h, { sheet: 'Reviews', ...SENTIMENT, outputColumn: 'C' });
    const sent = await batchStep(h, jobId);
    // The 99 cached answers and the blank input among rows 2-101, and the three blank inputs below.
    expect(sent.done).toBe(100 + 3);
    // Written at once, before any batch ran.
    h.emu
      .sheet('Reviews')
      .getValues('A2:C101')
      .forEach(([text, , answer]) => expect(answer).toBe(expectedLabel(text)));
    const [batch] = await batches(h);
    const input = (await api(
      h,
      `/files/${((await api(h, `/batches/${batch.id}`)) as { input_file_id: string }).input_file_id}/content`,
    )) as string;
    const rowsAsked = input
      .trim()
      .split('\n')
      .flatMap(
        (l) =>
          JSON.parse(
            (JSON.parse(l) as { body: { messages: Array<{ content: string }> } }).body.messages[1].content,
          ).items as Array<{ text: string }>,
      );
    expect(
      rowsAsked.some((item) => /#r(\d+)$/.test(item.text) && Number(/#r(\d+)$/.exec(item.text)?.[1]) < 100),
    ).toBe(false);
    const s = await lookUntilOver(h, jobId);
    expect(s.state).toBe('done');
    const view = h.emu.sheet('Reviews');
    view.getValues('A2:C301').forEach(([text, , answer]) => expect(answer).toBe(expectedLabel(text)));
  });
});
