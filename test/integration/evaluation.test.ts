// Evaluating a task against labelled rows, through the bundle: the stub's answers are known (its
// keyword model, and mistakes planted per model), one expected label is planted wrong, so every
// figure (accuracy, precision, recall, confusion counts, the recommended model) is known in advance.
import { finish, status, step, type Status } from './job-helpers';
import { saveKey, startHarness, type Harness } from './harness';

const CATEGORIES = 'quality,delivery,price,other';
/** Text, and the label both models give it unless a mistake is planted. */
const ROWS: Array<[string, string]> = [
  ['The zipper broke on the first trip', 'quality'],
  ['The battery died after a week', 'quality'],
  ['Faulty switch, stopped working', 'quality'],
  ['壊れていました', 'quality'],
  ['The sound is poor quality', 'quality'],
  ['The parcel arrived late', 'delivery'],
  ['Delivery took three weeks', 'delivery'],
  ['The courier left the box outside', 'delivery'],
  ['配送が遅い', 'delivery'],
  ['Shipped to the wrong city', 'delivery'],
  ['Too expensive for what it is', 'price'],
  ['Great value for the money', 'price'],
  ['The price went up again', 'price'],
  ['値段が高い', 'price'],
  ['Cost twice as much as elsewhere', 'price'],
  ['I have two of them', 'other'],
  ['My cat likes it', 'other'],
  ['Bought it for my sister', 'other'],
  ['Nothing to add', 'other'],
  ['See my other review', 'other'],
];
/** The expected column's one planted error: a person labelled the dead battery "delivery". */
const EXPECTED = ROWS.map(([text, label]) => (text.includes('battery') ? 'delivery' : label));
/** gpt-6-luna's planted mistakes; gpt-6-sol makes none. */
const MISTAKES = [
  { model: 'gpt-6-luna', contains: 'zipper', answer: 'delivery' },
  { model: 'gpt-6-luna', contains: '値段', answer: 'other' },
];
const MODELS = ['gpt-6-luna', 'gpt-6-sol'];

/** Rows 2..21 labelled, then a row with no expected answer and a blank input: neither is scored. */
function sheet(copies = 1): unknown[][] {
  const rows: unknown[][] = [['Review', 'Topic']];
  for (let c = 0; c < copies; c++)
    ROWS.forEach(([text], i) => rows.push([copies > 1 ? `${text} #${c}` : text, EXPECTED[i]]));
  rows.push(['Arrived broken', ''], ['', 'quality']);
  return rows;
}

interface ModelResult {
  model: string;
  rows: number;
  accuracy: number;
  normalizedAccuracy: number;
  perLabel: Record<string, { precision: number | null; recall: number | null }>;
  confusion: Record<string, Record<string, number>>;
  tokens: number;
  costUsd: number | null;
  costPer1000Rows: number | null;
  failed: number;
}
interface Evaluation {
  state: string;
  labels: string[];
  results: ModelResult[];
  recommended: string | null;
  wrongRows: number;
  reportSheet: string | null;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    spreadsheet: {
      sheets: {
        Labelled: sheet(),
        Many: sheet(10),
        Examples: [['Text', 'Answer']],
        Free: [
          ['Text', 'Translation'],
          ['Hello', '[Japanese] Hello'],
          ['Good night', '[japanese]  good night.'],
          ['Thank you', 'ありがとう'],
        ],
      },
    },
  });
  await saveKey(h.emu);
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.emu.run('clearCache');
  await h.stub.configure({ mistakes: MISTAKES, faults: [] });
  await h.stub.reset();
});

async function startEvaluation(spec: Record<string, unknown>, opts = {}): Promise<string> {
  const r = await h.emu.run('startEvaluation', [spec], opts);
  if (!r.ok) throw new Error(r.error?.message);
  return (r.value as { jobId: string }).jobId;
}

