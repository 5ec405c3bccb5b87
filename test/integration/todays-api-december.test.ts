// The add-on against the API as other clients met it by December 2026 (the stub serves each case from
// its capture, tools/openai-stub/data/models.json): prompt-cache writes billed at 1.25x, 429s whose
// wait is only in the message, the unverified organization's 404, batch lines refused for an internal
// "-batch" id, the October and November models, and dollar budgets with models of unknown price.
import type { CapturedExchange } from '../../tools/openai-stub';
import { allowFormulaModels, saveKey, startHarness, type Harness, forgetSetup } from './harness';
import { expectedLabel, range, checkJob, sheetRows, start, status, step, type Status } from './job-helpers';

const MOODS = ['I love it', 'Broke after a day', 'It is a kettle'];
const ROWS = 75;
const texts = Array.from({ length: ROWS }, (_, i) => `${MOODS[i % 3]} (order ${i + 1})`);
const LABELS: Record<string, string> = {
  'I love it': 'positive',
  'Broke after a day': 'negative',
  'It is a kettle': 'neutral',
};
/** 26 labelled examples in D2:E27 (under the 1,500-token cap): with the instructions, a prefix over 1,024 tokens. */
const EXAMPLES = Array.from({ length: 26 }, (_, i) => [
  `Example review ${i + 1}: the ${['blender', 'kettle', 'toaster', 'fan'][i % 4]} I bought in week ${i + 1} ${
    ['works well and looks great', 'stopped working on the second day', 'does what a kettle does'][i % 3]
  }, and the packaging was ${['fine', 'torn', 'ordinary'][i % 3]}.`,
  ['positive', 'negative', 'neutral'][i % 3],
]);

let h: Harness;
beforeAll(async () => {
  const rows: unknown[][] = [['Review', 'Result', '', 'Example', 'Label']];
  for (let i = 0; i < ROWS; i++) rows.push([texts[i], '', '', ...(EXAMPLES[i] ?? ['', ''])]);
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: rows } } });
});
afterAll(() => h.close());
beforeEach(async () => {
  await forgetSetup(h.emu);
  await h.stub.configure({
    faults: [],
    rateLimitHints: true,
    verificationCode: null,
    verificationModels: null,
    batchInternalIdModels: [],
    batchSecondsPerStage: 3,
  });
  await h.stub.reset();
});

const chats = async (): Promise<CapturedExchange[]> =>
  (await h.stub.stats()).captured.filter((c) => c.path === '/v1/chat/completions');

interface SpreadsheetUsage {
  costUsd: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  unpricedTokens: number;
}
async function spreadsheetUsage(): Promise<SpreadsheetUsage> {
  return ((await h.emu.run('getUsage')).value as { spreadsheet: SpreadsheetUsage }).spreadsheet;
}

