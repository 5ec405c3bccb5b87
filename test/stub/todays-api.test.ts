// What the stub serves of the API as other clients met it in late 2026: billed cache writes, 429s
// without hints, the unverified organization's 404, batch lines failing for an internal "-batch" id,
// and the October and November models. Each case cites its capture in data/models.json.
import {
  batchLine,
  batchRequest,
  call,
  chat,
  errorOf,
  fileLines,
  startBatch,
  type BatchShape,
} from './client';
import { useStub } from './use-stub';

const stub = useStub({
  batchSecondsPerStage: null,
  faults: [],
  rateLimitHints: true,
  verificationCode: null,
  verificationModels: null,
  batchInternalIdModels: [],
});

/** A system message of about 1,500 tokens (few-shot examples), then the row. */
const EXAMPLES = Array.from(
  { length: 120 },
  (_, i) => `Example ${i}: "The delivery number ${i} was fine" -> neutral.`,
).join('\n');
const withPrefix = (row: string) => [
  { role: 'system', content: `Classify the sentiment.\n${EXAMPLES}` },
  { role: 'user', content: row },
];

interface Details {
  cached_tokens: number;
  cache_write_tokens?: number;
}
const detailsOf = (json: unknown) =>
  (json as { usage: { prompt_tokens: number; prompt_tokens_details: Details } }).usage;

describe('prompt-cache writes', () => {
  test('the first call of a 1,024-token prefix on GPT-6 writes it; a later call with the same prefix reads it and writes only its new tail', async () => {
    const first = detailsOf(
      (await chat(stub.baseUrl, { model: 'gpt-6-luna', messages: withPrefix('Great') })).json,
    );
    expect(first.prompt_tokens).toBeGreaterThan(1024);
    expect(first.prompt_tokens_details.cached_tokens).toBe(0);
    expect(first.prompt_tokens_details.cache_write_tokens).toBeGreaterThan(1024);
    expect(first.prompt_tokens_details.cache_write_tokens).toBeLessThanOrEqual(first.prompt_tokens);
    const second = detailsOf(
      (await chat(stub.baseUrl, { model: 'gpt-6-luna', messages: withPrefix('Awful') })).json,
    );
    expect(second.prompt_tokens_details.cached_tokens).toBeGreaterThan(1024);
    const written = second.prompt_tokens_details.cache_write_tokens ?? 0;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(20);
    expect((await stub.stats()).cacheWriteTokens).toBe(
      (first.prompt_tokens_details.cache_write_tokens ?? 0) + written,
    );
  });

  test('a model before GPT-5.6 reports no cache_write_tokens and caches in steps of 128, as before', async () => {
    await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages: withPrefix('Great') });
    const again = detailsOf(
      (await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages: withPrefix('Awful') })).json,
    );
    expect(again.prompt_tokens_details.cache_write_tokens).toBeUndefined();
    expect(again.prompt_tokens_details.cached_tokens % 128).toBe(0);
  });

  test('a prompt under 1,024 tokens writes nothing, but the field is there on GPT-6', async () => {
    const short = detailsOf(
      (await chat(stub.baseUrl, { model: 'gpt-6.1-terra', messages: [{ role: 'user', content: 'Hi' }] }))
        .json,
    );
    expect(short.prompt_tokens_details).toMatchObject({ cached_tokens: 0, cache_write_tokens: 0 });
  });
});