async function evaluation(jobId: string, opts = {}): Promise<Evaluation> {
  const r = await h.emu.run('getEvaluation', [jobId], opts);
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as Evaluation;
}

const SPEC = {
  sheet: 'Labelled',
  inputColumn: 'A',
  labelColumn: 'B',
  task: 'classify',
  args: { categories: CATEGORIES },
  models: MODELS,
};

describe('an evaluation with known figures', () => {
  let done: Status;
  let result: Evaluation;
  let billed: number;
  beforeAll(async () => {
    await h.emu.run('clearCache');
    await h.stub.configure({ mistakes: MISTAKES });
    await h.stub.reset();
    const jobId = await startEvaluation(SPEC);
    done = await finish(h, jobId);
    result = await evaluation(jobId);
    billed = (await h.stub.stats()).totalTokens;
  });

  test('it finishes, scores the 20 labelled rows per model and skips the rows with nothing to compare', () => {
    expect(done.state).toBe('done');
    expect({ done: done.done, skipped: done.skipped, failed: done.failed }).toEqual({
      done: 20,
      skipped: 2,
      failed: 0,
    });
    expect(result.results.map((r) => [r.model, r.rows, r.failed])).toEqual([
      ['gpt-6-luna', 20, 0],
      ['gpt-6-sol', 20, 0],
    ]);
  });

  test('accuracy counts exact labels: 17 of 20 for the model with two mistakes, 19 of 20 for the other', () => {
    const [luna, sol] = result.results;
    expect(luna.accuracy).toBeCloseTo(17 / 20, 10);
    expect(sol.accuracy).toBeCloseTo(19 / 20, 10);
  });

  test('the confusion counts are exactly the planted ones', () => {
    const [luna, sol] = result.results;
    expect(luna.confusion).toEqual({
      quality: { quality: 3, delivery: 1 },
      delivery: { delivery: 5, quality: 1 },
      price: { price: 4, other: 1 },
      other: { other: 5 },
    });
    expect(sol.confusion).toEqual({
      quality: { quality: 4 },
      delivery: { delivery: 5, quality: 1 },
      price: { price: 5 },
      other: { other: 5 },
    });
  });

  test('precision and recall per label follow from those counts', () => {
    const [luna, sol] = result.results;
    const close = (scores: Record<string, { precision: number | null; recall: number | null }>) =>
      Object.fromEntries(
        Object.entries(scores).map(([k, v]) => [k, [v.precision?.toFixed(4), v.recall?.toFixed(4)]]),
      );
    expect(close(luna.perLabel)).toEqual({
      quality: ['0.7500', '0.7500'],
      delivery: ['0.8333', '0.8333'],
      price: ['1.0000', '0.8000'],
      other: ['0.8333', '1.0000'],
    });
    expect(close(sol.perLabel)).toEqual({
      quality: ['0.8000', '1.0000'],
      delivery: ['1.0000', '0.8333'],
      price: ['1.0000', '1.0000'],
      other: ['1.0000', '1.0000'],
    });
  });

  test('the cheaper model is not within 2 points of the best, so the dearer one is recommended', () => {
    const [luna, sol] = result.results;
    expect(luna.costPer1000Rows).not.toBeNull();
    expect(luna.costPer1000Rows as number).toBeLessThan(sol.costPer1000Rows as number);
    expect(result.recommended).toBe('gpt-6-sol');
  });

  test('tokens are billed per model, and their sum is what the job and the API counted', () => {
    const [luna, sol] = result.results;
    expect(luna.tokens).toBeGreaterThan(0);
    expect(sol.tokens).toBeGreaterThan(0);
    expect(luna.tokens + sol.tokens).toBe(done.tokens);
    expect(done.tokens).toBe(billed);
  });

  test('nothing is written into the evaluated columns', () => {
    expect(h.emu.writeCounts('Labelled', 'A').every((n) => n === 0)).toBe(true);
    expect(h.emu.writeCounts('Labelled', 'B').every((n) => n === 0)).toBe(true);
  });

  test('the report tab holds the figures, the recommendation and the wrong rows side by side, as text', () => {
    expect(result.reportSheet).toMatch(/^Evaluation 2026-12-01/);
    const report = h.emu.sheet(result.reportSheet as string);
    const cells = report.getDisplayValues();
    const rowOf = (first: string) => cells.find((r) => r[0] === first) ?? [];
    expect(rowOf('gpt-6-luna').slice(0, 3)).toEqual(['gpt-6-luna', '20', '85.0 %']);
    expect(rowOf('gpt-6-sol').slice(0, 3)).toEqual(['gpt-6-sol', '20', '95.0 %']);
    expect(cells.flat().join('\n')).toContain('gpt-6-sol');
    const zipper = cells.find((r) => r[1] === 'The zipper broke on the first trip');
    expect(zipper?.slice(0, 5)).toEqual([
      '2',
      'The zipper broke on the first trip',
      'quality',
      'delivery',
      '✓',
    ]);
    const battery = cells.find((r) => r[1] === 'The battery died after a week');
    expect(battery?.slice(2, 5)).toEqual(['delivery', 'quality', 'quality']);
    expect(result.wrongRows).toBe(3);
    expect(
      report
        .getFormulas()
        .flat()
        .every((f) => f === ''),
    ).toBe(true);
    expect(
      report
        .getNumberFormats('A1:E5')
        .flat()
        .every((f) => f === '@'),
    ).toBe(true);
  });

  test('the finished status says where the report is', async () => {
    const after = await status(h, done.jobId);
    expect(after.message).toBe(`Evaluation finished. The report is in the tab "${result.reportSheet}".`);
  });
});

