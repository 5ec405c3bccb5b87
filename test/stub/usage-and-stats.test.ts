import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { encodeChat } from 'gpt-tokenizer/model/gpt-4o';
import { answersSchema, asCompletion, batchRequest, chat, contentOf, jsonSchemaFormat } from './client';
import { useStub } from './use-stub';

const stub = useStub();

const system = 'You answer questions about spreadsheets briefly.';
const question = 'How do I freeze the first row of a sheet? 日本語でもお願いします。';
const messages = [
  { role: 'system' as const, content: system },
  { role: 'user' as const, content: question },
];

describe('token usage', () => {
  test('prompt tokens are the chat-format count of gpt-tokenizer, completion tokens the tokens of the content', async () => {
    const reply = await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages });
    const { usage } = asCompletion(reply.json);
    expect(usage?.prompt_tokens).toBe(encodeChat(messages).length);
    expect(usage?.completion_tokens).toBe(encode(contentOf(reply.json)).length);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
  });

  test('a reasoning model at minimal effort spends no reasoning tokens; at medium it spends some, and bills them', async () => {
    const minimal = asCompletion(
      (await chat(stub.baseUrl, { model: 'gpt-5-nano', messages, reasoning_effort: 'minimal' })).json,
    );
    expect(minimal.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
    const medium = await chat(stub.baseUrl, { model: 'gpt-5-nano', messages, reasoning_effort: 'medium' });
    const usage = asCompletion(medium.json).usage;
    const reasoning = usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(reasoning).toBeLessThan(1000);
    expect(usage?.completion_tokens).toBe(encode(contentOf(medium.json)).length + reasoning);
  });

  test('an answer longer than max_completion_tokens is cut there and finishes with "length"', async () => {
    const body = batchRequest('gpt-4.1-mini', 'Classify each text.', ['one', 'two', 'three', 'four', 'five']);
    const full = asCompletion((await chat(stub.baseUrl, body)).json);
    expect(full.choices[0].finish_reason).toBe('stop');
    const cut = asCompletion((await chat(stub.baseUrl, { ...body, max_completion_tokens: 7 })).json);
    expect(cut.choices[0].finish_reason).toBe('length');
    expect(cut.usage?.completion_tokens).toBe(7);
    const content = cut.choices[0].message.content ?? '';
    expect(full.choices[0].message.content?.startsWith(content)).toBe(true);
    expect(() => JSON.parse(content)).toThrow();
  });

  test('a reasoning model whose limit is used up by reasoning returns empty content with "length"', async () => {
    const reply = await chat(stub.baseUrl, {
      model: 'gpt-6-luna',
      messages,
      reasoning_effort: 'high',
      max_completion_tokens: 20,
    });
    const completion = asCompletion(reply.json);
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '' } });
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(20);
  });
});

