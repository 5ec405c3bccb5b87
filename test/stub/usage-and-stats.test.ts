import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { encodeChat } from 'gpt-tokenizer/model/gpt-4o';
import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { TODAY, asCompletion, batchRequest, chat, contentOf } from './client';

let stub: StubHandle;

beforeAll(async () => {
  stub = await startStub({ today: TODAY });
});

beforeEach(async () => {
  await stub.reset();
});

afterAll(async () => {
  await stub.stop();
});

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
