// The switches that make the stub an untrustworthy OpenAI-compatible server (tools/openai-stub/untrusted.ts).
import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { echoedKey } from '../../tools/openai-stub/untrusted';
import { KEY, TODAY, asCompletion, chat, contentOf, errorOf } from './client';

let stub: StubHandle;
beforeAll(async () => {
  stub = await startStub({ today: TODAY });
});
beforeEach(() => stub.configure({ usageOverride: null, answerChars: null, echoKeyIn400: null }));
afterAll(() => stub.stop());

const simple = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };

test('usageOverride replaces the reported numbers with any JSON value, or leaves usage out; statistics keep the truth', async () => {
  await stub.configure({ usageOverride: { prompt_tokens: -150000, completion_tokens: 'abc' } });
  const replaced = asCompletion((await chat(stub.baseUrl, simple)).json);
  expect(replaced.usage).toMatchObject({ prompt_tokens: -150000, completion_tokens: 'abc' });
  await stub.configure({ usageOverride: 'omit' });
  expect(asCompletion((await chat(stub.baseUrl, simple)).json).usage).toBeUndefined();
  expect((await stub.stats()).promptTokens).toBeGreaterThan(0);
});

test('answerChars makes the answer that long whatever max_completion_tokens says', async () => {
  await stub.configure({ answerChars: 60_000 });
  const reply = await chat(stub.baseUrl, { ...simple, max_completion_tokens: 5 });
  expect(contentOf(reply.json)).toHaveLength(60_000);
});

test.each(['plain', 'no_prefix', 'url', 'spaced', 'base64', 'base64_bearer'] as const)(
  'echoKeyIn400 %s answers 400 with the key in that form',
  async (how) => {
    await stub.configure({ echoKeyIn400: how });
    const reply = await chat(stub.baseUrl, simple);
    expect(reply.status).toBe(400);
    expect(errorOf(reply.json).message).toContain(echoedKey(KEY, how));
  },
);

test('the switches refuse values they do not know', async () => {
  await expect(stub.configure({ echoKeyIn400: 'rot13' as never })).rejects.toThrow(/echoKeyIn400/);
  await expect(stub.configure({ answerChars: 0 })).rejects.toThrow(/answerChars/);
  await expect(stub.configure({ usageOverride: 5 as never })).rejects.toThrow(/usageOverride/);
});
