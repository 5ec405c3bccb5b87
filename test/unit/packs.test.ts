import { answerKey, lookupAnswers, storeAnswers } from '../../src/cache/answer-cache';
import { findInPacks, MAX_PACK_BYTES, mergeIntoPacks, PACK_COUNT, packNames } from '../../src/cache/packs';
import { utf8Length } from '../../src/engine/sha256';
import { MemoryCache } from '../support/fakes';

const key = (i: number) => answerKey({ model: 'm', signature: 'summarize', text: `text ${i}` });
const summary = (i: number) => `Summary ${i}: ${'the parcel arrived late and the box was dented '.repeat(4)}`;

test('2,000 distinct long answers fit in at most 64 cache items, each under 100 KB, and are all found again', () => {
  const cache = new MemoryCache();
  const answers = new Map(Array.from({ length: 2000 }, (_, i) => [key(i), summary(i)]));
  storeAnswers(cache, answers, 'e1');
  expect(cache.data.size).toBeLessThanOrEqual(PACK_COUNT);
  for (const value of cache.data.values()) expect(utf8Length(value)).toBeLessThanOrEqual(100 * 1024);
  cache.reads = 0;
  const looked = lookupAnswers(cache, () => new Map(), [...answers.keys()], 'e1');
  expect(looked.answers).toEqual(answers);
  expect(cache.reads).toBe(1);
});

test('writing into a pack keeps what other writers put there before', () => {
  const cache = new MemoryCache();
  storeAnswers(cache, new Map([[key(1), 'first']]), '');
  storeAnswers(cache, new Map([[key(2), 'second']]), '');
  storeAnswers(cache, new Map([[key(1), 'first, again']]), '');
  const found = lookupAnswers(cache, () => new Map(), [key(1), key(2), key(3)], '').answers;
  expect(found).toEqual(
    new Map([
      [key(1), 'first, again'],
      [key(2), 'second'],
    ]),
  );
});

test('a full pack drops its oldest answers and stays under the limit', () => {
  const name = packNames([key(0)], '')[0];
  const sameKeyPack = Array.from({ length: 20000 }, (_, i) => key(i)).filter(
    (k) => packNames([k], '')[0] === name,
  );
  let raw: Record<string, string> = {};
  for (const k of sameKeyPack) raw = { ...raw, ...mergeIntoPacks(raw, new Map([[k, 'x'.repeat(400)]]), '') };
  expect(utf8Length(raw[name])).toBeLessThanOrEqual(MAX_PACK_BYTES);
  const last = sameKeyPack[sameKeyPack.length - 1];
  expect(findInPacks(raw, [last], '').get(last)).toBe('x'.repeat(400));
  expect(findInPacks(raw, [sameKeyPack[0]], '').size).toBe(0);
});

test('another cache epoch reads other packs: clearing the cache orphans every answer', () => {
  const cache = new MemoryCache();
  storeAnswers(cache, new Map([[key(1), 'old']]), 'e1');
  expect(lookupAnswers(cache, () => new Map(), [key(1)], 'e2').answers.size).toBe(0);
});

test('a corrupt pack reads as empty and is replaced by the next write', () => {
  const cache = new MemoryCache();
  cache.data.set(packNames([key(1)], '')[0], '{not json');
  expect(lookupAnswers(cache, () => new Map(), [key(1)], '').answers.size).toBe(0);
  storeAnswers(cache, new Map([[key(1), 'ok']]), '');
  expect(lookupAnswers(cache, () => new Map(), [key(1)], '').answers.get(key(1))).toBe('ok');
});
