// The add-on against the API of December 2026 (the stub's dated catalogue): retired models, the
// default chosen from the key's list, parameters learned from refusals, reasoning and cached
// tokens in the bill, restricted keys, and answers that cannot be forged by repeating an id.
import type { CapturedExchange } from '../../tools/openai-stub';
import {
  allowFormulaModels,
  column,
  GOOD_KEY,
  saveKey,
  startHarness,
  type Harness,
  forgetSetup,
} from './harness';

const TEXTS = ['I love it', 'Broke after a day', 'It is a kettle', '最高です', 'ひどい'];

let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    { spreadsheet: { sheets: { Sheet1: column('Review', TEXTS) } } },
    {
      extraModels: [
        {
          id: 'gpt-7-nova',
          family: {
            reasoning: true,
            efforts: ['low', 'medium', 'high'],
            defaultEffort: 'medium',
            temperature: 'default_only',
            tokenParams: ['max_completion_tokens'],
          },
        },
        {
          id: 'acme-chat-1',
          family: { reasoning: false, temperature: 'default_only', tokenParams: ['max_tokens'] },
        },
      ],
    },
  );
});
afterAll(() => h.close());
beforeEach(async () => {
  await forgetSetup(h.emu);
  await h.stub.configure({ faults: [] });
  await h.stub.reset();
});

/** Saves the key and lets formulas name the models these tests try (the owner's choice). */
async function ownerKey(): Promise<void> {
  await saveKey(h.emu);
  await allowFormulaModels(h.emu, [
    'gpt-7-nova',
    'acme-chat-1',
    'gpt-6.1-sol',
    'gpt-5.6-terra',
    'gpt-6-lunaa',
  ]);
}

const chats = async (): Promise<CapturedExchange[]> =>
  (await h.stub.stats()).captured.filter((c) => c.path === '/v1/chat/completions');
const sentModels = async () => (await chats()).map((c) => (c.body as { model: string }).model);

async function settings(locale = 'en') {
  const result = await h.emu.run('getSettings', [], { locale });
  return result.value as Record<string, unknown>;
}

