// The stub's bodies checked against OpenAI's published OpenAPI schemas.

import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { validateSchema } from '../support/openapi';
import { TODAY, batchRequest, call, chat } from './client';
import { describeWithShared } from '../support/shared-tests';

describeWithShared('openapi')('the stub against OpenAI’s OpenAPI description', () => {
  let stub: StubHandle;

  beforeAll(async () => {
    stub = await startStub({
      timeoutHoldMs: 300,
      today: TODAY,
      extraModels: [
        { id: 'acme-chat-1', family: { reasoning: false, temperature: 'any', tokenParams: ['max_tokens'] } },
      ],
    });
  });

  afterAll(async () => {
    await stub.stop();
  });

  const messages = [{ role: 'user', content: 'Tell me about pivot tables.' }];
  const labels = { type: 'string', enum: ['positive', 'neutral', 'negative'] };

  describe('chat completions match CreateChatCompletionResponse', () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['a plain answer', { model: 'gpt-4o-mini', messages }],
      [
        'a json_schema answer',
        batchRequest('gpt-6-luna', 'Classify the sentiment.', ['good', 'bad'], labels),
      ],
      [
        'an answer cut by max_completion_tokens',
        { model: 'gpt-4.1-mini', messages, max_completion_tokens: 3 },
      ],
      ['a reasoning model answer', { model: 'gpt-5.4-nano', messages, reasoning_effort: 'low' }],
      ['several choices', { model: 'gpt-4o', messages, n: 2 }],
      ['an answer at effort max', { model: 'gpt-6-luna', messages, reasoning_effort: 'max' }],
      ['a model of a family added by extraModels', { model: 'acme-chat-1', messages, max_tokens: 20 }],
      [
        'a keyed batch answer',
        {
          ...batchRequest('gpt-6-luna', 'Classify the sentiment.', ['good', 'bad'], labels),
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: 'answers',
              schema: {
                type: 'object',
                properties: { answers: { type: 'object', properties: { 0: labels, 1: labels } } },
              },
            },
          },
        },
      ],
    ];
    test.each(cases)('%s', async (_name, body) => {
      const reply = await chat(stub.baseUrl, body);
      expect(reply.status).toBe(200);
      expect(validateSchema('CreateChatCompletionResponse', reply.json)).toEqual([]);
    });
  });

  describe('usage with its details matches CompletionUsage', () => {
    test('a cached, reasoning answer has prompt and completion details the schema accepts', async () => {
      const long = 'A long, repeated instruction about classifying reviews by sentiment. '.repeat(150);
      const body = {
        model: 'gpt-6-luna',
        messages: [
          { role: 'system', content: long },
          { role: 'user', content: 'good' },
        ],
      };
      await chat(stub.baseUrl, body);
      const reply = await chat(stub.baseUrl, body);
      const usage = (reply.json as { usage: { prompt_tokens_details: { cached_tokens: number } } }).usage;
      expect(usage.prompt_tokens_details.cached_tokens).toBeGreaterThanOrEqual(1024);
      expect(validateSchema('CompletionUsage', usage)).toEqual([]);
      expect(validateSchema('CreateChatCompletionResponse', reply.json)).toEqual([]);
    });

    test('the duplicate_id fault is still a valid chat completion', async () => {
      await stub.configure({ faults: [{ kind: 'duplicate_id' }] });
      const reply = await chat(
        stub.baseUrl,
        batchRequest('gpt-6-luna', 'Classify.', ['good', 'bad'], labels),
      );
      await stub.configure({ faults: [] });
      expect(validateSchema('CreateChatCompletionResponse', reply.json)).toEqual([]);
    });

    test('the requests these tests send are valid CreateChatCompletionRequest bodies, effort max included', () => {
      const request = { model: 'gpt-6-luna', messages, reasoning_effort: 'max', max_completion_tokens: 50 };
      expect(validateSchema('CreateChatCompletionRequest', request)).toEqual([]);
    });
  });

  describe('error bodies match ErrorResponse', () => {
    afterEach(async () => {
      await stub.configure({ rpm: null, tpm: null, faults: [] });
      await stub.reset();
    });

    const expectErrorShape = async (status: number, reply: Promise<{ status: number; json: unknown }>) => {
      const { status: actual, json } = await reply;
      expect(actual).toBe(status);
      expect(validateSchema('ErrorResponse', json)).toEqual([]);
    };

    test('401 for a missing key and for a revoked key', async () => {
      await expectErrorShape(401, chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }, null));
      await expectErrorShape(
        401,
        chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }, 'sk-revoked-0000000000'),
      );
    });

    test('404 for an unknown model', async () => {
      await expectErrorShape(404, chat(stub.baseUrl, { model: 'gpt-nothing', messages }));
      await expectErrorShape(404, call(stub.baseUrl, 'GET', '/v1/models/gpt-nothing'));
    });

    test('400 for bad parameters', async () => {
      await expectErrorShape(400, chat(stub.baseUrl, { model: 'gpt-6-luna', messages, temperature: 0.2 }));
      await expectErrorShape(400, chat(stub.baseUrl, { model: 'gpt-4o-mini' }));
      await expectErrorShape(400, chat(stub.baseUrl, 'not json'));
    });

    test('429 for rate limits and for exhausted quota', async () => {
      await expectErrorShape(
        429,
        chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }, 'sk-noquota-000000000'),
      );
      await stub.configure({ rpm: 1 });
      await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages });
      await expectErrorShape(429, chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }));
      await stub.configure({ rpm: null, tpm: 10 });
      await expectErrorShape(429, chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }));
    });

    test('401 and 403 for restricted and admin keys', async () => {
      await expectErrorShape(
        401,
        chat(stub.baseUrl, { model: 'gpt-6-luna', messages }, 'sk-nomodelreq-000000000000'),
      );
      await expectErrorShape(
        403,
        call(stub.baseUrl, 'GET', '/v1/models', undefined, 'sk-nolist-000000000000'),
      );
      await expectErrorShape(
        401,
        call(stub.baseUrl, 'GET', '/v1/models', undefined, 'sk-admin-000000000000'),
      );
      await expectErrorShape(
        401,
        chat(stub.baseUrl, { model: 'gpt-6-luna', messages }, 'sk-admin-000000000000'),
      );
      await stub.configure({ missingScopeCode: null });
      await expectErrorShape(
        401,
        chat(stub.baseUrl, { model: 'gpt-6-luna', messages }, 'sk-nomodelreq-000000000000'),
      );
      await stub.configure({ missingScopeCode: 'missing_scope' });
    });

    test('404 for a retired model, on chat and by id', async () => {
      await expectErrorShape(404, chat(stub.baseUrl, { model: 'gpt-4.1-nano', messages }));
      await expectErrorShape(404, call(stub.baseUrl, 'GET', '/v1/models/gpt-4.1-nano'));
    });

    test('400 for each parameter the model family refuses', async () => {
      const refused: Array<Record<string, unknown>> = [
        { model: 'gpt-6-luna', max_tokens: 10 },
        { model: 'acme-chat-1', max_completion_tokens: 10 },
        { model: 'gpt-4.1-mini', reasoning_effort: 'low' },
        { model: 'gpt-6.1-sol', reasoning_effort: 'none' },
        { model: 'gpt-6-luna', reasoning_effort: 'extreme' },
        { model: 'gpt-6-luna', temperature: 0 },
      ];
      for (const body of refused) await expectErrorShape(400, chat(stub.baseUrl, { messages, ...body }));
    });

    test('500 for a server error', async () => {
      await stub.configure({ faults: [{ kind: 'server_error' }] });
      await expectErrorShape(500, chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }));
    });
  });

  describe('the model list', () => {
    test('GET /v1/models matches ListModelsResponse and GET /v1/models/{id} matches Model', async () => {
      expect(
        validateSchema('ListModelsResponse', (await call(stub.baseUrl, 'GET', '/v1/models')).json),
      ).toEqual([]);
      expect(validateSchema('Model', (await call(stub.baseUrl, 'GET', '/v1/models/gpt-4o')).json)).toEqual(
        [],
      );
    });

    test('every listed model carries shutdown_date, a date or null, and the schema checks its format', async () => {
      const list = (await call(stub.baseUrl, 'GET', '/v1/models')).json as {
        data: Array<Record<string, unknown>>;
      };
      expect(list.data.every((m) => 'shutdown_date' in m)).toBe(true);
      const dated = list.data.find((m) => m.id === 'gpt-5-nano');
      expect(dated?.shutdown_date).toBe('2026-12-11');
      expect(validateSchema('Model', dated)).toEqual([]);
      expect(
        validateSchema(
          'Model',
          list.data.find((m) => m.id === 'gpt-6-luna'),
        ),
      ).toEqual([]);
      expect(validateSchema('Model', { ...dated, shutdown_date: 'soon' }).join('\n')).toContain('format');
    });
  });

  describe('the validator itself', () => {
    test('rejects a chat completion without choices, so the checks above can fail', async () => {
      const body = (await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages })).json as Record<
        string,
        unknown
      >;
      const withoutChoices = { ...body };
      delete withoutChoices.choices;
      expect(validateSchema('CreateChatCompletionResponse', withoutChoices)).toEqual([
        "(root) must have required property 'choices'",
      ]);
    });

    test('rejects a wrong enum value and an error body without a message', () => {
      expect(validateSchema('ListModelsResponse', { object: 'lists', data: [] })).toEqual([
        '/object must be equal to one of the allowed values ["list"]',
      ]);
      expect(
        validateSchema('ErrorResponse', { error: { type: 'x', param: null, code: null } }).join('\n'),
      ).toContain("must have required property 'message'");
    });

    test('refuses a schema name the description does not have', () => {
      expect(() => validateSchema('NoSuchSchema', {})).toThrow(/no schema named "NoSuchSchema"/);
    });
  });
});
