import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { KEY, TODAY, call, chat, errorOf } from './client';

let stub: StubHandle;

beforeAll(async () => {
  stub = await startStub({
    today: TODAY,
    revokedKeys: ['sk-listed-as-revoked-0000'],
    quotaExhaustedKeys: ['sk-listed-unpaid-0000'],
  });
});

afterEach(async () => {
  await stub.configure({ missingScopeCode: 'missing_scope' });
});

afterAll(async () => {
  await stub.stop();
});

const hello = { model: 'gpt-6-luna', messages: [{ role: 'user', content: 'Hello' }] };

const permissions = (scopes: string): string =>
  `You have insufficient permissions for this operation. Missing scopes: ${scopes}. Check that you have the ` +
  'correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if ' +
  "you're using a restricted API key, that it has the necessary scopes.";

const listModels = (key: string | null) => call(stub.baseUrl, 'GET', '/v1/models', undefined, key);
const getModel = (key: string) => call(stub.baseUrl, 'GET', '/v1/models/gpt-6-luna', undefined, key);

describe('API keys', () => {
  test('a request without a key gets 401 saying no key was provided', async () => {
    const reply = await listModels(null);
    expect(reply.status).toBe(401);
    const error = errorOf(reply.json);
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toMatch(/^You didn't provide an API key/);
  });

  test('a key of the wrong shape gets 401 invalid_api_key, masked as the real API masks it', async () => {
    const key = 'not-a-key-but-a-long-secret-phrase';
    const reply = await listModels(key);
    expect(reply.status).toBe(401);
    const error = errorOf(reply.json);
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).toBe(
      `Incorrect API key provided: not-a-ke${'*'.repeat(key.length - 12)}rase. ` +
        'You can find your API key at https://platform.openai.com/account/api-keys.',
    );
    expect(reply.text).not.toContain(key);
  });

  test('the mask keeps 8 characters and the last 4 of a 51-character key, and at most half of a short one', async () => {
    const legacy = `sk-VKMIs${'x'.repeat(32)}revokedwjh3`;
    expect(legacy).toHaveLength(51);
    const masked = (text: string): string => /provided: (\S+)\./.exec(text)?.[1] ?? '';
    expect(masked((await listModels(legacy)).text)).toBe(`sk-VKMIs${'*'.repeat(39)}wjh3`);
    const short = 'bad-key-1';
    const shortMask = masked((await listModels(short)).text);
    expect(shortMask).toHaveLength(short.length);
    expect(shortMask.replace(/\*/g, '').length).toBeLessThanOrEqual(Math.floor(short.length / 2));
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
      expect(errorOf(reply.json).message).toContain(
        `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`,
      );
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
    expect((await listModels('sk-noquota-abcdefghijklmnop')).status).toBe(200);
  });

  test('a key without the model.request scope ("nomodelreq") lists models but gets 401 missing_scope on chat', async () => {
    const key = 'sk-proj-nomodelreq-abcdefghijklmnop';
    expect((await listModels(key)).status).toBe(200);
    expect((await getModel(key)).status).toBe(200);
    const reply = await chat(stub.baseUrl, hello, key);
    expect(reply.status).toBe(401);
    expect(errorOf(reply.json)).toEqual({
      message: permissions('model.request'),
      type: 'invalid_request_error',
      param: null,
      code: 'missing_scope',
    });
  });

  test('missingScopeCode null gives the other captured form, with code null', async () => {
    await stub.configure({ missingScopeCode: null });
    const reply = await chat(stub.baseUrl, hello, 'sk-proj-nomodelreq-abcdefghijklmnop');
    expect(reply.status).toBe(401);
    expect(errorOf(reply.json)).toMatchObject({ message: permissions('model.request'), code: null });
  });

  test('a key whose "List models" permission is None ("nolist") gets 403 on the model endpoints and can chat', async () => {
    const key = 'sk-proj-nolist-abcdefghijklmnop';
    for (const reply of [await listModels(key), await getModel(key)]) {
      expect(reply.status).toBe(403);
      expect(errorOf(reply.json)).toEqual({
        message: permissions('api.model.read'),
        type: 'invalid_request_error',
        param: null,
        code: 'missing_scope',
      });
    }
    expect((await chat(stub.baseUrl, hello, key)).status).toBe(200);
  });

  test('an admin key (sk-admin-) gets 401 naming both scopes on the model endpoints and on chat', async () => {
    const key = 'sk-admin-abcdefghijklmnopqrstuvwxyz';
    for (const reply of [await listModels(key), await getModel(key), await chat(stub.baseUrl, hello, key)]) {
      expect(reply.status).toBe(401);
      expect(errorOf(reply.json)).toEqual({
        message: permissions('api.model.read, model.request'),
        type: 'invalid_request_error',
        param: null,
        code: 'missing_scope',
      });
    }
  });

  test('an unknown path gets 404 Invalid URL', async () => {
    const reply = await call(stub.baseUrl, 'POST', '/v1/engines', {}, KEY);
    expect(reply.status).toBe(404);
    expect(errorOf(reply.json).message).toBe('Invalid URL (POST /v1/engines)');
  });

  test('puts a request id, processing time and rate-limit headers on every response', async () => {
    for (const reply of [await listModels(KEY), await listModels(null)]) {
      expect(reply.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
      expect(reply.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
      for (const name of ['limit-requests', 'limit-tokens', 'remaining-requests', 'remaining-tokens']) {
        expect(reply.headers.get(`x-ratelimit-${name}`)).toMatch(/^\d+$/);
      }
      expect(reply.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+ms|[\d.]+s|\d+m[\d.]+s)$/);
    }
  });
});