describe('an evaluation as a column job', () => {
  test('it can be resumed after killed steps, and no row is counted twice', async () => {
    const jobId = await startEvaluation({ ...SPEC, sheet: 'Many' });
    let killed = 0;
    for (const points of [
      [7, 19, 33],
      [12, 41, 27],
    ]) {
      const results = await Promise.all(
        points.map((n) => h.emu.run('runJobStep', [jobId], { killAtServiceCall: n })),
      );
      killed += results.filter((r) => r.stopped === 'killed').length;
      h.emu.advanceClock(8 * 60_000); // the killed steps' claims expire
    }
    expect(killed).toBeGreaterThan(0);
    let s = await status(h, jobId);
    for (let i = 0; s.state === 'running' && i < 20; i++) {
      await Promise.all([step(h, jobId), step(h, jobId)]);
      s = await status(h, jobId);
    }
    expect(s.state).toBe('done');
    const result = await evaluation(jobId);
    expect(result.results.map((r) => r.rows)).toEqual([200, 200]);
    expect(result.results[0].confusion.quality).toEqual({ quality: 30, delivery: 10 });
    expect(result.results[0].accuracy).toBeCloseTo(0.85, 10);
    expect(result.results[1].accuracy).toBeCloseTo(0.95, 10);
  });

  test('examples from a range go into every request, and examples among the evaluated rows are refused', async () => {
    h.emu.sheet('Examples').setValues('A2:B3', [
      ['The lid does not close', 'quality'],
      ['Left at the neighbour', 'delivery'],
    ]);
    const refused = await h.emu.run('startEvaluation', [{ ...SPEC, examples: 'A2:B4' }]);
    expect(refused.error?.message).toMatch(/examples come from the rows being evaluated/);
    const refusedJa = await h.emu.run('startEvaluation', [{ ...SPEC, examples: 'A2:B4' }], { locale: 'ja' });
    expect(refusedJa.error?.message).toMatch(/例が評価する行の中にあります/);
    const badRange = await h.emu.run('startEvaluation', [{ ...SPEC, examples: 'A2:C4' }]);
    expect(badRange.error?.message).toMatch(/range of this spreadsheet such as D2:E6/);

    const jobId = await startEvaluation({ ...SPEC, models: ['gpt-6-sol'], examples: "'Examples'!A2:B3" });
    await finish(h, jobId);
    const chats = (await h.stub.stats()).captured.filter((c) => c.path === '/v1/chat/completions');
    expect(chats.length).toBeGreaterThan(0);
    for (const c of chats) {
      const system = (c.body as { messages: Array<{ content: string }> }).messages[0].content;
      expect(system).toContain('{"text":"Left at the neighbour","answer":"delivery"}');
    }
    // Examples change the question: they were not answered from the first evaluation's cache.
    expect((await evaluation(jobId)).results[0].rows).toBe(20);
  });

  test('a free-text task is scored by exact and by normalized matches, and the differences are listed', async () => {
    const jobId = await startEvaluation({
      sheet: 'Free',
      inputColumn: 'A',
      labelColumn: 'B',
      task: 'translate',
      args: { target_language: 'Japanese' },
      models: ['gpt-6-luna'],
    });
    expect((await finish(h, jobId)).state).toBe('done');
    const result = await evaluation(jobId);
    const [r] = result.results;
    expect([r.rows, r.accuracy, r.normalizedAccuracy]).toEqual([3, 1 / 3, 2 / 3]);
    expect(result.labels).toEqual([]);
    expect(r.confusion).toEqual({});
    expect(result.wrongRows).toBe(2);
    const cells = h.emu.sheet(result.reportSheet as string).getDisplayValues();
    expect(cells.find((row) => row[1] === 'Thank you')?.slice(2, 4)).toEqual([
      'ありがとう',
      '[Japanese] Thank you',
    ]);
  });

  test('a fourth model is refused with a message saying the limit', async () => {
    const r = await h.emu.run('startEvaluation', [
      { ...SPEC, models: ['gpt-6-luna', 'gpt-6-sol', 'gpt-5-mini', 'gpt-5-nano'] },
    ]);
    expect(r.error?.message).toMatch(/3/);
  });

  test('an evaluation’s figures are the starter’s: another editor is refused', async () => {
    const jobId = await startEvaluation({ ...SPEC, models: ['gpt-6-luna'] });
    const other = await h.emu.run('getEvaluation', [jobId], { user: 'editor@example.com' });
    expect(other.error?.message).toMatch(/started by someone else/);
    await h.emu.run('cancelJob', [jobId]);
  });
});

