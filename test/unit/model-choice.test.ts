import {
  decideModel,
  isKnownModel,
  pickDefaultModel,
  replacementFor,
  shutdownDateOf,
  type ModelSnapshot,
} from '../../src/openai/model-choice';

const listed = (models: Record<string, string | null>): ModelSnapshot => ({ at: 0, models });

test('without a list, a new user gets the cheapest model of the table with no shutdown announced', () => {
  expect(pickDefaultModel('2026-12-01')).toBe('gpt-6-luna');
});

test('with a list, the first preferred model the key lists without a shutdown date is chosen', () => {
  expect(pickDefaultModel('2026-12-01', listed({ 'gpt-5.4-nano': null, 'gpt-6-luna': '2027-06-01' }))).toBe(
    'gpt-5.4-nano',
  );
});

test('a list without any preferred model falls back to its cheapest priced current model', () => {
  expect(pickDefaultModel('2026-12-01', listed({ 'gpt-6-sol': null, 'gpt-4.1-mini': '2027-01-14' }))).toBe(
    'gpt-6-sol',
  );
});

test('shutdown dates come from the live list first, then the table', () => {
  expect(shutdownDateOf('gpt-5', listed({ 'gpt-5': '2026-12-12' }))).toBe('2026-12-12');
  expect(shutdownDateOf('gpt-5')).toBe('2026-12-11');
  expect(shutdownDateOf('gpt-4o-mini-2024-07-18')).toBe('2027-01-14');
  expect(shutdownDateOf('gpt-6-luna')).toBeUndefined();
});

test('a chosen model that was retired is replaced by OpenAI’s recommendation, a current one is kept', () => {
  expect(decideModel('gpt-4.1-nano', '2026-12-01')).toEqual({
    model: 'gpt-6-luna',
    replaced: 'gpt-4.1-nano',
    automatic: false,
  });
  expect(decideModel('gpt-5', '2026-12-01')).toEqual({ model: 'gpt-5', automatic: false });
  expect(decideModel('gpt-5', '2026-12-11').model).toBe('gpt-6.1-sol');
  expect(decideModel(undefined, '2026-12-01')).toEqual({ model: 'gpt-6-luna', automatic: true });
});

test('a model the API stopped knowing counts as retired, and a replacement it cannot list is skipped', () => {
  const lessons = { 'gpt-6-luna': { missingSince: '2026-12-01' } };
  expect(decideModel(undefined, '2026-12-01', undefined, lessons).model).toBe('gpt-5.6-luna');
  expect(replacementFor('gpt-4.1-nano', '2026-12-01', listed({ 'gpt-5.4-nano': null }))).toBe('gpt-5.4-nano');
});

test('known models are the table’s and the list’s; a typo is not', () => {
  expect(isKnownModel('gpt-4.1-nano')).toBe(true);
  expect(isKnownModel('gpt-6-luna-2026-09-22')).toBe(true);
  expect(isKnownModel('acme-chat-1', listed({ 'acme-chat-1': null }))).toBe(true);
  expect(isKnownModel('gpt-6-lunaa')).toBe(false);
});
