import { answersOf, batchRequest, chat, contentOf, errorOf, jsonSchemaFormat } from './client';
import { useStub } from './use-stub';

const stub = useStub({ timeoutHoldMs: 300, faults: [] });

const simple = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the request succeeded');
}

describe('each fault kind', () => {
  test('server_error answers 500 with the real server_error body, then the next request succeeds', async () => {
    await stub.configure({ faults: [{ kind: 'server_error' }] });
    const failed = await chat(stub.baseUrl, simple);
    expect(failed.status).toBe(500);
    expect(errorOf(failed.json)).toMatchObject({
      type: 'server_error',
      message: 'The server had an error while processing your request. Sorry about that!',
    });
    expect((await chat(stub.baseUrl, simple)).status).toBe(200);
  });

  test('bad_gateway answers 502 with an HTML page', async () => {
    await stub.configure({ faults: [{ kind: 'bad_gateway' }] });
    const reply = await chat(stub.baseUrl, simple);
    expect(reply.status).toBe(502);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expect(reply.text).toContain('502 Bad Gateway');
  });

  test('malformed answers 200 with a JSON body cut short', async () => {
    await stub.configure({ faults: [{ kind: 'malformed' }] });
    const reply = await chat(stub.baseUrl, simple);
    expect(reply.status).toBe(200);
    expect(reply.text.startsWith('{"id":"chatcmpl-')).toBe(true);
    expect(() => JSON.parse(reply.text)).toThrow();
  });

  test('timeout holds the connection for timeoutHoldMs and then drops it without an answer', async () => {
    await stub.configure({ faults: [{ kind: 'timeout' }] });
    const started = Date.now();
    const error = await failureOf(chat(stub.baseUrl, simple));
    expect(error.message).toMatch(/fetch failed|socket|terminated/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  test('reset drops the connection at once', async () => {
    await stub.configure({ faults: [{ kind: 'reset' }] });
    const started = Date.now();
    await failureOf(chat(stub.baseUrl, simple));
    expect(Date.now() - started).toBeLessThan(250);
  });

  test('rate_limit answers 429 rate_limit_exceeded with retry-after 1', async () => {
    await stub.configure({ faults: [{ kind: 'rate_limit' }] });
    const reply = await chat(stub.baseUrl, simple);
    expect(reply.status).toBe(429);
    expect(errorOf(reply.json).code).toBe('rate_limit_exceeded');
    expect(reply.headers.get('retry-after')).toBe('1');
    expect(reply.headers.get('retry-after-ms')).toBe('1000');
  });

  test('drop_item leaves the last item out of an otherwise valid batched answer', async () => {
    await stub.configure({ faults: [{ kind: 'drop_item' }] });
    const body = batchRequest('gpt-6-luna', 'Classify the sentiment.', ['good', 'bad', 'fine'], {
      type: 'string',
      enum: ['positive', 'neutral', 'negative'],
    });
    const reply = await chat(stub.baseUrl, body);
    expect(reply.status).toBe(200);
    expect(answersOf(reply.json).map((a) => a.id)).toEqual([0, 1]);
  });
});

describe('the duplicate_id fault', () => {
  const labels = { type: 'string', enum: ['positive', 'neutral', 'negative'] };
  const texts = ['Great, I love it.', 'Terrible, broken.', 'It is a box.'];

  test('in the array form the last entry carries the first item id, in a complete, billed 200', async () => {
    await stub.configure({ faults: [{ kind: 'duplicate_id' }] });
    const reply = await chat(
      stub.baseUrl,
      batchRequest('gpt-6-luna', 'Classify the sentiment.', texts, labels),
    );
    expect(reply.status).toBe(200);
    expect(answersOf(reply.json)).toEqual([
      { id: 0, answer: 'positive' },
      { id: 1, answer: 'negative' },
      { id: 0, answer: 'neutral' },
    ]);
    const stats = await stub.stats();
    expect(stats.faultsInjected).toEqual({ duplicate_id: 1 });
    expect(stats.totalTokens).toBe((reply.json as { usage: { total_tokens: number } }).usage.total_tokens);
  });

  test('in the keyed form the JSON text repeats the first key at the end with a different answer', async () => {
    await stub.configure({ faults: [{ kind: 'duplicate_id' }] });
    const schema = {
      type: 'object',
      properties: {
        answers: {
          type: 'object',
          properties: { '0': labels, '1': labels },
          required: ['0', '1'],
          additionalProperties: false,
        },
      },
      required: ['answers'],
      additionalProperties: false,
    };
    const body = {
      ...batchRequest('gpt-6-luna', 'Classify the sentiment.', texts.slice(0, 2), labels),
      response_format: jsonSchemaFormat(schema),
    };
    const reply = await chat(stub.baseUrl, body);
    expect(reply.status).toBe(200);
    expect(contentOf(reply.json)).toBe('{"answers":{"0":"positive","1":"negative","0":"negative"}}');
  });

  test('drop_item in the keyed form leaves the last key out', async () => {
    await stub.configure({ faults: [{ kind: 'drop_item' }] });
    const schema = {
      type: 'object',
      properties: { answers: { type: 'object', properties: { '0': labels, '1': labels } } },
    };
    const body = {
      ...batchRequest('gpt-6-luna', 'Classify the sentiment.', texts.slice(0, 2), labels),
      response_format: jsonSchemaFormat(schema),
    };
    expect(contentOf((await chat(stub.baseUrl, body)).json)).toBe('{"answers":{"0":"positive"}}');
  });
});

describe('when faults fire', () => {
  test('count injects into the next N chat requests only', async () => {
    await stub.configure({ faults: [{ kind: 'server_error', count: 2 }] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await chat(stub.baseUrl, simple)).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  test('every injects into every Nth chat request', async () => {
    await stub.configure({ faults: [{ kind: 'server_error', every: 3 }] });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await chat(stub.baseUrl, simple)).status);
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500]);
  });

  test('probability gives the same pattern for the same seed, and a different one for another seed', async () => {
    const pattern = async (seed: number): Promise<number[]> => {
      await stub.configure({ seed, faults: [{ kind: 'server_error', probability: 0.5 }] });
      const statuses = [];
      for (let i = 0; i < 16; i++) statuses.push((await chat(stub.baseUrl, simple)).status);
      return statuses;
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await pattern(7)).not.toEqual(first);
  });

  test('faults only touch chat completions: the model list is unaffected', async () => {
    await stub.configure({ faults: [{ kind: 'reset', count: 1 }] });
    const models = await fetch(`${stub.baseUrl}/v1/models`, {
      headers: { authorization: 'Bearer sk-test-models-0000' },
    });
    expect(models.status).toBe(200);
    await failureOf(chat(stub.baseUrl, simple));
  });

  test('faulted requests are counted as faults and billed only when a valid answer with usage went out', async () => {
    await stub.configure({
      faults: [
        { kind: 'malformed', count: 1 },
        { kind: 'drop_item', count: 1 },
      ],
    });
    await chat(stub.baseUrl, simple);
    const dropped = await chat(stub.baseUrl, simple);
    const ok = await chat(stub.baseUrl, simple);
    const stats = await stub.stats();
    expect(stats.faultsInjected).toEqual({ malformed: 1, drop_item: 1 });
    const tokens = (r: typeof ok) => (r.json as { usage: { total_tokens: number } }).usage.total_tokens;
    expect(stats.totalTokens).toBe(tokens(ok) + tokens(dropped));
    expect(contentOf(ok.json)).not.toBe('');
  });
});