describe('usage details', () => {
  const usageOf = async (body: Record<string, unknown>, key?: string) =>
    asCompletion((await chat(stub.baseUrl, { messages, ...body }, key)).json).usage;
  const reasoningOf = async (body: Record<string, unknown>) =>
    (await usageOf(body))?.completion_tokens_details?.reasoning_tokens;

  test('usage carries the prompt and completion details objects with every field the API sends', async () => {
    const usage = await usageOf({ model: 'gpt-6-luna', reasoning_effort: 'low' });
    expect(usage?.prompt_tokens_details).toEqual({
      cached_tokens: 0,
      audio_tokens: 0,
      cache_write_tokens: 0,
    });
    expect(usage?.completion_tokens_details).toEqual({
      reasoning_tokens: expect.any(Number),
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    });
  });

  test('the response_format schema counts as input: prompt tokens grow by the tokens of the schema', async () => {
    const schema = answersSchema({ type: 'string', enum: ['positive', 'neutral', 'negative'] });
    const plain = await usageOf({ model: 'gpt-4.1-mini' });
    const structured = await usageOf({ model: 'gpt-4.1-mini', response_format: jsonSchemaFormat(schema) });
    expect(structured?.prompt_tokens).toBe(
      (plain?.prompt_tokens ?? 0) + encode(JSON.stringify(schema)).length,
    );
  });

  test('reasoning tokens are zero at efforts none and minimal, and some at low', async () => {
    expect(await reasoningOf({ model: 'gpt-6-luna', reasoning_effort: 'none' })).toBe(0);
    expect(await reasoningOf({ model: 'gpt-5-nano', reasoning_effort: 'minimal' })).toBe(0);
    expect(await reasoningOf({ model: 'gpt-6-luna', reasoning_effort: 'low' })).toBeGreaterThan(0);
  });

  test('effort max reasons more than xhigh, and xhigh more than high', async () => {
    const max = (await reasoningOf({ model: 'gpt-6-luna', reasoning_effort: 'max' })) ?? 0;
    const xhigh = (await reasoningOf({ model: 'gpt-6-luna', reasoning_effort: 'xhigh' })) ?? 0;
    const high = (await reasoningOf({ model: 'gpt-6-luna', reasoning_effort: 'high' })) ?? 0;
    expect(max).toBeGreaterThan(xhigh);
    expect(xhigh).toBeGreaterThan(high);
    expect(max).toBeGreaterThanOrEqual(2048);
  });

  test('without an effort a model reasons at its family default: gpt-6-luna at medium, gpt-5.4-nano at none', async () => {
    const medium = await reasoningOf({ model: 'gpt-6-luna', reasoning_effort: 'medium' });
    expect(await reasoningOf({ model: 'gpt-6-luna' })).toBe(medium);
    expect(medium).toBeGreaterThan(0);
    expect(await reasoningOf({ model: 'gpt-5.4-nano' })).toBe(0);
  });

  test('the default effort makes gpt-6-luna slow under perOutputTokenMs, reasoning included', async () => {
    await stub.configure({ perOutputTokenMs: 2 });
    try {
      const started = Date.now();
      const usage = await usageOf({ model: 'gpt-6-luna' });
      const reasoning = usage?.completion_tokens_details?.reasoning_tokens ?? 0;
      expect(reasoning).toBeGreaterThan(100);
      expect(Date.now() - started).toBeGreaterThanOrEqual((usage?.completion_tokens ?? 0) * 2 - 10);
    } finally {
      await stub.configure({ perOutputTokenMs: 0 });
    }
  });
});

describe('prompt caching before GPT-5.6 (cache writes: test/stub/todays-api.test.ts)', () => {
  const long = 'Each row holds a customer review of a kitchen product, written by a buyer. '.repeat(120);
  const withLongSystem = (user: string) => ({
    model: 'gpt-5.4-nano',
    reasoning_effort: 'none',
    messages: [
      { role: 'system', content: long },
      { role: 'user', content: user },
    ],
  });
  const cachedOf = async (body: unknown, key?: string): Promise<number> =>
    asCompletion((await chat(stub.baseUrl, body, key)).json).usage?.prompt_tokens_details?.cached_tokens ??
    -1;

  test('a repeated prefix of 1024 tokens or more is cached in multiples of 128, and only from the second request', async () => {
    const prefix = encode('system').length + encode(long).length + encode('user').length;
    expect(prefix).toBeGreaterThanOrEqual(1024);
    expect(await cachedOf(withLongSystem('Alpha: the blender is great.'))).toBe(0);
    const cached = await cachedOf(withLongSystem('Omega: the kettle leaks.'));
    expect(cached).toBe(prefix - (prefix % 128));
    expect(cached % 128).toBe(0);
  });

  test('the same prompt again is cached up to its whole sequence, rounded down to 128', async () => {
    const body = withLongSystem('Alpha: the blender is great.');
    await chat(stub.baseUrl, body);
    const sequence =
      encode('system').length + encode(long).length + 1 + encode('Alpha: the blender is great.').length;
    expect(await cachedOf(body)).toBe(sequence - (sequence % 128));
  });

  test('a prefix under 1024 tokens is never cached', async () => {
    const short = { model: 'gpt-5.4-nano', messages: [{ role: 'user', content: 'Short and repeated.' }] };
    await chat(stub.baseUrl, short);
    expect(await cachedOf(short)).toBe(0);
  });

  test('the cache is kept per key and per model', async () => {
    await chat(stub.baseUrl, withLongSystem('Alpha'));
    expect(await cachedOf(withLongSystem('Beta'), 'sk-another-key-0000000000')).toBe(0);
    expect(await cachedOf({ ...withLongSystem('Beta'), model: 'gpt-5.4-mini' })).toBe(0);
    expect(await cachedOf(withLongSystem('Beta'))).toBeGreaterThanOrEqual(1024);
  });

  test('a change near the start of the prompt leaves nothing cached', async () => {
    await chat(stub.baseUrl, withLongSystem('Alpha'));
    const changed = withLongSystem('Alpha');
    changed.messages[0].content = `Note. ${long}`;
    expect(await cachedOf(changed)).toBe(0);
  });

  test('cached tokens are part of the prompt tokens, and stats add them up', async () => {
    await chat(stub.baseUrl, withLongSystem('Alpha'));
    const reply = asCompletion((await chat(stub.baseUrl, withLongSystem('Beta'))).json);
    const cached = reply.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThan(0);
    expect(cached).toBeLessThanOrEqual(reply.usage?.prompt_tokens ?? 0);
    expect((await stub.stats()).cachedTokens).toBe(cached);
  });
});

