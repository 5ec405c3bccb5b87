import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { chat, contentOf, errorOf } from './client';

let stub: StubHandle;

beforeAll(async () => {
  stub = await startStub();
});

afterAll(async () => {
  await stub.stop();
});

const messages = [{ role: 'user', content: 'Say something about spreadsheets.' }];

async function expectError(
  body: unknown,
  status: number,
  expected: Record<string, unknown>,
): Promise<string> {
  const reply = await chat(stub.baseUrl, body);
  expect(reply.status).toBe(status);
  const error = errorOf(reply.json);
  expect(error).toMatchObject(expected);
  return error.message;
}

describe('chat completion requests are checked like the real API checks them', () => {
  test('an unknown model gets 404 model_not_found naming the model', async () => {
    const message = await expectError({ model: 'gpt-imaginary', messages }, 404, {
      code: 'model_not_found',
      type: 'invalid_request_error',
    });
    expect(message).toBe('The model `gpt-imaginary` does not exist or you do not have access to it.');
  });

  test('a request without messages gets 400 missing_required_parameter', async () => {
    const message = await expectError({ model: 'gpt-4.1-nano' }, 400, {
      code: 'missing_required_parameter',
      param: 'messages',
    });
    expect(message).toBe("Missing required parameter: 'messages'.");
  });

  test('a request without a model gets 400', async () => {
    await expectError({ messages }, 400, { type: 'invalid_request_error' });
  });

  test('a body that is not JSON gets 400 saying it could not be parsed', async () => {
    const message = await expectError('{"model": "gpt-4.1-nano", "messages": [', 400, {
      type: 'invalid_request_error',
    });
    expect(message).toMatch(/^We could not parse the JSON body of your request/);
  });

  test('a temperature other than 1 on gpt-5-nano gets 400 unsupported_value', async () => {
    const message = await expectError({ model: 'gpt-5-nano', messages, temperature: 0 }, 400, {
      code: 'unsupported_value',
      param: 'temperature',
    });
    expect(message).toMatch(/Only the default \(1\) value is supported/);
  });

  test('temperature 1 on a reasoning model is accepted', async () => {
    const reply = await chat(stub.baseUrl, { model: 'gpt-5-nano', messages, temperature: 1 });
    expect(reply.status).toBe(200);
  });

  test('max_tokens on gpt-5-mini gets 400 unsupported_parameter pointing to max_completion_tokens', async () => {
    const message = await expectError({ model: 'gpt-5-mini', messages, max_tokens: 50 }, 400, {
      code: 'unsupported_parameter',
      param: 'max_tokens',
    });
    expect(message).toContain("Use 'max_completion_tokens' instead.");
  });

  test('reasoning_effort on a non-reasoning model gets 400 unsupported_parameter', async () => {
    await expectError({ model: 'gpt-4o-mini', messages, reasoning_effort: 'low' }, 400, {
      code: 'unsupported_parameter',
      param: 'reasoning_effort',
    });
  });

  test('gpt-5 models take "minimal" but not "none"; later 5.x models take "none"', async () => {
    expect(
      (await chat(stub.baseUrl, { model: 'gpt-5-nano', messages, reasoning_effort: 'minimal' })).status,
    ).toBe(200);
    await expectError({ model: 'gpt-5-nano', messages, reasoning_effort: 'none' }, 400, {
      code: 'unsupported_value',
      param: 'reasoning_effort',
    });
    expect(
      (await chat(stub.baseUrl, { model: 'gpt-5.4-nano', messages, reasoning_effort: 'none' })).status,
    ).toBe(200);
  });

  test('json_object output needs the word JSON somewhere in the messages', async () => {
    await expectError({ model: 'gpt-4.1-nano', messages, response_format: { type: 'json_object' } }, 400, {
      param: 'messages',
    });
    const ok = await chat(stub.baseUrl, {
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Answer in JSON: hello' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(contentOf(ok.json))).toEqual({ answer: expect.any(String) });
  });

  test('max_completion_tokens below 1 gets 400', async () => {
    await expectError({ model: 'gpt-4.1-nano', messages, max_completion_tokens: 0 }, 400, {
      param: 'max_completion_tokens',
    });
  });

  test('content given as an array of text parts is read like a string', async () => {
    const asParts = await chat(stub.baseUrl, {
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say something about spreadsheets.' }] }],
    });
    const asString = await chat(stub.baseUrl, { model: 'gpt-4.1-nano', messages });
    expect(contentOf(asParts.json)).toBe(contentOf(asString.json));
  });
});