describe('the estimate of an evaluation', () => {
  interface Estimate {
    estimatedTokens: number;
    estimatedCostUsd: number | null;
    modes: Record<'now' | 'batch', { estimatedTokens: number; estimatedCostUsd: number; requests: number }>;
  }
  const estimate = async (models: string[]) => {
    const run = await h.emu.run('estimateEvaluationRun', [{ ...SPEC, models }]);
    expect(run.error).toBeUndefined();
    return run.value as Estimate;
  };

  test('with two models it is the sum of each alone, in the figures and in each mode', async () => {
    const [luna, sol, both] = await Promise.all([
      estimate(['gpt-6-luna']),
      estimate(['gpt-6-sol']),
      estimate(['gpt-6-luna', 'gpt-6-sol']),
    ]);
    expect(both.estimatedTokens).toBe(luna.estimatedTokens + sol.estimatedTokens);
    expect(both.estimatedCostUsd).toBeCloseTo((luna.estimatedCostUsd ?? 0) + (sol.estimatedCostUsd ?? 0), 12);
    for (const mode of ['now', 'batch'] as const) {
      expect(both.modes[mode].estimatedTokens).toBe(both.estimatedTokens);
      expect(both.modes[mode].requests).toBe(luna.modes[mode].requests + sol.modes[mode].requests);
    }
    expect(both.modes.now.estimatedCostUsd).toBeCloseTo(both.estimatedCostUsd ?? 0, 12);
  });
});