describe('prompt-cache writes', () => {
  test('a few-shot examples range on gpt-6-luna: the cost shown is what OpenAI bills with writes at 1.25x input', async () => {
    await saveKey(h.emu);
    await h.stub.reset();
    const cells = await h.emu.evaluate('Sheet1', 'B2', `=GPT_SENTIMENT(A2:A${ROWS + 1}, , D2:E27)`);
    expect(cells.error).toBeUndefined();
    expect((cells.value as string[][]).map((r) => r[0])).toEqual(
      texts.map((t) => LABELS[t.replace(/ \(.*/, '')]),
    );
    const stats = await h.stub.stats();
    expect(stats.cacheWriteTokens).toBeGreaterThan(1024);
    const shown = await spreadsheetUsage();
    expect(shown).toMatchObject({
      inputTokens: stats.promptTokens,
      cachedInputTokens: stats.cachedTokens,
      cacheWriteTokens: stats.cacheWriteTokens,
      outputTokens: stats.completionTokens,
    });
    // gpt-6-luna: 0.10 input, 0.01 cached input, 0.50 output per million; writes at 1.25 x 0.10.
    const plain = stats.promptTokens - stats.cachedTokens - stats.cacheWriteTokens;
    const billed =
      (plain * 0.1 +
        stats.cachedTokens * 0.01 +
        stats.cacheWriteTokens * 0.125 +
        stats.completionTokens * 0.5) /
      1e6;
    const atOneX =
      ((plain + stats.cacheWriteTokens) * 0.1 + stats.cachedTokens * 0.01 + stats.completionTokens * 0.5) /
      1e6;
    expect(shown.costUsd).toBeCloseTo(billed, 6);
    process.stdout.write(
      `cache writes: shown ${shown.costUsd.toFixed(6)} USD, billed ${billed.toFixed(6)} USD; ` +
        `writes at 1x would show ${atOneX.toFixed(6)} (${((1 - atOneX / billed) * 100).toFixed(1)} % under)\n`,
    );
  });

  test('a column job’s estimate prices every input token as a possible cache write on models that bill writes', async () => {
    await saveKey(h.emu);
    const spec = { sheet: 'Sheet1', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' };
    const luna = (await h.emu.run('estimateColumnJob', [spec])).value as { estimatedCostUsd: number };
    const old = (await h.emu.run('estimateColumnJob', [{ ...spec, args: { model: 'gpt-5.4-nano' } }]))
      .value as {
      estimatedCostUsd: number;
      estimatedTokens: number;
    };
    expect(luna.estimatedCostUsd).toBeGreaterThan(0);
    expect(old.estimatedCostUsd).toBeGreaterThan(0);
    // Same input and output caps: luna's input at 0.125 (a write), nano's at 0.20 (no write fee).
    expect(luna.estimatedCostUsd).toBeLessThan(old.estimatedCostUsd);
  });
});

describe('429s whose wait is only in the message', () => {
  test('a 75-row range under 429s with no retry-after and no x-ratelimit-* headers ("try again in 3s") waits as the message says and answers every row', async () => {
    await saveKey(h.emu);
    await h.stub.configure({ rateLimitHints: false, faults: [{ kind: 'rate_limit', forMs: 3000 }] });
    await h.stub.reset();
    const cells = await h.emu.evaluate('Sheet1', 'B2', `=GPT_SENTIMENT(A2:A${ROWS + 1})`);
    expect(cells.error).toBeUndefined();
    const answered = (cells.value as string[][]).filter((r) =>
      ['positive', 'negative', 'neutral'].includes(r[0]),
    );
    const sent = await chats();
    const refused = sent.filter((c) => c.status === 429).length;
    process.stdout.write(
      `429 without hints: ${answered.length} of ${ROWS} answered after ${refused} refusals\n`,
    );
    expect(answered).toHaveLength(ROWS);
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(3);
  });

  test('a single cell refused with "try again in 1.5s" and no header is retried after the message’s wait, not the 0.5 s backoff (the 2 s floor without any hint: unit tests)', async () => {
    await saveKey(h.emu);
    // The fault's message names 1.5 s; the switch strips the headers, so the message decides: 1.6 s.
    await h.stub.configure({ rateLimitHints: false, faults: [{ kind: 'rate_limit', forMs: 1500 }] });
    await h.stub.reset();
    const started = h.emu.now();
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
    expect(cell.value).toBe('positive');
    expect(h.emu.now() - started).toBeGreaterThanOrEqual(1500);
  });
});

describe('an organization that is not verified', () => {
  const UNVERIFIED = 'sk-proj-unverified0123456789abcdefghij';

  test('the 404 says where to verify, in English and Japanese; the model is neither marked missing nor replaced', async () => {
    await saveKey(h.emu, UNVERIFIED);
    await h.emu.run('saveSettings', [{ model: 'gpt-5' }]);
    await h.stub.reset();
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A4)');
    expect(cell.error?.message).toMatch(/only verified organizations use the model "gpt-5"/);
    expect(cell.error?.message).toMatch(/platform\.openai\.com\/settings\/organization\/general/);
    expect((await chats()).map((c) => (c.body as { model: string }).model)).toEqual(['gpt-5']);
    const settings = (await h.emu.run('getSettings')).value as Record<string, unknown>;
    expect(settings.model).toBe('gpt-5');
    expect(settings.replacedModel ?? null).toBeNull();
    expect(h.emu.properties('document')['openai:lessons'] ?? '').not.toMatch(/missingSince/);
    const inJapanese = await startHarness(
      { spreadsheet: { locale: 'ja_JP', sheets: { Sheet1: [['最高です']] } } },
      {},
      h.stub,
    );
    try {
      await saveKey(inJapanese.emu, UNVERIFIED);
      await inJapanese.emu.run('saveSettings', [{ model: 'gpt-5' }]);
      const ja = await inJapanese.emu.evaluate('Sheet1', 'B1', '=GPT_SENTIMENT(A1)');
      expect(ja.error?.message).toMatch(/認証.*platform\.openai\.com\/settings\/organization\/general/);
    } finally {
      await inJapanese.close();
    }
  });

  test('code model_not_available is read the same way', async () => {
    await saveKey(h.emu, UNVERIFIED);
    await h.stub.configure({ verificationCode: 'model_not_available' });
    await h.emu.run('saveSettings', [{ model: 'o3' }]);
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
    expect(cell.error?.message).toMatch(/only verified organizations use the model "o3"/);
  });
});

describe('batch lines refused for an internal "-batch" id', () => {
  test('a batch job on gpt-5-mini whose lines all fail that way answers its rows by the normal path, and is not stopped', async () => {
    const tab = sheetRows(300, 'b');
    const rowsH = await startHarness(
      { spreadsheet: { sheets: { Reviews: tab } } },
      { batchSecondsPerStage: 0, batchInternalIdModels: ['gpt-5-mini'] },
    );
    try {
      await saveKey(rowsH.emu);
      const jobId = await start(rowsH, {
        sheet: 'Reviews',
        inputColumn: 'A',
        outputColumn: 'B',
        task: 'sentiment',
        mode: 'batch',
        args: { model: 'gpt-5-mini' },
      });
      let s: Status | undefined = await step(rowsH, jobId);
      for (let i = 0; i < 30 && s?.state === 'running'; i++) {
        rowsH.emu.advanceClock(11 * 60_000);
        s = await step(rowsH, jobId);
      }
      s = await status(rowsH, jobId);
      const stats = await rowsH.stub.stats();
      expect(stats.batchesCreated).toBe(1);
      expect(stats.batchRequestsFailed).toBeGreaterThan(0);
      expect(stats.chatCompletions).toBeGreaterThan(0);
      expect(s).toMatchObject({ state: 'done', failed: 0, remaining: 0 });
      expect(checkJob(rowsH.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) })).toBe(
        300,
      );
      const written = rowsH.emu.sheet('Reviews').getValues('A2:B301');
      expect(written.every(([text, label]) => text === '' || label === expectedLabel(text))).toBe(true);
    } finally {
      await rowsH.close();
    }
  });
});

