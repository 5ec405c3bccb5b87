import { durationMs, OpenAIClient } from '../../src/openai/client';
import {
  APIConnectionError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
} from '../../src/openai/errors';
import { NetworkError } from '../../src/platform/ports';
import { apiError, FakeClock, json, ScriptedHttp, type Responder } from '../support/fakes';

const KEY = 'sk-test-abcdefghijklmnopqrstuvwxyz1234';
const completion = (content = '{"answers":[]}', headers: Record<string, string> = {}) =>
  json(
    200,
    {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4.1-nano',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
    },
    headers,
  );
const body = { model: 'gpt-4.1-nano', messages: [{ role: 'user' as const, content: 'hi' }] };

function setup(responder: Responder, waveMs = 200) {
  const clock = new FakeClock();
  const http = new ScriptedHttp(responder, clock, waveMs);
  const client = new OpenAIClient(http, clock, { apiKey: KEY, random: () => 0 });
  return { clock, http, client, deadline: clock.now() + 25000 };
}

describe('error classes', () => {
  test.each([
    [400, 'bad', BadRequestError, 'bad_request'],
    [401, 'invalid_api_key', AuthenticationError, 'invalid_key'],
    [403, null, PermissionDeniedError, 'permission'],
    [404, 'model_not_found', NotFoundError, 'model_not_found'],
    [408, null, RequestTimeoutError, 'timeout'],
    [409, null, ConflictError, 'conflict'],
    [429, 'rate_limit_exceeded', RateLimitError, 'rate_limited'],
    [429, 'insufficient_quota', RateLimitError, 'insufficient_quota'],
    [500, null, InternalServerError, 'server'],
    [503, null, InternalServerError, 'server'],
  ])('a %i with code %s becomes %p with reason %s', (status, code, cls, reason) => {
    const { client, deadline } = setup(() =>
      apiError(status, code, code === 'insufficient_quota' ? 'insufficient_quota' : 'x'),
    );
    const [out] = client.createChatCompletions([body], deadline);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toBeInstanceOf(cls);
    expect(out.error.reason).toBe(reason);
    expect(out.error.requestId).toBe(`req_${status}`);
  });
});

describe('errors branch on the code and the message, not the status alone', () => {
  const SCOPE_MESSAGE =
    "You have insufficient permissions for this operation. Missing scopes: model.request. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.";
  test.each([
    [401, 'missing_scope', SCOPE_MESSAGE, 'missing_scope'],
    [401, null, SCOPE_MESSAGE, 'missing_scope'],
    [403, 'missing_scope', SCOPE_MESSAGE.replace('model.request', 'api.model.read'), 'missing_scope'],
    [401, 'invalid_api_key', 'Incorrect API key provided: sk-proj-****wxyz.', 'invalid_key'],
    [
      403,
      'unsupported_country_region_territory',
      'Country, region, or territory not supported',
      'permission',
    ],
    [404, null, 'Invalid URL (POST /v1/chat/completions)', 'not_found'],
    [
      404,
      'model_not_found',
      'The model `gpt-4.1-nano` does not exist or you do not have access to it.',
      'model_not_found',
    ],
  ])('a %i with code %s reads as %s', (status, code, message, reason) => {
    const { client, deadline } = setup(() =>
      json(status, { error: { message, type: 'invalid_request_error', param: null, code } }),
    );
    const [out] = client.createChatCompletions([body], deadline);
    expect(!out.ok && out.error.reason).toBe(reason);
  });
});