describe('statistics', () => {
  test('stats add up the usage of successful completions and count requests by status', async () => {
    const replies = [
      await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }),
      await chat(stub.baseUrl, { model: 'gpt-5.4-nano', messages, reasoning_effort: 'low' }),
      await chat(stub.baseUrl, { model: 'no-such-model', messages }),
    ];
    const usages = replies.slice(0, 2).map((r) => asCompletion(r.json).usage);
    const stats = await stub.stats();
    expect(stats).toMatchObject({ requests: 3, chatCompletions: 3, byStatus: { '200': 2, '404': 1 } });
    expect(stats.promptTokens).toBe(usages.reduce((s, u) => s + (u?.prompt_tokens ?? 0), 0));
    expect(stats.completionTokens).toBe(usages.reduce((s, u) => s + (u?.completion_tokens ?? 0), 0));
    expect(stats.totalTokens).toBe(stats.promptTokens + stats.completionTokens);
  });

  test('stats add up reasoning tokens, and count each 4xx chat answer with a code by model, code and param', async () => {
    const low = asCompletion(
      (await chat(stub.baseUrl, { model: 'gpt-6-luna', messages, reasoning_effort: 'low' })).json,
    );
    await chat(stub.baseUrl, { model: 'gpt-6.1-sol', messages, reasoning_effort: 'none' });
    await chat(stub.baseUrl, { model: 'gpt-6.1-sol', messages, reasoning_effort: 'none' });
    await chat(stub.baseUrl, { model: 'gpt-6-luna', messages, max_tokens: 5 });
    await chat(stub.baseUrl, { model: 'gpt-4.1-nano', messages });
    await chat(stub.baseUrl, { model: 'gpt-6-luna', messages }, 'sk-proj-nomodelreq-0000000000');
    await chat(stub.baseUrl, { messages });
    const stats = await stub.stats();
    expect(stats.reasoningTokens).toBe(low.usage?.completion_tokens_details?.reasoning_tokens);
    expect(stats.refusals).toEqual({
      'gpt-6.1-sol unsupported_value reasoning_effort': 2,
      'gpt-6-luna unsupported_parameter max_tokens': 1,
      'gpt-4.1-nano model_not_found null': 1,
      'gpt-6-luna missing_scope null': 1,
    });
  });

  test('captured bodies record what was sent and answered, and reset empties them', async () => {
    await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages });
    const [captured] = (await stub.stats()).captured;
    expect(captured).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200 });
    expect(captured.body).toEqual({ model: 'gpt-4o-mini', messages });
    expect(asCompletion(captured.response).object).toBe('chat.completion');
    await stub.reset();
    expect((await stub.stats()).captured).toEqual([]);
  });

  test('latency holds each answer back, and maxConcurrent sees requests that overlap', async () => {
    await stub.configure({ latencyMs: 250 });
    try {
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 5 }, () => chat(stub.baseUrl, { model: 'gpt-4o-mini', messages })),
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(240);
      expect(elapsed).toBeLessThan(2000);
      expect((await stub.stats()).maxConcurrent).toBe(5);
    } finally {
      await stub.configure({ latencyMs: 0 });
    }
  });

  test('per-token latency grows with the length of the answer', async () => {
    await stub.configure({ perOutputTokenMs: 20 });
    try {
      const started = Date.now();
      const reply = await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages });
      const tokens = asCompletion(reply.json).usage?.completion_tokens ?? 0;
      expect(Date.now() - started).toBeGreaterThanOrEqual(tokens * 20 - 10);
      expect(Number(reply.headers.get('openai-processing-ms'))).toBeGreaterThanOrEqual(tokens * 20 - 10);
    } finally {
      await stub.configure({ perOutputTokenMs: 0 });
    }
  });

  test('a bad config patch is refused with the field named', async () => {
    await expect(stub.configure({ rpm: -1 })).rejects.toThrow(/rpm/);
  });
});
