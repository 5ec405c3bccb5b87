import { capabilitiesOf, costUsd, priceOf, reasoningAllowance } from '../../src/openai/models';
import { buildChatBody } from '../../src/openai/request';

const spec = { system: 's', user: 'u', maxOutputTokens: 50 };

test('a GPT-6 model gets max_completion_tokens and reasoning_effort "none", never temperature', () => {
  const body = buildChatBody({ ...spec, model: 'gpt-6-luna', temperature: 0.7 });
  expect(body.temperature).toBeUndefined();
  expect(body.reasoning_effort).toBe('none');
  expect(body.max_completion_tokens).toBe(50);
  expect((body as unknown as Record<string, unknown>).max_tokens).toBeUndefined();
  expect(body.messages[0].role).toBe('developer');
});

test.each([
  ['gpt-5-nano', 'minimal'],
  ['gpt-5-mini-2025-08-07', 'minimal'],
  ['gpt-5.4-nano', 'none'],
  ['gpt-5.6-luna', 'none'],
  ['gpt-6-luna', 'none'],
  ['gpt-6.1-sol', 'low'],
  ['o3', 'low'],
  ['gpt-7-nova', 'none'],
])('%s is sent the cheapest effort it takes: %s', (model, effort) => {
  expect(buildChatBody({ ...spec, model }).reasoning_effort).toBe(effort);
});

test('a chat model gets temperature 0 by default and no reasoning_effort', () => {
  const body = buildChatBody({ ...spec, model: 'gpt-4.1-mini' });
  expect(body.temperature).toBe(0);
  expect(body.reasoning_effort).toBeUndefined();
  expect(body.max_completion_tokens).toBe(50);
  expect(body.store).toBe(false);
});

test('a temperature argument reaches a chat model', () => {
  expect(buildChatBody({ ...spec, model: 'gpt-4o-mini', temperature: 0.9 }).temperature).toBe(0.9);
});

test('lessons change the request: max_tokens, no temperature, another effort, a dropped parameter', () => {
  const chat = capabilitiesOf('acme-chat-1', {
    tokenParam: 'max_tokens',
    noTemperature: true,
    drop: ['store'],
  });
  const body = buildChatBody({ ...spec, model: 'acme-chat-1' }, chat) as unknown as Record<string, unknown>;
  expect(body).toMatchObject({ max_tokens: 50 });
  expect(body.max_completion_tokens).toBeUndefined();
  expect(body.temperature).toBeUndefined();
  expect(body.store).toBeUndefined();
  const reasoning = capabilitiesOf('gpt-7-nova', { effort: 'low' });
  expect(buildChatBody({ ...spec, model: 'gpt-7-nova' }, reasoning).reasoning_effort).toBe('low');
  const notReasoning = capabilitiesOf('gpt-7-nova', { reasoning: false });
  expect(buildChatBody({ ...spec, model: 'gpt-7-nova' }, notReasoning).reasoning_effort).toBeUndefined();
});

test('a schema becomes a strict json_schema response format', () => {
  const body = buildChatBody({
    ...spec,
    model: 'gpt-6-luna',
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
  ['gpt-6-luna', true],
  ['gpt-6.1-sol', true],
  ['gpt-9', true],
  ['o4-mini', true],
  ['gpt-5-chat-latest', false],
  ['gpt-4o', false],
  ['gpt-4.1-mini', false],
  ['ft:gpt-4o-mini:acme::abc', false],
])('%s is a reasoning model: %p', (model, reasoning) => {
  expect(capabilitiesOf(model).reasoning).toBe(reasoning);
});

test('output room for reasoning is only added where the effort sent still reasons', () => {
  expect(reasoningAllowance(capabilitiesOf('gpt-6-luna'))).toBe(0);
  expect(reasoningAllowance(capabilitiesOf('gpt-4.1-mini'))).toBe(0);
  expect(reasoningAllowance(capabilitiesOf('gpt-6.1-sol'))).toBeGreaterThan(1000);
});

test('prices come from the dated table with the cached price; snapshots by their base, fine-tunes at twice it', () => {
  expect(priceOf('gpt-6-luna')).toEqual({ input: 0.1, cachedInput: 0.01, output: 0.5 });
  expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual(priceOf('gpt-4o-mini'));
  expect(priceOf('ft:gpt-4o-mini:acme::abc')).toEqual({ input: 0.3, cachedInput: 0.15, output: 1.2 });
  expect(priceOf('gpt-6-luna', { 'gpt-6-luna': { input: 1, output: 2 } })).toEqual({ input: 1, output: 2 });
});

test('cost charges cached input at the cached price and reasoning (inside output) at the output price', () => {
  const usd = costUsd('gpt-6-luna', { input: 1_000_000, cachedInput: 600_000, output: 1_000_000 });
  expect(usd).toBeCloseTo(0.4 * 0.1 + 0.6 * 0.01 + 0.5);
  // No published cached price: the input price.
  expect(
    costUsd(
      'gpt-4',
      { input: 1_000_000, cachedInput: 1_000_000, output: 0 },
      { 'gpt-4': { input: 30, output: 60 } },
    ),
  ).toBeCloseTo(30);
});

test('a model with no known price has no cost, never zero', () => {
  expect(costUsd('gpt-5.6-terra', { input: 1000, output: 1000 })).toBeUndefined();
  expect(costUsd('acme-chat-1', { input: 1000, output: 1000 })).toBeUndefined();
});