describe('retries', () => {
  test('a 429 rate limit is retried after the delay the server asks for', () => {
    const { client, clock, http, deadline } = setup((_r, n) =>
      n === 1 ? apiError(429, 'rate_limit_exceeded', 'requests', { 'retry-after-ms': '1500' }) : completion(),
    );
    const [out] = client.createChatCompletions([body], deadline);
    expect(out.ok).toBe(true);
    expect(http.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([1500]);
  });

  test('retry-after in seconds is honoured when there is no retry-after-ms', () => {
    const { client, clock } = setup((_r, n) =>
      n === 1 ? apiError(429, 'rate_limit_exceeded', 'tokens', { 'retry-after': '2' }) : completion(),
    );
    client.createChatCompletions([body], clock.now() + 25000);
    expect(clock.sleeps).toEqual([2000]);
  });

  test('insufficient_quota is not retried: it is billing, not load', () => {
    const { client, http, deadline } = setup(() => apiError(429, 'insufficient_quota', 'insufficient_quota'));
    const [out] = client.createChatCompletions([body], deadline);
    expect(out.ok).toBe(false);
    expect(http.requests).toHaveLength(1);
  });

  test('a 401 is not retried', () => {
    const { client, http, deadline } = setup(() => apiError(401, 'invalid_api_key'));
    client.createChatCompletions([body], deadline);
    expect(http.requests).toHaveLength(1);
  });

  test('5xx is retried with exponential backoff, at most twice', () => {
    const { client, http, clock, deadline } = setup(() => apiError(500, null, 'server_error'));
    const [out] = client.createChatCompletions([body], deadline);
    expect(out.ok).toBe(false);
    expect(http.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  test('x-should-retry: false stops a retry the status would allow', () => {
    const { client, http, deadline } = setup(() =>
      apiError(500, null, 'server_error', { 'x-should-retry': 'false' }),
    );
    client.createChatCompletions([body], deadline);
    expect(http.requests).toHaveLength(1);
  });

  test('a connection failure is retried and then reported as such', () => {
    const { client, http, deadline } = setup(() => new NetworkError('Address unavailable', false));
    const [out] = client.createChatCompletions([body], deadline);
    expect(http.requests).toHaveLength(3);
    expect(!out.ok && out.error).toBeInstanceOf(APIConnectionError);
  });

  test('attempts lost with a failed parallel wave are counted as unanswered (they may have been billed)', () => {
    const { client, deadline } = setup((_r, n) =>
      n === 1 ? new NetworkError('Timeout', true) : completion(),
    );
    const [out] = client.createChatCompletions([body], deadline);
    expect(out).toMatchObject({ ok: true, unanswered: 1 });
  });

  test('a malformed 200 body is retried', () => {
    const { client, http, deadline } = setup((_r, n) =>
      n === 1 ? { status: 200, headers: {}, body: '{"choices": [' } : completion(),
    );
    const [out] = client.createChatCompletions([body], deadline);
    expect(out.ok).toBe(true);
    expect(http.requests).toHaveLength(2);
  });

  test('retries never outrun the deadline: a long retry-after near the end is not waited for', () => {
    const { client, http, clock } = setup(() =>
      apiError(429, 'rate_limit_exceeded', 'requests', { 'retry-after': '20' }),
    );
    const started = clock.now();
    const [out] = client.createChatCompletions([body], started + 10000);
    expect(out.ok).toBe(false);
    expect(http.requests).toHaveLength(1);
    expect(clock.now() - started).toBeLessThan(10000);
  });

  test('no request starts when too little time is left', () => {
    const { client, http, clock } = setup(() => completion());
    const [out] = client.createChatCompletions([body], clock.now() + 1000);
    expect(http.requests).toHaveLength(0);
    expect(!out.ok && out.error.name).toBe('DeadlineExceededError');
  });
});

describe('requests', () => {
  test('the key goes only into the Authorization header', () => {
    const { client, http, deadline } = setup(() => completion());
    client.createChatCompletions([body], deadline);
    const [request] = http.requests;
    expect(request.headers.Authorization).toBe(`Bearer ${KEY}`);
    expect(request.url).not.toContain(KEY);
    expect(request.payload).not.toContain(KEY);
  });

  test('parallel requests are sent in waves no wider than the concurrency cap, answers in order', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(
      (r) => completion(JSON.parse(r.payload as string).messages[0].content),
      clock,
    );
    const client = new OpenAIClient(http, clock, { apiKey: KEY, concurrency: 4 });
    const bodies = Array.from({ length: 10 }, (_, i) => ({
      ...body,
      messages: [{ role: 'user' as const, content: `m${i}` }],
    }));
    const outs = client.createChatCompletions(bodies, clock.now() + 25000);
    expect(http.waves).toBe(3);
    expect(outs.map((o) => o.ok && o.value.choices[0].message.content)).toEqual(
      bodies.map((_, i) => `m${i}`),
    );
  });

  test('listModels returns the ids with their shutdown dates', () => {
    const { client, deadline } = setup(() =>
      json(200, {
        object: 'list',
        data: [
          { id: 'gpt-6-luna', shutdown_date: null },
          { id: 'gpt-5-mini', shutdown_date: '2026-12-11' },
          { id: 'x' },
        ],
      }),
    );
    const out = client.listModels(deadline);
    expect(out.ok && out.value).toEqual([
      { id: 'gpt-6-luna', shutdownDate: null },
      { id: 'gpt-5-mini', shutdownDate: '2026-12-11' },
      { id: 'x', shutdownDate: null },
    ]);
  });

  test('a request refused for one parameter is sent again without it, once, and the lesson kept', () => {
    const { client, http, deadline } = setup((r) => {
      const sent = JSON.parse(r.payload ?? '{}') as Record<string, unknown>;
      if (sent.temperature !== undefined)
        return json(400, {
          error: {
            message:
              "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.",
            type: 'invalid_request_error',
            param: 'temperature',
            code: 'unsupported_value',
          },
        });
      return completion();
    });
    const [out] = client.createChatCompletions([{ ...body, model: 'acme-1', temperature: 0 }], deadline);
    expect(out.ok).toBe(true);
    expect(http.requests).toHaveLength(2);
    expect(client.learned).toEqual({ 'acme-1': { noTemperature: true } });
  });

  test('a request refused for an essential parameter is not sent again', () => {
    const { client, http, deadline } = setup(() =>
      json(400, {
        error: {
          message: 'bad',
          type: 'invalid_request_error',
          param: 'messages',
          code: 'unsupported_value',
        },
      }),
    );
    const [out] = client.createChatCompletions([body], deadline);
    expect(out.ok).toBe(false);
    expect(http.requests).toHaveLength(1);
  });
});

describe('rate-limit headers', () => {
  test.each([
    ['1s', 1000],
    ['6m0s', 360000],
    ['120ms', 120],
    ['1.5s', 1500],
    ['1h2m3s', 3723000],
    ['soon', undefined],
    [undefined, undefined],
  ])('the reset duration %j is %p ms', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  test('a successful response carries the remaining allowance and when it resets', () => {
    const { client, deadline } = setup(() =>
      completion('{}', {
        'x-ratelimit-remaining-requests': '7',
        'x-ratelimit-remaining-tokens': '1200',
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-limit-tokens': '200000',
        'x-ratelimit-reset-requests': '8.4s',
        'x-ratelimit-reset-tokens': '120ms',
      }),
    );
    const [out] = client.createChatCompletions([body], deadline);
    expect(out.ok && out.rateLimits).toEqual({
      remainingRequests: 7,
      remainingTokens: 1200,
      limitRequests: 500,
      limitTokens: 200000,
      resetRequestsMs: 8400,
      resetTokensMs: 120,
    });
  });
});
