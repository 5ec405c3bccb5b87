// The stub's bodies checked against OpenAI's published OpenAPI schemas.

import Ajv2020 from 'ajv/dist/2020';
import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { expectValidWithNulls, validateSchema, withoutNulls } from '../support/openapi';
import {
  KEY,
  TODAY,
  batchLine,
  batchRequest,
  call,
  chat,
  fileLines,
  startBatch,
  uploadFile,
  type BatchShape,
} from './client';
import { describeWithShared } from '../support/shared-tests';

/**
 * The per-line object of batch output and error files. openapi.json has no schema for it, so this
 * one has the fields the API reference's "request output object" names: `response` and `error`
 * are nullable; `error` is for requests that failed without an HTTP response.
 */
const BATCH_REQUEST_OUTPUT = {
  type: 'object',
  required: ['id', 'custom_id', 'response', 'error'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^batch_req_' },
    custom_id: { type: 'string' },
    response: {
      anyOf: [
        {
          type: 'object',
          required: ['status_code', 'request_id', 'body'],
          additionalProperties: false,
          properties: {
            status_code: { type: 'integer' },
            request_id: { type: 'string' },
            body: { type: 'object' },
          },
        },
        { type: 'null' },
      ],
    },
    error: {
      anyOf: [
        {
          type: 'object',
          required: ['code', 'message'],
          additionalProperties: false,
          properties: { code: { type: 'string' }, message: { type: 'string' } },
        },
        { type: 'null' },
      ],
    },
  },
};
const validateOutputLine = new Ajv2020({ allErrors: true }).compile(BATCH_REQUEST_OUTPUT);

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

  describe('the Batch API matches OpenAIFile, Batch, ListBatchesResponse, DeleteFileResponse and ErrorResponse', () => {
    const line = (id: string, extra: Record<string, unknown> = {}) =>
      batchLine(id, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Say ${id}` }], ...extra });

    beforeEach(async () => {
      await stub.configure({ batchSecondsPerStage: null, batchFailEvery: null });
      await stub.reset();
    });

    const advance = async (id: string, request: Record<string, unknown> = {}): Promise<BatchShape> =>
      (await stub.advanceBatches({ id, ...request }))[0] as unknown as BatchShape;

    test('an uploaded file, read back and deleted', async () => {
      const uploaded = await uploadFile(stub.baseUrl, `${line('a')}\n`);
      expectValidWithNulls('OpenAIFile', uploaded.json);
      const id = (uploaded.json as { id: string }).id;
      expectValidWithNulls('OpenAIFile', (await call(stub.baseUrl, 'GET', `/v1/files/${id}`)).json);
      expect(
        validateSchema('DeleteFileResponse', (await call(stub.baseUrl, 'DELETE', `/v1/files/${id}`)).json),
      ).toEqual([]);
    });

    test('a batch at every status, with usage, counts and errors', async () => {
      await stub.configure({ batchFailEvery: 2 });
      const bodies: unknown[] = [];
      const created = await startBatch(stub.baseUrl, [line('a'), line('b'), line('c')], {
        metadata: { job: 'x' },
      });
      bodies.push(created, await advance(created.id, { completeRequests: 1 }), await advance(created.id));
      bodies.push(await advance(created.id));
      const failed = await startBatch(stub.baseUrl, [line('a'), 'not json']);
      bodies.push(await advance(failed.id));
      const expired = await startBatch(stub.baseUrl, [line('a'), line('b')]);
      bodies.push(await advance(expired.id, { completeRequests: 1, to: 'expired' }));
      const cancelled = await startBatch(stub.baseUrl, [line('a')]);
      await advance(cancelled.id, { to: 'in_progress' });
      bodies.push((await call(stub.baseUrl, 'POST', `/v1/batches/${cancelled.id}/cancel`)).json);
      bodies.push(await advance(cancelled.id));
      expect(bodies.map((b) => (b as BatchShape).status)).toEqual([
        'validating',
        'in_progress',
        'finalizing',
        'completed',
        'failed',
        'expired',
        'cancelling',
        'cancelled',
      ]);
      for (const body of bodies) expectValidWithNulls('Batch', body);
      expect(validateSchema('Batch', { ...(withoutNulls(bodies[3]) as object), status: 'done' })).toEqual([
        '/status must be equal to one of the allowed values ["validating","failed","in_progress","finalizing","completed","expired","cancelling","cancelled"]',
      ]);
    });

    test('the list of batches, full and empty', async () => {
      await startBatch(stub.baseUrl, [line('a')]);
      await startBatch(stub.baseUrl, [line('b')]);
      expectValidWithNulls(
        'ListBatchesResponse',
        (await call(stub.baseUrl, 'GET', '/v1/batches?limit=1')).json,
      );
      const empty = await call(stub.baseUrl, 'GET', '/v1/batches', undefined, 'sk-test-nobody-000000000000');
      expectValidWithNulls('ListBatchesResponse', empty.json);
    });

    test('every line of output and error files, and the bodies they carry', async () => {
      const completed = await startBatch(stub.baseUrl, [line('a'), line('b'), line('c', { n: 0 })]);
      const done = await advance(completed.id, { to: 'completed' });
      await stub.configure({ batchFailEvery: 1 });
      const running = await startBatch(stub.baseUrl, [line('a'), line('b')]);
      const expired = await advance(running.id, { completeRequests: 1, to: 'expired' });
      const output = await fileLines(stub.baseUrl, String(done.output_file_id));
      const failed = [
        ...(await fileLines(stub.baseUrl, String(done.error_file_id))),
        ...(await fileLines(stub.baseUrl, String(expired.error_file_id))),
      ];
      const statuses = [...output, ...failed].map(
        (l) => (l.response as { status_code: number } | null)?.status_code ?? null,
      );
      expect(statuses).toEqual([200, 200, 400, 500, null]);
      for (const l of [...output, ...failed]) {
        expect([l.custom_id, validateOutputLine(l) ? [] : validateOutputLine.errors]).toEqual([
          l.custom_id,
          [],
        ]);
        const response = l.response as { status_code: number; body: unknown } | null;
        if (response) {
          const schema = response.status_code === 200 ? 'CreateChatCompletionResponse' : 'ErrorResponse';
          expect(validateSchema(schema, response.body)).toEqual([]);
        }
      }
      expect(validateOutputLine({ ...output[0], error: { code: 1 } })).toBe(false);
    });

    test('the requests these tests send are CreateBatchRequest bodies', () => {
      const request = {
        input_file_id: 'file-abc',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      };
      expect(validateSchema('CreateBatchRequest', { ...request, metadata: { job: 'x' } })).toEqual([]);
      expect(
        validateSchema('CreateBatchRequest', {
          ...request,
          output_expires_after: { anchor: 'created_at', seconds: 7200 },
        }),
      ).toEqual([]);
    });

    test('refusals of files and batches are ErrorResponse bodies', async () => {
      const refusals = [
        await uploadFile(stub.baseUrl, 'x', 'rows.txt'),
        await uploadFile(stub.baseUrl, 'x', 'rows.jsonl', 'answers'),
        await uploadFile(stub.baseUrl, 'x', 'rows.jsonl', null),
        await call(stub.baseUrl, 'GET', '/v1/files/file-nothing'),
        await call(stub.baseUrl, 'GET', '/v1/batches/batch_nothing'),
        await call(stub.baseUrl, 'POST', '/v1/batches', {
          input_file_id: 'file-nothing',
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
        }),
        await call(stub.baseUrl, 'POST', '/v1/batches', { input_file_id: 'file-nothing' }),
        await call(stub.baseUrl, 'GET', '/v1/batches?limit=500'),
      ];
      const done = await startBatch(stub.baseUrl, [line('a')]);
      await advance(done.id, { to: 'completed' });
      refusals.push(await call(stub.baseUrl, 'POST', `/v1/batches/${done.id}/cancel`, undefined, KEY));
      expect(refusals.map((r) => r.status)).toEqual([400, 400, 400, 404, 404, 404, 400, 400, 409]);
      for (const r of refusals) expect(validateSchema('ErrorResponse', r.json)).toEqual([]);
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
