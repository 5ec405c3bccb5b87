import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { TODAY, chat, contentOf, errorOf } from './client';

let stub: StubHandle;

beforeAll(async () => {
  stub = await startStub({ today: TODAY });
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

async function statusOf(body: unknown): Promise<number> {
  return (await chat(stub.baseUrl, body)).status;
}

describe('chat completion requests are checked like the real API checks them', () => {
  test('an unknown model gets 404 model_not_found naming the model', async () => {
    const message = await expectError({ model: 'gpt-imaginary', messages }, 404, {
      code: 'model_not_found',
      type: 'invalid_request_error',
      param: null,
    });
    expect(message).toBe('The model `gpt-imaginary` does not exist or you do not have access to it.');
  });

  test('a request without messages gets 400 missing_required_parameter', async () => {
    const message = await expectError({ model: 'gpt-6-luna' }, 400, {
      code: 'missing_required_parameter',
      param: 'messages',
    });
    expect(message).toBe("Missing required parameter: 'messages'.");
  });

  test('a request without a model gets 400', async () => {
    await expectError({ messages }, 400, { type: 'invalid_request_error' });
  });

  test('a body that is not JSON gets 400 saying it could not be parsed', async () => {
    const message = await expectError('{"model": "gpt-6-luna", "messages": [', 400, {
      type: 'invalid_request_error',
    });
    expect(message).toMatch(/^We could not parse the JSON body of your request/);
  });

  test('json_object output needs the word JSON somewhere in the messages', async () => {
    await expectError({ model: 'gpt-6-luna', messages, response_format: { type: 'json_object' } }, 400, {
      param: 'messages',
    });
    const ok = await chat(stub.baseUrl, {
      model: 'gpt-6-luna',
      messages: [{ role: 'user', content: 'Answer in JSON: hello' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(contentOf(ok.json))).toEqual({ answer: expect.any(String) });
  });

  test('max_completion_tokens below 1 gets 400', async () => {
    await expectError({ model: 'gpt-6-luna', messages, max_completion_tokens: 0 }, 400, {
      param: 'max_completion_tokens',
    });
  });

  test('content given as an array of text parts is read like a string', async () => {
    const asParts = await chat(stub.baseUrl, {
      model: 'gpt-6-luna',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say something about spreadsheets.' }] }],
    });
    const asString = await chat(stub.baseUrl, { model: 'gpt-6-luna', messages });
    expect(contentOf(asParts.json)).toBe(contentOf(asString.json));
  });
});

describe('parameters are refused by the rules of the model family, with the captured bodies', () => {
  test('a temperature other than 1 on a reasoning family gets 400 unsupported_value echoing the value', async () => {
    const message = await expectError({ model: 'gpt-6-luna', messages, temperature: 0 }, 400, {
      type: 'invalid_request_error',
      code: 'unsupported_value',
      param: 'temperature',
    });
    expect(message).toBe(
      "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.",
    );
  });

  test('temperature 1 on a reasoning family and temperature 0 on gpt-4.1-mini are accepted', async () => {
    expect(await statusOf({ model: 'gpt-6-luna', messages, temperature: 1 })).toBe(200);
    expect(await statusOf({ model: 'gpt-4.1-mini', messages, temperature: 0 })).toBe(200);
  });

  test('max_tokens on a family that takes only max_completion_tokens gets 400 unsupported_parameter', async () => {
    const message = await expectError({ model: 'gpt-6-luna', messages, max_tokens: 50 }, 400, {
      type: 'invalid_request_error',
      code: 'unsupported_parameter',
      param: 'max_tokens',
    });
    expect(message).toBe(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    );
  });

  test('gpt-4.1-mini takes both max_tokens and max_completion_tokens', async () => {
    expect(await statusOf({ model: 'gpt-4.1-mini', messages, max_tokens: 50 })).toBe(200);
    expect(await statusOf({ model: 'gpt-4.1-mini', messages, max_completion_tokens: 50 })).toBe(200);
  });

  test('reasoning_effort on a non-reasoning model gets 400 unsupported_parameter without a hint', async () => {
    const message = await expectError({ model: 'gpt-4o-mini', messages, reasoning_effort: 'low' }, 400, {
      type: 'invalid_request_error',
      code: 'unsupported_parameter',
      param: 'reasoning_effort',
    });
    expect(message).toBe("Unsupported parameter: 'reasoning_effort' is not supported with this model.");
  });

  test('an effort gpt-6.1-sol does not take gets 400 unsupported_value listing the ones it does', async () => {
    const reply = await chat(stub.baseUrl, { model: 'gpt-6.1-sol', messages, reasoning_effort: 'none' });
    expect(reply.status).toBe(400);
    expect(errorOf(reply.json)).toEqual({
      message:
        "Unsupported value: 'none' is not supported with the 'gpt-6.1-sol' model. Supported values are: 'low', 'medium', 'high', 'xhigh', and 'max'.",
      type: 'invalid_request_error',
      param: 'reasoning_effort',
      code: 'unsupported_value',
    });
  });

  test('an effort outside the spec enum gets 400 invalid_value listing all seven', async () => {
    const message = await expectError({ model: 'gpt-6-luna', messages, reasoning_effort: 'extreme' }, 400, {
      code: 'invalid_value',
      param: 'reasoning_effort',
    });
    expect(message).toBe(
      "Invalid value: 'extreme'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', and 'max'.",
    );
  });

  test('effort max is taken by gpt-6-luna, gpt-6.1-sol and gpt-5.6-luna, and refused by gpt-5.4-nano', async () => {
    for (const model of ['gpt-6-luna', 'gpt-6.1-sol', 'gpt-5.6-luna']) {
      expect(await statusOf({ model, messages, reasoning_effort: 'max' })).toBe(200);
    }
    const message = await expectError({ model: 'gpt-5.4-nano', messages, reasoning_effort: 'max' }, 400, {
      code: 'unsupported_value',
    });
    expect(message).toContain("Supported values are: 'none', 'low', 'medium', 'high', and 'xhigh'.");
  });

  test('the original gpt-5 family takes "minimal" but not "none"; gpt-5.4 and gpt-6 take "none" but not "minimal"', async () => {
    expect(await statusOf({ model: 'gpt-5-nano', messages, reasoning_effort: 'minimal' })).toBe(200);
    await expectError({ model: 'gpt-5-nano', messages, reasoning_effort: 'none' }, 400, {
      code: 'unsupported_value',
    });
    expect(await statusOf({ model: 'gpt-5.4-nano', messages, reasoning_effort: 'none' })).toBe(200);
    expect(await statusOf({ model: 'gpt-6-luna', messages, reasoning_effort: 'none' })).toBe(200);
    await expectError({ model: 'gpt-6-luna', messages, reasoning_effort: 'minimal' }, 400, {
      code: 'unsupported_value',
    });
  });

  test('o-series models take low, medium and high only', async () => {
    expect(await statusOf({ model: 'o3', messages, reasoning_effort: 'high' })).toBe(200);
    await expectError({ model: 'o3', messages, reasoning_effort: 'xhigh' }, 400, {
      code: 'unsupported_value',
    });
  });
});