describe('the model', () => {
  test('a new user’s key picks the cheapest current model from the live list: gpt-6-luna', async () => {
    const saved = await h.emu.run('saveApiKey', [GOOD_KEY]);
    expect(saved.value).toMatchObject({ ok: true, model: 'gpt-6-luna', listed: true });
    expect((await settings()).model).toBe('gpt-6-luna');
    await h.stub.reset();
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
    expect(cell.value).toBe('positive');
    expect(await sentModels()).toEqual(['gpt-6-luna']);
  });

  test('a user still on the retired gpt-4.1-nano is moved to gpt-6-luna and the sidebar says so', async () => {
    await saveKey(h.emu);
    h.emu.setProperty(
      'user',
      'settings',
      JSON.stringify({ model: 'gpt-4.1-nano', baseUrl: 'https://api.openai.com/v1', prices: {} }),
    );
    await h.stub.reset();
    const cells = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A6)');
    expect(cells.error).toBeUndefined();
    expect(await sentModels()).toEqual(['gpt-6-luna']);
    expect(await settings()).toMatchObject({
      model: 'gpt-6-luna',
      chosenModel: 'gpt-4.1-nano',
      replacedModel: 'gpt-4.1-nano',
    });
  });

  test('the settings report the chosen model’s shutdown date and replacement', async () => {
    await saveKey(h.emu);
    await h.emu.run('saveSettings', [{ model: 'gpt-5' }]);
    expect(await settings()).toMatchObject({
      model: 'gpt-5',
      modelShutdownDate: '2026-12-11',
      modelShutdownDays: 10,
      modelReplacement: 'gpt-6.1-sol',
    });
    const listed = (await h.emu.run('listModels')).value as Array<{
      id: string;
      shutdownDate: string | null;
    }>;
    expect(listed).toContainEqual({ id: 'gpt-5', shutdownDate: '2026-12-11', priced: true });
    expect(listed).toContainEqual({ id: 'gpt-6-luna', shutdownDate: null, priced: true });
    expect(listed.map((m) => m.id)).not.toContain('gpt-4.1-nano');
  });

  test('choosing a retired model in Settings is refused with what to choose instead', async () => {
    await saveKey(h.emu);
    const result = await h.emu.run('saveSettings', [{ model: 'gpt-4.1-nano' }], { locale: 'ja' });
    expect(result.error?.message).toContain('提供終了');
    expect(result.error?.message).toContain('gpt-6-luna');
  });

  test('a formula naming a retired model says so in the cell, with no request', async () => {
    await saveKey(h.emu);
    await h.stub.reset();
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT("Shorten", A2, "gpt-4.1-nano")');
    expect(cell.error?.message).toMatch(
      /OpenAI retired the model "gpt-4\.1-nano" on 2026-10-23.*gpt-6-luna.*Settings > Model/,
    );
    expect(await chats()).toHaveLength(0);
  });

  test('the settings model retired earlier than the table knew: one 404, then the replacement, and never again', async () => {
    await saveKey(h.emu);
    await h.emu.run('saveSettings', [{ model: 'gpt-5-mini' }]);
    await h.stub.configure({ today: '2026-12-12' }); // OpenAI has shut gpt-5 down; the add-on's clock says 12-01
    try {
      await h.stub.reset();
      const first = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A3)');
      expect(first.value).toEqual([['positive'], ['negative']]);
      expect(await sentModels()).toEqual(['gpt-5-mini', 'gpt-6.1-terra']);
      await h.stub.reset();
      await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A4)');
      expect(await sentModels()).toEqual(['gpt-6.1-terra']);
      expect(await settings()).toMatchObject({ model: 'gpt-6.1-terra', replacedModel: 'gpt-5-mini' });
    } finally {
      await h.stub.configure({ today: '2026-12-01' });
    }
  });

  test('a model the add-on has never heard of that does not exist is named as not found', async () => {
    await ownerKey();
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT("Shorten", A2, "gpt-6-lunaa")');
    expect(cell.error?.message).toMatch(/The model "gpt-6-lunaa" does not exist/);
  });
});

describe('parameters per family', () => {
  test('labels use the cheapest effort: no reasoning tokens billed on gpt-6-luna', async () => {
    await saveKey(h.emu);
    await h.stub.reset();
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A6)');
    const [chat] = await chats();
    expect(chat.body).toMatchObject({ model: 'gpt-6-luna', reasoning_effort: 'none' });
    expect((chat.body as Record<string, unknown>).temperature).toBeUndefined();
    expect((await h.stub.stats()).reasoningTokens).toBe(0);
  });

  test('a family the add-on has never seen is learned with at most one refusal per parameter', async () => {
    await ownerKey();
    await h.stub.reset();
    expect((await h.emu.evaluate('Sheet1', 'B2', '=GPT("Shorten", A2, "gpt-7-nova")')).error).toBeUndefined();
    expect(
      (await h.emu.evaluate('Sheet1', 'C2', '=GPT("Shorten", A2, "acme-chat-1")')).error,
    ).toBeUndefined();
    const first = (await h.stub.stats()).refusals;
    expect(first).toEqual({
      'gpt-7-nova unsupported_value reasoning_effort': 1,
      'acme-chat-1 unsupported_value temperature': 1,
      'acme-chat-1 unsupported_parameter max_completion_tokens': 1,
    });
    await h.stub.reset();
    expect((await h.emu.evaluate('Sheet1', 'B3', '=GPT("Shorten", A3, "gpt-7-nova")')).error).toBeUndefined();
    expect(
      (await h.emu.evaluate('Sheet1', 'C3', '=GPT("Shorten", A3, "acme-chat-1")')).error,
    ).toBeUndefined();
    expect((await h.stub.stats()).refusals).toEqual({});
    const bodies = (await chats()).map((c) => c.body as Record<string, unknown>);
    expect(bodies[0]).toMatchObject({ model: 'gpt-7-nova', reasoning_effort: 'low' });
    expect(bodies[1]).toMatchObject({ model: 'acme-chat-1', max_tokens: expect.any(Number) });
    expect(bodies[1].temperature).toBeUndefined();
  });
});

