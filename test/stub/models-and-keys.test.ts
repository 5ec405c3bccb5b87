import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { KEY, call, chat, errorOf } from './client';

let stub: StubHandle;

beforeAll(async () => {
  stub = await startStub({
    revokedKeys: ['sk-listed-as-revoked-0000'],
    quotaExhaustedKeys: ['sk-listed-unpaid-0000'],
  });
});

afterAll(async () => {
  await stub.stop();
});

const hello = { model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Hello' }] };

describe('the model list', () => {
  test('lists the default models as a ListModelsResponse', async () => {
    const reply = await call(stub.baseUrl, 'GET', '/v1/models');
    expect(reply.status).toBe(200);
    const body = reply.json as {
      object: string;
      data: Array<{ id: string; object: string; owned_by: string }>;
    };
    expect(body.object).toBe('list');
    const ids = body.data.map((m) => m.id);
    for (const id of [
      'gpt-4.1-nano',
      'gpt-4o-mini',
      'gpt-5-nano',
      'gpt-5-mini',
      'gpt-5.4-nano',
      'gpt-5.4-mini',
    ]) {
      expect(ids).toContain(id);
    }
    expect(body.data.every((m) => m.object === 'model' && typeof m.owned_by === 'string')).toBe(true);
  });

  test('serves one model by id and answers 404 model_not_found for an unknown one', async () => {
    const known = await call(stub.baseUrl, 'GET', '/v1/models/gpt-5-nano');
    expect(known.status).toBe(200);
    expect(known.json).toMatchObject({ id: 'gpt-5-nano', object: 'model' });
    const unknown = await call(stub.baseUrl, 'GET', '/v1/models/gpt-9-imaginary');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown.json).code).toBe('model_not_found');
  });

  test('serves exactly the models it is configured with', async () => {
    await stub.configure({ models: ['only-this-model'] });
    try {
      const reply = await call(stub.baseUrl, 'GET', '/v1/models');
      expect((reply.json as { data: Array<{ id: string }> }).data.map((m) => m.id)).toEqual([
        'only-this-model',
      ]);
    } finally {
      await stub.configure({ models: ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-5-nano'] });
    }
  });

  test('puts a request id, processing time and rate-limit headers on every response', async () => {
    for (const reply of [
      await call(stub.baseUrl, 'GET', '/v1/models'),
      await call(stub.baseUrl, 'GET', '/v1/models', undefined, null),
    ]) {
      expect(reply.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
      expect(reply.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
      for (const name of ['limit-requests', 'limit-tokens', 'remaining-requests', 'remaining-tokens']) {
        expect(reply.headers.get(`x-ratelimit-${name}`)).toMatch(/^\d+$/);
      }
      expect(reply.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+ms|[\d.]+s|\d+m[\d.]+s)$/);
    }
  });
});

describe('API keys', () => {
  test('a request without a key gets 401 saying no key was provided', async () => {
    const reply = await call(stub.baseUrl, 'GET', '/v1/models', undefined, null);
    expect(reply.status).toBe(401);
    const error = errorOf(reply.json);
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toMatch(/^You didn't provide an API key/);
  });

  test('a key of the wrong shape gets 401 invalid_api_key with the key masked', async () => {
    const key = 'not-a-key-but-a-long-secret-phrase';
    const reply = await call(stub.baseUrl, 'GET', '/v1/models', undefined, key);
    expect(reply.status).toBe(401);
    const error = errorOf(reply.json);
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).toMatch(
      /^Incorrect API key provided: not-a-\.\.\.rase\. You can find your API key at /,
    );
    expect(reply.text).not.toContain(key);
  });

  test('a revoked key, listed or containing "revoked", gets 401 invalid_api_key and never comes back whole', async () => {
    for (const key of ['sk-listed-as-revoked-0000', 'sk-proj-revoked-abcdefghijklmnopqrstuvwxyz']) {
      const reply = await chat(stub.baseUrl, hello, key);
      expect(reply.status).toBe(401);
      expect(errorOf(reply.json)).toMatchObject({
        code: 'invalid_api_key',
        type: 'invalid_request_error',
        param: null,
      });
      expect(reply.text).not.toContain(key);
    }
  });

  test('a key without quota, listed or containing "noquota", gets 429 insufficient_quota on chat', async () => {
    for (const key of ['sk-listed-unpaid-0000', 'sk-noquota-abcdefghijklmnop']) {
      const reply = await chat(stub.baseUrl, hello, key);
      expect(reply.status).toBe(429);
      const error = errorOf(reply.json);
      expect(error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
      expect(error.message).toMatch(
        /^You exceeded your current quota, please check your plan and billing details/,
      );
      expect(reply.headers.get('retry-after')).toBeNull();
    }
  });

  test('a key without quota can still list models, as with the real API', async () => {
    const reply = await call(stub.baseUrl, 'GET', '/v1/models', undefined, 'sk-noquota-abcdefghijklmnop');
    expect(reply.status).toBe(200);
  });

  test('an unknown path gets 404 Invalid URL', async () => {
    const reply = await call(stub.baseUrl, 'POST', '/v1/engines', {}, KEY);
    expect(reply.status).toBe(404);
    expect(errorOf(reply.json).message).toBe('Invalid URL (POST /v1/engines)');
  });
});