describe('a 429 without hints', () => {
  test('with rateLimitHints off a rate-limited request has no retry-after and no x-ratelimit-* header; the wait is in the message', async () => {
    await stub.configure({ rateLimitHints: false, faults: [{ kind: 'rate_limit', forMs: 2000 }] });
    const reply = await chat(stub.baseUrl, {
      model: 'gpt-6-luna',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(reply.status).toBe(429);
    const names = [...reply.headers.keys()];
    expect(names.filter((n) => n.startsWith('x-ratelimit') || n.startsWith('retry-after'))).toEqual([]);
    expect(errorOf(reply.json)).toMatchObject({ code: 'rate_limit_exceeded' });
    expect(errorOf(reply.json).message).toMatch(/Please try again in (2s|1\.9\d*s)\./);
  });

  test('a forMs window refuses every request until it has passed, each saying how much is left, then lets them through', async () => {
    await stub.configure({ rateLimitHints: false, faults: [{ kind: 'rate_limit', forMs: 600 }] });
    const body = { model: 'gpt-6-luna', messages: [{ role: 'user', content: 'Hi' }] };
    const first = await chat(stub.baseUrl, body);
    const second = await chat(stub.baseUrl, body);
    expect([first.status, second.status]).toEqual([429, 429]);
    expect(errorOf(second.json).message).toMatch(/try again in \d+ms\./);
    await new Promise((r) => setTimeout(r, 650));
    expect((await chat(stub.baseUrl, body)).status).toBe(200);
  });

  test('with hints on (the default) the same 429 carries retry-after and retry-after-ms', async () => {
    await stub.configure({ faults: [{ kind: 'rate_limit' }] });
    const reply = await chat(stub.baseUrl, {
      model: 'gpt-6-luna',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('1');
    expect(reply.headers.get('x-ratelimit-limit-requests')).not.toBeNull();
  });
});

describe('an organization that is not verified', () => {
  const unverified = 'sk-test-unverified-0123456789';

  test('gets a 404 saying where to verify for a gated model (code null by default), and gpt-6-luna works', async () => {
    const reply = await chat(
      stub.baseUrl,
      { model: 'gpt-5', messages: [{ role: 'user', content: 'Hi' }] },
      unverified,
    );
    expect(reply.status).toBe(404);
    expect(errorOf(reply.json)).toEqual({
      message:
        'Your organization must be verified to use the model `gpt-5`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    const luna = await chat(
      stub.baseUrl,
      { model: 'gpt-6-luna', messages: [{ role: 'user', content: 'Hi' }] },
      unverified,
    );
    expect(luna.status).toBe(200);
  });

  test('verificationCode and verificationModels pick the code and the gated models', async () => {
    await stub.configure({ verificationCode: 'model_not_available', verificationModels: ['gpt-6.1-sol'] });
    const reply = await chat(
      stub.baseUrl,
      { model: 'gpt-6.1-sol', messages: [{ role: 'user', content: 'Hi' }] },
      unverified,
    );
    expect(errorOf(reply.json).code).toBe('model_not_available');
    expect(
      (await chat(stub.baseUrl, { model: 'gpt-6.1-sol', messages: [{ role: 'user', content: 'Hi' }] }))
        .status,
    ).toBe(200);
  });
});

describe('batch lines failing for an internal "-batch" id', () => {
  test('every line of a listed model is a 404 model_not_found naming "<model>-<date>-batch", while a synchronous call works', async () => {
    await stub.configure({ batchInternalIdModels: ['gpt-5-mini'] });
    const labels = { type: 'string', enum: ['positive', 'neutral', 'negative'] };
    const lines = [0, 1].map((i) =>
      batchLine(`row-${i}`, batchRequest('gpt-5-mini', 'Classify.', [`text ${i}`], labels)),
    );
    const created = await startBatch(stub.baseUrl, lines);
    const [ended] = (await stub.advanceBatches({
      id: created.id,
      to: 'completed',
    })) as unknown as BatchShape[];
    expect(ended.output_file_id).toBeNull();
    const errors = (await fileLines(stub.baseUrl, ended.error_file_id as string)) as unknown as Array<{
      response: { status_code: number; body: { error: { message: string; code: string } } };
    }>;
    expect(errors).toHaveLength(2);
    for (const line of errors) {
      expect(line.response.status_code).toBe(404);
      expect(line.response.body.error.code).toBe('model_not_found');
      expect(line.response.body.error.message).toBe(
        'The model `gpt-5-mini-2025-08-05-batch` does not exist or you do not have access to it.',
      );
    }
    const sync = await chat(stub.baseUrl, {
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(sync.status).toBe(200);
  });
});

describe('the models of October and November', () => {
  test('gpt-6.1-terra, gpt-6.2-sol, gpt-6-astra and gpt-6.2-astra are listed', async () => {
    const list = (await call(stub.baseUrl, 'GET', '/v1/models')).json as { data: Array<{ id: string }> };
    expect(list.data.map((m) => m.id)).toEqual(
      expect.arrayContaining(['gpt-6.1-terra', 'gpt-6.2-sol', 'gpt-6-astra', 'gpt-6.2-astra']),
    );
  });

  test('gpt-6.2-sol and the Astra models refuse effort none; gpt-6.1-terra takes it', async () => {
    for (const model of ['gpt-6.2-sol', 'gpt-6-astra', 'gpt-6.2-astra']) {
      const reply = await chat(stub.baseUrl, {
        model,
        messages: [{ role: 'user', content: 'Hi' }],
        reasoning_effort: 'none',
      });
      expect([model, reply.status, errorOf(reply.json).code]).toEqual([model, 400, 'unsupported_value']);
    }
    const terra = await chat(stub.baseUrl, {
      model: 'gpt-6.1-terra',
      messages: [{ role: 'user', content: 'Hi' }],
      reasoning_effort: 'none',
    });
    expect(terra.status).toBe(200);
  });
});
