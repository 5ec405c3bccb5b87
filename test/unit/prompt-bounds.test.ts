import { encode as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { encode as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import {
  learnPrompt,
  learnedPromptBound,
  promptBoundChanges,
  promptShape,
  readPromptBounds,
  tokenLowerBound,
} from '../../src/engine/prompt-bounds';
import { itemsMessage } from '../../src/engine/batch';
import { attackSamples, ordinaryReviews } from '../../tools/bench/injection-samples';

describe('the lower bound of tokens', () => {
  const texts = [
    ...ordinaryReviews(),
    ...attackSamples().map((a) => a.text),
    "don't won't it's they're I'll we'd y'all rock'n'roll",
    '1234567890 12.5% 3,000,000 2026-12-01 0x1F',
    '{"type":"object","properties":{"0":{"$ref":"#/$defs/answer"}},"required":["0"]}',
    'naïve café Ｆｕｌｌ ｗｉｄｔｈ 𝐛𝐨𝐥𝐝 e\u0301 a\u200bb',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa         spaces\n\n\nlines\t\ttabs',
  ];

  test.each([
    ['o200k', o200k],
    ['cl100k', cl100k],
  ])('is never above the %s count, for reviews, attacks, JSON and odd text', (_name, encode) => {
    for (const text of [...texts, itemsMessage(texts.slice(0, 25))]) {
      const count = encode(text, { disallowedSpecial: new Set() }).length; // special tokens as plain text
      expect(tokenLowerBound(text)).toBeLessThanOrEqual(count);
    }
  });

  test('is never above either count for 3,000 random strings of letters, digits, marks, quotes and spaces', () => {
    const alphabet = [...'aZé\' \n\t0123456789-_.,!?{}":sStTdDmlLrRvVe\u0301\u200bあア漢😀Ωж'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(next() * 40) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
      const lower = tokenLowerBound(text);
      expect(lower).toBeLessThanOrEqual(o200k(text, { disallowedSpecial: new Set() }).length);
      expect(lower).toBeLessThanOrEqual(cl100k(text, { disallowedSpecial: new Set() }).length);
    }
  });

  test('is close to the count for ordinary English', () => {
    const text = 'The kettle boils fast and looks great on the counter, but the lid is a bit stiff.';
    expect(tokenLowerBound(text)).toBeGreaterThanOrEqual(o200k(text).length * 0.8);
  });
});

describe('learned prompt bounds', () => {
  const shape = (user: string) => promptShape('gpt-6-luna', 'Classify.', '{"type":"object"}', user);

  test('nothing learned: no bound; then prompt less the user message’s lower bound, plus the new message’s bytes', () => {
    const bounds = readPromptBounds({});
    const seen = shape('{"items":[{"id":0,"text":"one two three"}]}');
    expect(learnedPromptBound(bounds, seen)).toBeUndefined();
    learnPrompt(bounds, seen, 100);
    const next = shape('{"items":[{"id":0,"text":"four"}]}');
    const fixed = 100 - tokenLowerBound('{"items":[{"id":0,"text":"one two three"}]}');
    expect(learnedPromptBound(bounds, next)).toBe(fixed + next.userBytes);
  });

  test('the smaller figure wins, in memory and in the store', () => {
    const bounds = readPromptBounds({});
    const s = shape('x');
    learnPrompt(bounds, s, 100);
    learnPrompt(bounds, s, 90);
    learnPrompt(bounds, s, 120);
    const changes = promptBoundChanges({}, bounds);
    const stored = readPromptBounds(changes);
    expect(stored.e[s.exactKey]).toBe(89);
    const worse = readPromptBounds({});
    learnPrompt(worse, s, 200);
    expect(promptBoundChanges(changes, worse)).toEqual({});
  });

  test('a stored figure that is not a count is ignored', () => {
    const bounds = readPromptBounds({ 'u:prompts': '{"e":{"a":-5,"b":"7","c":12},"s":null}' });
    expect(bounds.e).toEqual({ c: 12 });
  });
});