describe('the models of October and November', () => {
  test('gpt-5-mini users are sent to gpt-6.1-terra, the replacement OpenAI names', async () => {
    await saveKey(h.emu);
    await h.emu.run('saveSettings', [{ model: 'gpt-5-mini' }]);
    const settings = (await h.emu.run('getSettings')).value as Record<string, unknown>;
    expect(settings).toMatchObject({ modelShutdownDate: '2026-12-11', modelReplacement: 'gpt-6.1-terra' });
  });

  test('gpt-6.2-sol and gpt-6.2-astra get effort low first, with no refusal; gpt-6.1-terra is priced', async () => {
    await saveKey(h.emu);
    await allowFormulaModels(h.emu, ['gpt-6.2-sol', 'gpt-6.2-astra', 'gpt-6.1-terra']);
    await h.stub.reset();
    for (const [cell, model] of [
      ['B2', 'gpt-6.2-sol'],
      ['B3', 'gpt-6.2-astra'],
      ['B4', 'gpt-6.1-terra'],
    ])
      expect((await h.emu.evaluate('Sheet1', cell, `=GPT("Shorten", A2, "${model}")`)).error).toBeUndefined();
    const bodies = (await chats()).map((c) => c.body as { model: string; reasoning_effort: string });
    expect(bodies.map((b) => [b.model, b.reasoning_effort])).toEqual([
      ['gpt-6.2-sol', 'low'],
      ['gpt-6.2-astra', 'low'],
      ['gpt-6.1-terra', 'none'],
    ]);
    expect((await h.stub.stats()).refusals).toEqual({});
    const listed = (await h.emu.run('listModels')).value as Array<{ id: string; priced: boolean }>;
    expect(listed).toContainEqual({ id: 'gpt-6.1-terra', shutdownDate: null, priced: true });
    expect(listed).toContainEqual({ id: 'gpt-6.2-astra', shutdownDate: null, priced: false });
  });
});

