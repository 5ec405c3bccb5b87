import { answerKey } from '../../src/cache/answer-cache';
import { durableChanges, durableLookup, readShards, SHARD_COUNT } from '../../src/cache/durable';
import { utf8Length } from '../../src/engine/sha256';

const NOW = Date.UTC(2026, 10, 23);
const key = (i: number) => answerKey({ model: 'm', signature: 's', text: `row ${i}` });

test('cache keys are short, prefixed hashes that change with every part of the question', () => {
  const base = { model: 'gpt-4.1-nano', signature: 'sentiment', text: 'great' };
  const k = answerKey(base);
  expect(k).toMatch(/^a1:[0-9a-f]{64}$/);
  expect(answerKey({ ...base, model: 'gpt-5-nano' })).not.toBe(k);
  expect(answerKey({ ...base, signature: 'classify' })).not.toBe(k);
  expect(answerKey({ ...base, temperature: 0.5 })).not.toBe(k);
  expect(answerKey({ ...base, text: 'great!' })).not.toBe(k);
});

test('short answers are stored and found again', () => {
  const answers = new Map([
    [key(1), 'positive'],
    [key(2), 'negative'],
  ]);
  const props = durableChanges({}, answers, [], NOW);
  expect(durableLookup(readShards(props), [key(1), key(2), key(3)])).toEqual(answers);
});

test('long answers are not kept durably', () => {
  const props = durableChanges({}, new Map([[key(1), 'x'.repeat(101)]]), [], NOW);
  expect(Object.keys(props)).toHaveLength(0);
});

test('shards stay under the 9 KB property limit and drop the least recently used first', () => {
  let props: Record<string, string> = {};
  const day = 86_400_000;
  for (let i = 0; i < 6000; i++) {
    props = {
      ...props,
      ...durableChanges(props, new Map([[key(i), `label-${i % 7}`]]), [], NOW + Math.floor(i / 1000) * day),
    };
  }
  const shards = Object.entries(props);
  expect(shards.length).toBeLessThanOrEqual(SHARD_COUNT);
  for (const [, value] of shards) expect(utf8Length(value)).toBeLessThanOrEqual(8000);
  const found = durableLookup(
    readShards(props),
    Array.from({ length: 6000 }, (_, i) => key(i)),
  );
  expect(found.has(key(5999))).toBe(true);
  expect(found.has(key(0))).toBe(false);
  expect(found.size).toBeGreaterThan(2500);
});