describe('accounting', () => {
  test('reasoning tokens are charged as output, cached input at the cached price and cache writes at 1.25x input', async () => {
    await ownerKey();
    // A long, repeated instruction: the second request's prefix is served from OpenAI's cache.
    const instruction = `Rewrite in formal English. ${'Keep every product name exactly as written. '.repeat(150)}`;
    h.emu.sheet('Sheet1').setValues('E1', [[instruction]]);
    await h.stub.reset();
    await h.emu.evaluate('Sheet1', 'B2', '=GPT(E1, A2, "gpt-6.1-sol")');
    await h.emu.evaluate('Sheet1', 'B3', '=GPT(E1, A3, "gpt-6.1-sol")');
    const stats = await h.stub.stats();
    expect(stats.reasoningTokens).toBeGreaterThan(0);
    expect(stats.cachedTokens).toBeGreaterThanOrEqual(1024);
    const usage = (await h.emu.run('getUsage')).value as { spreadsheet: Record<string, number> };
    const s = usage.spreadsheet;
    expect(s).toMatchObject({
      inputTokens: stats.promptTokens,
      cachedInputTokens: stats.cachedTokens,
      cacheWriteTokens: stats.cacheWriteTokens,
      outputTokens: stats.completionTokens,
      reasoningTokens: stats.reasoningTokens,
      unpricedTokens: 0,
    });
    expect(stats.cacheWriteTokens).toBeGreaterThan(0);
    // gpt-6.1-sol: 2.00 input, 0.10 cached input, 2.50 cache writes, 10.00 output per million.
    const expected =
      ((stats.promptTokens - stats.cachedTokens - stats.cacheWriteTokens) * 2 +
        stats.cachedTokens * 0.1 +
        stats.cacheWriteTokens * 2.5 +
        stats.completionTokens * 10) /
      1e6;
    expect(s.costUsd).toBeCloseTo(expected, 6);
  });

  test('a model with no known price is counted as "price unknown", never as free', async () => {
    await ownerKey();
    await h.emu.evaluate('Sheet1', 'B2', '=GPT("Shorten", A2, "gpt-5.6-terra")');
    const usage = (await h.emu.run('getUsage')).value as { spreadsheet: Record<string, number> };
    expect(usage.spreadsheet.unpricedTokens).toBeGreaterThan(0);
    expect(usage.spreadsheet.costUsd).toBe(0);
    const estimate = await h.emu.run('estimateColumnJob', [
      {
        sheet: 'Sheet1',
        inputColumn: 'A',
        outputColumn: 'D',
        task: 'prompt',
        args: { prompt: 'x', model: 'gpt-5.6-terra' },
      },
    ]);
    expect(estimate.value).toMatchObject({ estimatedCostUsd: null, model: 'gpt-5.6-terra' });
  });
});

describe('answers that cannot be forged', () => {
  test('an id answered twice decides nothing: the row is asked again alone and every row gets its own answer', async () => {
    await saveKey(h.emu);
    await h.stub.configure({ faults: [{ kind: 'duplicate_id', count: 1 }] });
    await h.stub.reset();
    const cells = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A6)');
    expect(cells.value).toEqual([['positive'], ['negative'], ['neutral'], ['positive'], ['negative']]);
    const sent = await chats();
    expect(sent).toHaveLength(2);
    const retried = JSON.parse(
      (sent[1].body as { messages: Array<{ content: string }> }).messages[1].content,
    );
    expect(retried.items).toEqual([{ id: 0, text: 'I love it' }]);
  });

  test('categories past the structured-output enum limits get a clear message, with no request', async () => {
    await saveKey(h.emu);
    const many = Array.from({ length: 1001 }, (_, i) => `c${i}`).join(',');
    h.emu.sheet('Sheet1').setValues('F1', [[many]]);
    await h.stub.reset();
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT_CLASSIFY(A2, F1)');
    expect(cell.error?.message).toMatch(/Too many categories \(1,001\)/);
    expect(await chats()).toHaveLength(0);
  });
});