describe('a dollar budget always holds', () => {
  test('a model with no known price is refused under a dollar budget, with how to add its price, and nothing is sent', async () => {
    await saveKey(h.emu);
    await h.emu.run('setBudget', [{ usd: 0.01, period: 'monthly' }]);
    await allowFormulaModels(h.emu, ['gpt-6.2-astra']);
    await h.stub.reset();
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT("Shorten", A2, "gpt-6.2-astra")');
    expect(cell.error?.message).toMatch(/"gpt-6\.2-astra" has no known price.*saveSettings\(\{prices/);
    expect(await chats()).toHaveLength(0);
    // A job asking it pauses before anything is sent, run directly or through the Batch API.
    for (const [outputColumn, mode] of [
      ['B', {}],
      ['C', { mode: 'batch' }],
    ] as const) {
      const jobId = await start(h, {
        sheet: 'Sheet1',
        inputColumn: 'A',
        outputColumn,
        task: 'prompt',
        ...mode,
        args: { prompt: 'x', model: 'gpt-6.2-astra' },
      });
      const held = await step(h, jobId);
      expect(held).toMatchObject({ state: 'paused', done: 0, failed: 0 });
      expect((held as unknown as { message: string }).message).toMatch(/"gpt-6\.2-astra" has no known price/);
      expect(await chats()).toHaveLength(0);
      await h.emu.run('cancelJob', [jobId]);
    }
    expect((await h.stub.stats()).filesUploaded).toBe(0);
  });

  test('with the owner’s price for it the same model runs and is charged at that price', async () => {
    await saveKey(h.emu);
    await h.emu.run('setBudget', [{ usd: 1, period: 'monthly' }]);
    await h.emu.run('saveSettings', [
      {
        formulaModels: ['gpt-6.2-astra'],
        prices: { 'gpt-6.2-astra': { input: 10, cachedInput: 1, output: 50 } },
      },
    ]);
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT("Shorten", A2, "gpt-6.2-astra")');
    expect(cell.error).toBeUndefined();
    const stats = await h.stub.stats();
    const usage = await spreadsheetUsage();
    expect(usage.unpricedTokens).toBe(0);
    expect(usage.costUsd).toBeGreaterThan(((stats.promptTokens - stats.cachedTokens) * 10) / 1e6);
  });

  test('a fine-tuned ft:gpt-6-luna id is priced from gpt-6-luna at twice its price, and budgets in dollars hold for it', async () => {
    await saveKey(h.emu);
    const ft = 'ft:gpt-6-luna:acme::abc123';
    await h.stub.configure({ extraModels: [{ id: ft, family: 'gpt-6' }] });
    await allowFormulaModels(h.emu, [ft]);
    await h.stub.reset();
    const cell = await h.emu.evaluate('Sheet1', 'B2', `=GPT("Shorten", A2, "${ft}")`);
    expect(cell.error).toBeUndefined();
    const stats = await h.stub.stats();
    const usage = await spreadsheetUsage();
    const plain = stats.promptTokens - stats.cachedTokens - stats.cacheWriteTokens;
    const expected =
      (2 *
        (plain * 0.1 +
          stats.cachedTokens * 0.01 +
          stats.cacheWriteTokens * 0.125 +
          stats.completionTokens * 0.5)) /
      1e6;
    expect(usage.unpricedTokens).toBe(0);
    expect(usage.costUsd).toBeCloseTo(expected, 6);
    await h.stub.configure({ extraModels: [] });
  });
});
