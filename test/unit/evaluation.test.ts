import { UserError } from '../../src/i18n/messages';
import {
  checkModels,
  emptyEvaluation,
  evaluationResult,
  evaluationValue,
  normalizeAnswer,
  tallyRow,
  type EvaluationState,
} from '../../src/jobs/evaluation/scoring';

const LABELS = ['yes', 'no'];

function scored(models: string[], rows: Array<[string, ...Array<string | null>]>, labels?: string[]) {
  const state = emptyEvaluation(models);
  rows.forEach(([expected, ...answers], index) =>
    tallyRow(state, { row: index + 2, input: `text ${index}`, expected, answers }, labels),
  );
  return state;
}

function priced(state: EvaluationState, costs: number[]): EvaluationState {
  state.tallies.forEach((t, i) => {
    t.costUsd = costs[i];
    t.tokens = 1000;
  });
  return state;
}

test('normalizing ignores case, full-width letters, runs of spaces, quotes and end punctuation', () => {
  expect(normalizeAnswer('  "Ｔｏｋｙｏ   Tower." ')).toBe('tokyo tower');
  expect(normalizeAnswer('「東京タワー」。')).toBe('東京タワー');
  expect(normalizeAnswer('Tokyo')).not.toBe(normalizeAnswer('Kyoto'));
});

test('a labelled row is matched without regard to case and counted in the confusion table', () => {
  const state = scored(
    ['a'],
    [
      ['Yes', 'yes'],
      ['no', 'yes'],
      ['no', 'no'],
    ],
    LABELS,
  );
  const [r] = evaluationResult(state, LABELS).results;
  expect(r.accuracy).toBeCloseTo(2 / 3);
  expect(r.confusion).toEqual({ yes: { yes: 1 }, no: { yes: 1, no: 1 } });
  expect(r.perLabel).toEqual({ yes: { precision: 0.5, recall: 1 }, no: { precision: 1, recall: 0.5 } });
});

test('a label nobody predicted has no precision rather than a precision of zero', () => {
  const state = scored(['a'], [['no', 'yes']], LABELS);
  expect(evaluationResult(state, LABELS).results[0].perLabel.no).toEqual({ precision: null, recall: 0 });
});

test('a failed row is counted as failed, not as wrong, and the wrong rows keep each model’s answer', () => {
  const state = scored(
    ['a', 'b'],
    [
      ['yes', null, 'no'],
      ['no', 'no', 'no'],
    ],
    LABELS,
  );
  const [a, b] = evaluationResult(state, LABELS).results;
  expect([a.rows, a.failed, a.accuracy]).toEqual([1, 1, 1]);
  expect([b.rows, b.accuracy]).toEqual([2, 0.5]);
  expect(state.wrong).toEqual([{ row: 2, input: 'text 0', expected: 'yes', answers: [null, 'no'] }]);
});

test('the recommended model is the cheapest within 2 points of the best accuracy', () => {
  // 100 rows: a gets 90 right, b 89 (within 2 points), c 95.
  const rows = (right: number) => Array.from({ length: 100 }, (_, i) => (i < right ? 'yes' : 'no'));
  const make = (rights: number[], costs: number[]) => {
    const state = emptyEvaluation(rights.map((_, i) => `m${i}`));
    for (let i = 0; i < 100; i++)
      tallyRow(
        state,
        { row: i + 2, input: `t${i}`, expected: 'yes', answers: rights.map((r) => rows(r)[i]) },
        LABELS,
      );
    return evaluationResult(priced(state, costs), LABELS).recommended;
  };
  expect(make([90, 89, 95], [1, 0.5, 3])).toBe('m2'); // only c is within 2 points of 95
  expect(make([95, 94, 93], [3, 2, 1])).toBe('m2'); // 93 is within 2 points of 95, and cheapest
  expect(make([95, 92], [3, 1])).toBe('m0');
});

test('no model is recommended when the good enough ones have no known price', () => {
  const state = scored(['a'], [['yes', 'yes']], LABELS);
  state.tallies[0].unpricedTokens = 10;
  const result = evaluationResult(state, LABELS);
  expect(result.results[0].costPer1000Rows).toBeNull();
  expect(result.recommended).toBeNull();
});

test('the stored form stays under a property’s size by keeping fewer wrong rows', () => {
  const state = emptyEvaluation(['a', 'b', 'c']);
  for (let i = 0; i < 100; i++)
    tallyRow(state, {
      row: i + 2,
      input: `t${i}`,
      expected: 'x'.repeat(120),
      answers: ['y'.repeat(120), 'z'.repeat(120), 'w'],
    });
  expect(state.wrong).toHaveLength(100);
  const value = evaluationValue(state);
  expect(Buffer.byteLength(value)).toBeLessThanOrEqual(8000);
  expect((JSON.parse(value) as EvaluationState).wrong.length).toBeGreaterThan(10);
});

test('more than three models are refused; none given means the default model', () => {
  expect(checkModels(undefined, 'gpt-6-luna')).toEqual(['gpt-6-luna']);
  expect(checkModels([' a ', 'a', 'b'], 'x')).toEqual(['a', 'b']);
  expect(() => checkModels(['a', 'b', 'c', 'd'], 'x')).toThrow(UserError);
});
