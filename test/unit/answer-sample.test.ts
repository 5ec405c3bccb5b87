import { readSample, recordSample, SAMPLE_ITEMS, sampleKey } from '../../src/cache/answer-sample';
import { sentimentTask, summarizeTask } from '../../src/engine/tasks';
import type { KeyValueCache } from '../../src/platform/ports';

function memoryCache(): KeyValueCache & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getAll: (keys) =>
      Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k) as string])),
    putAll: (values) => {
      for (const [k, v] of Object.entries(values)) {
        if (v.length > 100_000) throw new Error('Argument too large'); // CacheService's value limit
        data.set(k, v);
      }
    },
    removeAll: (keys) => keys.forEach((k) => data.delete(k)),
  };
}

const usage = (rows: number) => ({ rows, usd: rows * 0.001, unpriced: 0, ms: rows * 10 });

test('keeps the newest texts per model and task, each once, with what the answers cost and took', () => {
  const cache = memoryCache();
  const task = sentimentTask();
  recordSample(cache, 'e1', {
    task,
    model: 'm1',
    answers: [
      ['a', 'positive'],
      ['b', 'negative'],
    ],
    usage: usage(2),
  });
  recordSample(cache, 'e1', { task, model: 'm1', answers: [['a', 'positive']], usage: usage(1) });
  recordSample(cache, 'e1', { task, model: 'm2', answers: [['a', 'neutral']], usage: usage(1) });
  const sample = readSample(cache, 'e1');
  expect(sample.items.map(([, m, text, answer]) => [m, text, answer])).toEqual([
    ['m1', 'a', 'positive'],
    ['m1', 'b', 'negative'],
    ['m2', 'a', 'neutral'],
  ]);
  expect(sample.models.m1).toEqual({ rows: 3, usd: 0.003, unpriced: 0, ms: 30 });
  expect(Object.values(sample.tasks)).toEqual([task]);
});

test('stays within its item count and under the cache’s value limit however long the texts', () => {
  const cache = memoryCache();
  const task = summarizeTask(20);
  for (let round = 0; round < 5; round++) {
    const answers = Array.from({ length: 200 }, (_, i): [string, string] => [
      `${round}-${i} ${'長い文章です。'.repeat(70)}`.slice(0, 490),
      '要約'.repeat(100),
    ]);
    recordSample(cache, 'e1', { task, model: 'm1', answers, usage: usage(200) });
  }
  const raw = cache.data.get(sampleKey('e1')) as string;
  expect(Buffer.byteLength(raw, 'utf8')).toBeLessThanOrEqual(90_000);
  const sample = readSample(cache, 'e1');
  expect(sample.items.length).toBeLessThanOrEqual(SAMPLE_ITEMS);
  expect(sample.items.at(-1)?.[2]).toMatch(/^4-199 /);
});

test('a new cache epoch (Clear cache) starts an empty sample', () => {
  const cache = memoryCache();
  recordSample(cache, 'e1', {
    task: sentimentTask(),
    model: 'm1',
    answers: [['a', 'positive']],
    usage: usage(1),
  });
  expect(readSample(cache, 'e2').items).toEqual([]);
});
