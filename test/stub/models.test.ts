import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { TODAY, call, chat, errorOf } from './client';

let stub: StubHandle;

beforeAll(async () => {
  stub = await startStub({ today: TODAY });
});

afterEach(async () => {
  await stub.configure({ today: TODAY, models: null, extraModels: [] });
});

afterAll(async () => {
  await stub.stop();
});

interface ListedModel {
  id: string;
  object: string;
  created: number;
  owned_by: string;
  shutdown_date: string | null;
}

async function listed(): Promise<ListedModel[]> {
  const reply = await call(stub.baseUrl, 'GET', '/v1/models');
  expect(reply.status).toBe(200);
  const body = reply.json as { object: string; data: ListedModel[] };
  expect(body.object).toBe('list');
  return body.data;
}

const ids = async (): Promise<string[]> => (await listed()).map((m) => m.id);
const hello = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'Hello' }],
  ...extra,
});

describe('the model list', () => {
  test('lists the current models, each a Model with its shutdown_date, a string or null', async () => {
    const models = await listed();
    const byId = new Map(models.map((m) => [m.id, m]));
    for (const id of [
      'gpt-6-luna',
      'gpt-6-sol',
      'gpt-6.1-sol',
      'gpt-5.6-luna',
      'gpt-5.4-nano',
      'gpt-5.4-mini',
    ]) {
      expect(byId.get(id)).toMatchObject({ id, object: 'model', owned_by: 'system', shutdown_date: null });
    }
    expect(byId.get('gpt-5-nano')?.shutdown_date).toBe('2026-12-11');
    expect(byId.get('o3')?.shutdown_date).toBe('2026-12-11');
    expect(byId.get('gpt-4.1-mini')?.shutdown_date).toBe('2027-01-14');
    expect(byId.get('gpt-6-luna')?.created).toBe(Date.UTC(2026, 8, 22) / 1000);
    expect(models.every((m) => m.shutdown_date === null || typeof m.shutdown_date === 'string')).toBe(true);
  });

  test('models shut down on 2026-10-23 are absent from the list', async () => {
    const listedIds = await ids();
    for (const id of ['gpt-4.1-nano', 'gpt-3.5-turbo', 'gpt-4', 'gpt-4-turbo', 'o1', 'o3-mini', 'o4-mini']) {
      expect(listedIds).not.toContain(id);
    }
  });

  test('a retired model gets 404 model_not_found on chat, with the unknown-model body', async () => {
    const reply = await chat(stub.baseUrl, hello('gpt-4.1-nano'));
    expect(reply.status).toBe(404);
    expect(errorOf(reply.json)).toEqual({
      message: 'The model `gpt-4.1-nano` does not exist or you do not have access to it.',
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    });
  });

  test('GET /v1/models/{id} serves a current model and answers 404 for a retired or unknown one', async () => {
    const known = await call(stub.baseUrl, 'GET', '/v1/models/gpt-5-nano');
    expect(known.status).toBe(200);
    expect(known.json).toMatchObject({ id: 'gpt-5-nano', object: 'model', shutdown_date: '2026-12-11' });
    for (const id of ['gpt-4.1-nano', 'gpt-9-imaginary']) {
      const reply = await call(stub.baseUrl, 'GET', `/v1/models/${id}`);
      expect(reply.status).toBe(404);
      expect(errorOf(reply.json)).toEqual({
        message: `The model '${id}' does not exist`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      });
    }
  });

  test('the today switch shuts gpt-5 down on 2026-12-11, and gpt-4o on 2027-01-14', async () => {
    await stub.configure({ today: '2026-12-10' });
    expect(await ids()).toContain('gpt-5');
    expect((await chat(stub.baseUrl, hello('gpt-5'))).status).toBe(200);
    await stub.configure({ today: '2026-12-11' });
    expect(await ids()).not.toContain('gpt-5');
    expect((await chat(stub.baseUrl, hello('gpt-5'))).status).toBe(404);
    expect((await call(stub.baseUrl, 'GET', '/v1/models/gpt-5')).status).toBe(404);
    expect(await ids()).toContain('gpt-4o');
    await stub.configure({ today: '2027-01-14' });
    expect(await ids()).not.toContain('gpt-4o');
    expect(await ids()).toContain('gpt-6-luna');
  });

  test('today null uses the real date, and a malformed date is refused', async () => {
    await stub.configure({ today: null });
    const realToday = new Date().toISOString().slice(0, 10);
    expect((await listed()).every((m) => m.shutdown_date === null || m.shutdown_date > realToday)).toBe(true);
    await expect(stub.configure({ today: '2026-13-01' })).rejects.toThrow(/today/);
  });

  test('the models switch offers only the ids it names, in that order', async () => {
    await stub.configure({ models: ['gpt-5.4-nano', 'gpt-6-luna'] });
    expect(await ids()).toEqual(['gpt-5.4-nano', 'gpt-6-luna']);
    expect((await chat(stub.baseUrl, hello('gpt-6-sol'))).status).toBe(404);
  });

  test('the models switch refuses an id that is neither in the catalogue nor in extraModels', async () => {
    await expect(stub.configure({ models: ['only-this-model'] })).rejects.toThrow(
      /names \\"only-this-model\\"/,
    );
    await stub.configure({
      models: ['only-this-model'],
      extraModels: [{ id: 'only-this-model', family: 'gpt-4' }],
    });
    expect(await ids()).toEqual(['only-this-model']);
  });
});

