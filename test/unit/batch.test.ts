import { makeBatch, parseAnswers, planBatches } from '../../src/engine/batch';
import { classifyTask, sentimentTask, summarizeTask } from '../../src/engine/tasks';
import { cellText, listArgument, toGrid } from '../../src/engine/values';

const params = { model: 'gpt-4.1-nano' };

test('rows are grouped up to the task’s batch size', () => {
  const texts = Array.from({ length: 60 }, (_, i) => `text ${i}`);
  const batches = planBatches(
    texts,
    texts.map((_, i) => i),
    sentimentTask(),
    params,
  );
  expect(batches.map((b) => b.positions.length)).toEqual([25, 25, 10]);
});

test('long rows split batches by input size', () => {
  const texts = Array.from({ length: 10 }, () => 'x'.repeat(6000));
  const batches = planBatches(
    texts,
    texts.map((_, i) => i),
    sentimentTask(),
    params,
  );
  expect(batches.length).toBeGreaterThan(3);
});

test('the request carries the items as JSON with ids 0..n-1 and a strict label enum', () => {
  const batch = makeBatch(['a', 'b', 'c'], [2, 0], sentimentTask(), params);
  expect(JSON.parse(batch.spec.user)).toEqual({
    items: [
      { id: 0, text: 'c' },
      { id: 1, text: 'a' },
    ],
  });
  const schema = batch.spec.schema?.schema as {
    properties: { answers: { items: { properties: { answer: unknown } } } };
  };
  expect(schema.properties.answers.items.properties.answer).toEqual({
    type: 'string',
    enum: ['positive', 'neutral', 'negative'],
  });
});

test('answers are matched back by id, labels normalised, and unknown labels or ids dropped', () => {
  const batch = makeBatch(['a', 'b', 'c', 'd'], [0, 1, 2, 3], classifyTask(['Food', 'Travel']), params);
  const content = JSON.stringify({
    answers: [
      { id: 1, answer: ' travel ' },
      { id: 0, answer: 'Food' },
      { id: 2, answer: 'Sports' },
      { id: 9, answer: 'Food' },
      { id: 0, answer: 'Travel' },
    ],
  });
  expect([...parseAnswers(content, batch, classifyTask(['Food', 'Travel']))]).toEqual([
    [1, 'Travel'],
    [0, 'Food'],
  ]);
});

test('an answer that is not JSON matches nothing', () => {
  const batch = makeBatch(['a'], [0], summarizeTask(10), params);
  expect(parseAnswers('{"answers": [', batch, summarizeTask(10)).size).toBe(0);
});

test('cells become text sensibly', () => {
  expect(cellText('  hi ')).toBe('hi');
  expect(cellText(3.5)).toBe('3.5');
  expect(cellText(true)).toBe('TRUE');
  expect(cellText(new Date(2026, 0, 5))).toBe('2026-01-05');
  expect(cellText(new Date(2026, 0, 5, 14, 30))).toBe('2026-01-05 14:30:00');
  expect(cellText('')).toBe('');
});

test('list arguments accept ranges and comma-separated text, Japanese commas included', () => {
  expect(listArgument('良い、普通、悪い')).toEqual(['良い', '普通', '悪い']);
  expect(listArgument([['a'], [''], ['b']])).toEqual(['a', 'b']);
  expect(toGrid('x')).toEqual({ grid: [['x']], isRange: false });
});
