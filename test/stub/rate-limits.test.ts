import { encodeChat } from 'gpt-tokenizer/model/gpt-4o';
import { KEY, chat, errorOf } from './client';
import { useStub } from './use-stub';

const stub = useStub({ rpm: null, tpm: null });

const messages = [{ role: 'user' as const, content: 'Count me.' }];
const promptTokens = encodeChat(messages).length;

describe('requests per minute', () => {
  test('remaining requests count down, then the next request gets 429 requests with retry-after', async () => {
    await stub.configure({ rpm: 3 });
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const reply = await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-ratelimit-limit-requests')).toBe('3');
      remaining.push(reply.headers.get('x-ratelimit-remaining-requests'));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages });
    expect(limited.status).toBe(429);
    const error = errorOf(limited.json);
    expect(error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: null });
    expect(error.message).toMatch(
      /^Rate limit reached for gpt-4o-mini in organization org-stub on requests per min \(RPM\): Limit 3, Used 3, Requested 1\. Please try again in [\d.]+s\./,
    );
    const retryAfter = Number(limited.headers.get('retry-after'));
    const retryAfterMs = Number(limited.headers.get('retry-after-ms'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBe(Math.ceil(retryAfterMs / 1000));
    expect(retryAfterMs).toBeGreaterThan(55_000);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(limited.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset-requests')).toMatch(/^(5\d(\.\d+)?s|1m0s)$/);
    expect((await stub.stats()).rateLimited).toBe(1);
  });

  test('each key has its own window', async () => {
    await stub.configure({ rpm: 1 });
    expect((await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }, KEY)).status).toBe(200);
    expect((await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }, KEY)).status).toBe(429);
    expect(
      (await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages }, 'sk-another-key-000000')).status,
    ).toBe(200);
  });

  test('reset empties the windows', async () => {
    await stub.configure({ rpm: 1 });
    await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages });
    expect((await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages })).status).toBe(429);
    await stub.reset();
    expect((await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages })).status).toBe(200);
  });
});

describe('tokens per minute', () => {
  test('each request is charged its prompt plus max_completion_tokens, and the one that does not fit gets 429 tokens', async () => {
    const perRequest = promptTokens + 100;
    await stub.configure({ tpm: perRequest * 2 + 10 });
    const body = { model: 'gpt-4o-mini', messages, max_completion_tokens: 100 };
    const first = await chat(stub.baseUrl, body);
    expect(first.headers.get('x-ratelimit-remaining-tokens')).toBe(String(perRequest + 10));
    const second = await chat(stub.baseUrl, body);
    expect(second.headers.get('x-ratelimit-remaining-tokens')).toBe('10');
    const third = await chat(stub.baseUrl, body);
    expect(third.status).toBe(429);
    const error = errorOf(third.json);
    expect(error).toMatchObject({ type: 'tokens', code: 'rate_limit_exceeded' });
    expect(error.message).toContain(
      `on tokens per min (TPM): Limit ${perRequest * 2 + 10}, Used ${perRequest * 2}, Requested ${perRequest}.`,
    );
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(third.headers.get('retry-after-ms')).toMatch(/^\d+$/);
  });

  test('a smaller request can still fit where a larger one did not', async () => {
    await stub.configure({ tpm: promptTokens * 2 + 50 });
    expect(
      (await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages, max_completion_tokens: 50 })).status,
    ).toBe(200);
    expect(
      (await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages, max_completion_tokens: 50 })).status,
    ).toBe(429);
    expect((await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages })).status).toBe(200);
  });

  test('a single request larger than the whole limit is refused as too large', async () => {
    await stub.configure({ tpm: 100 });
    const reply = await chat(stub.baseUrl, { model: 'gpt-4o-mini', messages, max_completion_tokens: 500 });
    expect(reply.status).toBe(429);
    expect(errorOf(reply.json).message).toMatch(/^Request too large for gpt-4o-mini/);
  });
});
