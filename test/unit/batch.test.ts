import { answerSchema, readAnswers, repeatedKeys } from '../../src/engine/answer-shape';
import { makeBatch, parseAnswers, planBatches } from '../../src/engine/batch';
import { capabilitiesOf } from '../../src/openai/models';
import { classifyTask, sentimentTask, summarizeTask } from '../../src/engine/tasks';
import { cellText, listArgument, toGrid } from '../../src/engine/values';

const params = { model: 'gpt-6-luna', caps: capabilitiesOf('gpt-6-luna') };

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

test('the request carries the items as JSON with ids 0..n-1 and one required property per id', () => {
  const batch = makeBatch(['a', 'b', 'c'], [2, 0], sentimentTask(), params);
  expect(JSON.parse(batch.spec.user)).toEqual({
    items: [
      { id: 0, text: 'c' },
      { id: 1, text: 'a' },
    ],
  });
  expect(batch.spec.schema?.schema).toEqual({
    type: 'object',
    properties: {
      answers: {
        type: 'object',
        properties: { '0': { $ref: '#/$defs/a' }, '1': { $ref: '#/$defs/a' } },
        required: ['0', '1'],
        additionalProperties: false,
      },
    },
    required: ['answers'],
    additionalProperties: false,
    $defs: { a: { type: 'string', enum: ['positive', 'neutral', 'negative'] } },
  });
});

test('the list shape is still understood, with a strict label enum', () => {
  const schema = answerSchema(sentimentTask(), 2, 'list') as {
    properties: { answers: { items: { properties: { answer: unknown } } } };
  };
  expect(schema.properties.answers.items.properties.answer).toEqual({
    type: 'string',
    enum: ['positive', 'neutral', 'negative'],
  });
  expect([...readAnswers('{"answers":[{"id":1,"answer":"x"},{"id":0,"answer":"y"}]}', 2)]).toEqual([
    [1, 'x'],
    [0, 'y'],
  ]);
});

test('answers are matched back by id, labels normalised, and unknown labels or ids dropped', () => {
  const task = classifyTask(['Food', 'Travel']);
  const batch = makeBatch(['a', 'b', 'c', 'd'], [0, 1, 2, 3], task, params);
  const content = JSON.stringify({ answers: { '1': ' travel ', '0': 'Food', '2': 'Sports', '9': 'Food' } });
  expect([...parseAnswers(content, batch, task)]).toEqual([
    [0, 'Food'],
    [1, 'Travel'],
  ]);
});

test('an id answered twice decides nothing, in either shape', () => {
  const task = classifyTask(['Food', 'Travel']);
  const batch = makeBatch(['a', 'b', 'c'], [0, 1, 2], task, params);
  const keyed = '{"answers":{"0":"Food","1":"Travel","2":"Food","0":"Travel"}}';
  expect([...parseAnswers(keyed, batch, task)]).toEqual([
    [1, 'Travel'],
    [2, 'Food'],
  ]);
  const list = JSON.stringify({
    answers: [
      { id: 0, answer: 'Food' },
      { id: 1, answer: 'Travel' },
      { id: 0, answer: 'Travel' },
    ],
  });
  expect([...parseAnswers(list, batch, task)]).toEqual([[1, 'Travel']]);
});

test('repeated keys are found at their depth and not inside strings', () => {
  expect(repeatedKeys('{"answers":{"0":"a \\"0\\":","1":"b","0":"c"}}', 2)).toEqual(['0']);
  expect(repeatedKeys('{"answers":{"0":"a","1":"b"},"x":{"0":1}}', 2)).toEqual([]);
  expect(repeatedKeys('{"a":1,"a":2}', 1)).toEqual(['a']);
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
