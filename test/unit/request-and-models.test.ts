import { capabilitiesOf, costUsd, priceOf } from '../../src/openai/models';
import { buildChatBody } from '../../src/openai/request';

const spec = { system: 's', user: 'u', maxOutputTokens: 50 };

test('a reasoning model gets max_completion_tokens and reasoning_effort, never temperature', () => {
  const body = buildChatBody({ ...spec, model: 'gpt-5-nano', temperature: 0.7 });
  expect(body.temperature).toBeUndefined();
  expect(body.reasoning_effort).toBe('minimal');
  expect(body.max_completion_tokens).toBe(50);
  expect((body as unknown as Record<string, unknown>).max_tokens).toBeUndefined();
  expect(body.messages[0].role).toBe('developer');
});

test('later GPT-5 releases take reasoning_effort "none"', () => {
  expect(buildChatBody({ ...spec, model: 'gpt-5.4-mini' }).reasoning_effort).toBe('none');
});

test('a chat model gets temperature 0 by default and no reasoning_effort', () => {
  const body = buildChatBody({ ...spec, model: 'gpt-4.1-nano' });
  expect(body.temperature).toBe(0);
  expect(body.reasoning_effort).toBeUndefined();
  expect(body.max_completion_tokens).toBe(50);
  expect(body.store).toBe(false);
});

test('a temperature argument reaches a chat model', () => {
  expect(buildChatBody({ ...spec, model: 'gpt-4o-mini', temperature: 0.9 }).temperature).toBe(0.9);
});

test('a schema becomes a strict json_schema response format', () => {
  const body = buildChatBody({
    ...spec,
    model: 'gpt-4.1-nano',
    schema: { name: 'answers', schema: { type: 'object' } },
  });
  expect(body.response_format).toEqual({
    type: 'json_schema',
    json_schema: { name: 'answers', strict: true, schema: { type: 'object' } },
  });
});

test.each([
  ['gpt-5', true],
  ['gpt-5-mini-2025-08-07', true],
  ['o4-mini', true],
  ['gpt-5-chat-latest', false],
  ['gpt-4o', false],
  ['gpt-4.1-nano', false],
])('%s is a reasoning model: %p', (model, reasoning) => {
  expect(capabilitiesOf(model).reasoning).toBe(reasoning);
});

test('prices come from the table, dated snapshots from their base, overrides first', () => {
  expect(priceOf('gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6 });
  expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
  expect(priceOf('gpt-4o-mini', { 'gpt-4o-mini': { input: 1, output: 2 } })).toEqual({ input: 1, output: 2 });
  expect(costUsd('gpt-5-nano', 1_000_000, 1_000_000)).toBeCloseTo(0.45);
  expect(costUsd('unknown-model', 1000, 1000)).toBe(0);
});
