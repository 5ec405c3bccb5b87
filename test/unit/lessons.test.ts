import { BadRequestError } from '../../src/openai/errors';
import { adaptToRefusal, lessonChanges, readLessons } from '../../src/openai/lessons';
import type { ChatBody } from '../../src/openai/request';

const body = (extra: Record<string, unknown>): ChatBody =>
  ({ model: 'm', messages: [{ role: 'user', content: 'x' }], ...extra }) as unknown as ChatBody;

const refusal = (code: string, param: string | null, message: string) =>
  new BadRequestError(400, { code, param, message, type: 'invalid_request_error' }, `400 ${message}`);

test('a refused temperature is dropped and remembered', () => {
  const adapted = adaptToRefusal(
    body({ temperature: 0 }),
    refusal(
      'unsupported_value',
      'temperature',
      "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.",
    ),
  );
  expect(adapted?.lesson).toEqual({ noTemperature: true });
  expect((adapted?.body as unknown as Record<string, unknown>).temperature).toBeUndefined();
});

test('an unsupported effort is replaced by the cheapest of the values the error lists', () => {
  const adapted = adaptToRefusal(
    body({ reasoning_effort: 'none' }),
    refusal(
      'unsupported_value',
      'reasoning_effort',
      "Unsupported value: 'none' is not supported with the 'gpt-6.1-sol' model. Supported values are: 'low', 'medium', 'high', 'xhigh', and 'max'.",
    ),
  );
  expect(adapted?.lesson).toEqual({ reasoning: true, effort: 'low' });
  expect(adapted?.body.reasoning_effort).toBe('low');
});

test('reasoning_effort refused as a parameter means the model does not reason', () => {
  const adapted = adaptToRefusal(
    body({ reasoning_effort: 'none' }),
    refusal(
      'unsupported_parameter',
      'reasoning_effort',
      "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
    ),
  );
  expect(adapted?.lesson).toEqual({ reasoning: false });
  expect(adapted?.body.reasoning_effort).toBeUndefined();
});

test('max_completion_tokens refused is sent as max_tokens, and the reverse', () => {
  const toOld = adaptToRefusal(
    body({ max_completion_tokens: 40 }),
    refusal(
      'unsupported_parameter',
      'max_completion_tokens',
      "Unsupported parameter: 'max_completion_tokens' is not supported with this model. Use 'max_tokens' instead.",
    ),
  );
  expect(toOld?.lesson).toEqual({ tokenParam: 'max_tokens' });
  expect((toOld?.body as unknown as Record<string, unknown>).max_tokens).toBe(40);
  const toNew = adaptToRefusal(
    body({ max_tokens: 40 }),
    refusal(
      'unsupported_parameter',
      'max_tokens',
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    ),
  );
  expect(toNew?.body.max_completion_tokens).toBe(40);
});

test('the parameter is read from the message when the error has no param', () => {
  const adapted = adaptToRefusal(
    body({ store: false }),
    refusal(
      'unsupported_parameter',
      null,
      "Unsupported parameter: 'store' is not supported with this model.",
    ),
  );
  expect(adapted?.lesson).toEqual({ drop: ['store'] });
});

test('refusals of essential parameters, other codes and other statuses are not adapted', () => {
  expect(adaptToRefusal(body({}), refusal('unsupported_parameter', 'response_format', 'x'))).toBeNull();
  expect(adaptToRefusal(body({ temperature: 0 }), refusal('invalid_value', 'temperature', 'x'))).toBeNull();
  expect(adaptToRefusal(body({}), refusal('unsupported_parameter', 'temperature', 'x'))).toBeNull(); // nothing to change
});

test('lessons are merged into the spreadsheet’s and read back with any model name', () => {
  const props = lessonChanges({}, { 'gpt-7-nova': { effort: 'low' } });
  const merged = lessonChanges(props, {
    'gpt-7-nova': { drop: ['store'] },
    constructor: { noTemperature: true },
  });
  const lessons = readLessons(merged);
  expect(lessons['gpt-7-nova']).toEqual({ effort: 'low', drop: ['store'] });
  expect(lessons.constructor).toEqual({ noTemperature: true });
  expect(readLessons({})['toString']).toBeUndefined();
});

test('a model missing for more than a week is tried again', () => {
  const props = lessonChanges({}, { 'gpt-x': { missingSince: '2026-11-01' } });
  expect(readLessons(props, '2026-11-05')['gpt-x'].missingSince).toBe('2026-11-01');
  expect(readLessons(props, '2026-11-20')['gpt-x'].missingSince).toBeUndefined();
});