describe('extra models', () => {
  const nova = {
    id: 'gpt-7-nova',
    family: {
      reasoning: true,
      efforts: ['low' as const, 'medium' as const, 'high' as const],
      defaultEffort: 'medium' as const,
      temperature: 'default_only' as const,
      tokenParams: ['max_completion_tokens' as const],
    },
  };
  const acme = {
    id: 'acme-chat-1',
    family: { reasoning: false, temperature: 'default_only' as const, tokenParams: ['max_tokens' as const] },
  };

  test('a model of a reasoning family the add-on has never seen is listed and checked by its own rules', async () => {
    await stub.configure({ extraModels: [nova] });
    expect(await ids()).toContain('gpt-7-nova');
    expect((await chat(stub.baseUrl, hello('gpt-7-nova', { reasoning_effort: 'low' }))).status).toBe(200);
    const none = await chat(stub.baseUrl, hello('gpt-7-nova', { reasoning_effort: 'none' }));
    expect(errorOf(none.json).message).toBe(
      "Unsupported value: 'none' is not supported with the 'gpt-7-nova' model. Supported values are: 'low', 'medium', and 'high'.",
    );
    const usage = (await chat(stub.baseUrl, hello('gpt-7-nova'))).json as {
      usage: { completion_tokens_details: { reasoning_tokens: number } };
    };
    expect(usage.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect((await chat(stub.baseUrl, hello('gpt-7-nova', { temperature: 0 }))).status).toBe(400);
  });

  test('a non-reasoning model that takes only max_tokens refuses max_completion_tokens, pointing to max_tokens', async () => {
    await stub.configure({ extraModels: [acme] });
    expect((await chat(stub.baseUrl, hello('acme-chat-1', { max_tokens: 20 }))).status).toBe(200);
    const reply = await chat(stub.baseUrl, hello('acme-chat-1', { max_completion_tokens: 20 }));
    expect(reply.status).toBe(400);
    expect(errorOf(reply.json)).toEqual({
      message:
        "Unsupported parameter: 'max_completion_tokens' is not supported with this model. Use 'max_tokens' instead.",
      type: 'invalid_request_error',
      param: 'max_completion_tokens',
      code: 'unsupported_parameter',
    });
    const effort = await chat(stub.baseUrl, hello('acme-chat-1', { reasoning_effort: 'low' }));
    expect(errorOf(effort.json)).toMatchObject({ code: 'unsupported_parameter', param: 'reasoning_effort' });
    expect(errorOf((await chat(stub.baseUrl, hello('acme-chat-1', { temperature: 0.5 }))).json).code).toBe(
      'unsupported_value',
    );
  });

  test('an extra model without a family takes the catalogue family its id matches, and may have a shutdown date', async () => {
    await stub.configure({
      extraModels: [{ id: 'gpt-6-luna-2026-09-22' }, { id: 'gpt-5.4-nano-old', shutdown_date: '2026-11-30' }],
    });
    expect(await ids()).toContain('gpt-6-luna-2026-09-22');
    expect(await ids()).not.toContain('gpt-5.4-nano-old');
    const max = await chat(stub.baseUrl, hello('gpt-6-luna-2026-09-22', { reasoning_effort: 'max' }));
    expect(max.status).toBe(200);
  });

  test('an extra model whose family cannot be found, or is malformed, is refused with the field named', async () => {
    await expect(stub.configure({ extraModels: [{ id: 'acme-2' }] })).rejects.toThrow(/extraModels.*acme-2/);
    await expect(
      stub.configure({ extraModels: [{ id: 'acme-2', family: 'no-such-family' }] }),
    ).rejects.toThrow(/no-such-family/);
    const badFamily = { reasoning: true, temperature: 'any' as const, tokenParams: ['max_tokens' as const] };
    await expect(stub.configure({ extraModels: [{ id: 'acme-2', family: badFamily }] })).rejects.toThrow(
      /efforts/,
    );
  });
});
