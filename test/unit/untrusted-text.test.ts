import { CELL_CHARS, CUT_MARK, fitCell } from '../../src/engine/cell-values';
import { usableUsage } from '../../src/engine/reported-usage';
import { exposesKey, redactSecrets, WITHHELD } from '../../src/openai/redact';
import { echoedKey } from '../../tools/openai-stub/untrusted';
import { KEY_ECHOES } from '../../tools/openai-stub/config';

const KEY = 'sk-proj-Zx81kQ_p0Lm-abcDEF1234567890ghijkl';
const LIMITS = { input: 1000, output: 200 };

describe('usage a server reports', () => {
  test('counts within the request’s bound are taken as they are', () => {
    const usage = {
      prompt_tokens: 120,
      completion_tokens: 30,
      prompt_tokens_details: { cached_tokens: 64, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 10, audio_tokens: null },
    };
    expect(usableUsage(usage, LIMITS)).toEqual({ input: 120, cachedInput: 64, output: 30, reasoning: 10 });
  });

  test.each([
    ['missing', undefined],
    ['null', null],
    ['negative prompt', { prompt_tokens: -150000, completion_tokens: 1 }],
    ['text', { prompt_tokens: '600', completion_tokens: 'abc' }],
    ['null counts', { prompt_tokens: null, completion_tokens: null }],
    ['NaN', { prompt_tokens: NaN, completion_tokens: 1 }],
    ['Infinity', { prompt_tokens: 1, completion_tokens: Infinity }],
    ['a fraction', { prompt_tokens: 1.5, completion_tokens: 1 }],
    ['past the prompt bound', { prompt_tokens: 1001, completion_tokens: 1 }],
    ['past the output cap', { prompt_tokens: 1, completion_tokens: 201 }],
    [
      'cached above the prompt',
      { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 11 } },
    ],
    [
      'negative detail',
      { prompt_tokens: 10, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: -1 } },
    ],
    [
      'text detail',
      { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cache_write_tokens: '9' } },
    ],
  ])('%s usage is not usable', (_name, usage) => {
    expect(usableUsage(usage, LIMITS)).toBeUndefined();
  });
});

describe('answers fit a cell', () => {
  test('a text up to the cell limit less one is kept whole', () => {
    const text = 'a'.repeat(CELL_CHARS - 1);
    expect(fitCell(text)).toBe(text);
  });

  test('a longer text is cut with the mark, leaving room for the apostrophe a text cell may need', () => {
    const cut = fitCell('b'.repeat(3_000_000));
    expect(cut.length).toBe(CELL_CHARS - 1);
    expect(cut.endsWith(CUT_MARK)).toBe(true);
  });

  test('a cut never splits a character outside the BMP', () => {
    const cut = fitCell('😀'.repeat(40_000));
    expect(cut.endsWith(CUT_MARK)).toBe(true);
    expect(cut.slice(0, -CUT_MARK.length)).toBe('😀'.repeat((cut.length - CUT_MARK.length) / 2));
  });
});

describe('the key in text a server sends', () => {
  test.each(KEY_ECHOES)('repeated %s, it is masked and no 12-character piece of it is left', (how) => {
    const text = `Request rejected for credentials ${echoedKey(KEY, how)}: unsupported parameter.`;
    const out = redactSecrets(text, [KEY]);
    expect(exposesKey(out, [KEY])).toBe(false);
    expect(out).not.toContain(KEY.slice(8, 20));
  });

  test('inside a longer base64 text at any alignment, it is found', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const text = `log: ${Buffer.from(`${prefix}{"key":"${KEY}"}`).toString('base64')}`;
      expect(exposesKey(text, [KEY])).toBe(true);
      expect(exposesKey(redactSecrets(text, [KEY]), [KEY])).toBe(false);
    }
  });

  test('lower-cased, split by dots or in hex, it is masked', () => {
    for (const text of [
      `key ${KEY.toLowerCase()}`,
      `k=${KEY.split('').join('.')}`,
      Buffer.from(KEY).toString('hex'),
    ]) {
      const out = redactSecrets(text, [KEY]);
      expect(out).toContain('sk-...ijkl');
      expect(exposesKey(out, [KEY])).toBe(false);
    }
  });

  test('a piece of the key in a form it cannot mask withholds the whole message', () => {
    const text = `credential tail ${KEY.slice(10, 30)} rejected`;
    expect(redactSecrets(text, [KEY])).toBe(WITHHELD);
  });

  test('a message without the key is left as it is', () => {
    const text = "Invalid schema for response_format 'answers': unexpected property.";
    expect(redactSecrets(text, [KEY])).toBe(text);
  });
});
