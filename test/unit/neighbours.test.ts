import { neighbourTexts } from '../../src/functions/neighbours';
import type { CallingCell } from '../../src/platform/ports';

/** A tab as rows of [value or formula] cells (1-based in the port), counting what was read. */
function tab(grid: string[][], row: number, column: number, others: Record<string, string[]> = {}) {
  const reads = { formulas: 0, values: 0 };
  const cellAt = (r: number, c: number) => grid[r - 1]?.[c - 1] ?? '';
  const cell: CallingCell = {
    row,
    column,
    lastRow: () => grid.length,
    block(first, last, from, to) {
      const rows = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      const cols = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      return {
        formulas: () => {
          reads.formulas++;
          return rows.map((r) => cols.map((c) => (cellAt(r, c).startsWith('=') ? cellAt(r, c) : '')));
        },
        values: () => {
          reads.values++;
          return rows.map((r) => cols.map((c) => (cellAt(r, c).startsWith('=') ? '' : cellAt(r, c))));
        },
      };
    },
    columnOf: (sheet, first, last) => (others[sheet] ?? []).slice(first - 1, last),
  };
  return { cell, reads };
}

const sentiment = { name: 'GPT_SENTIMENT', textArgument: 0 };
const dragged = (n: number, formula = (r: number) => `=GPT_SENTIMENT(A${r})`) =>
  Array.from({ length: n }, (_, i) => [`text ${i + 1}`, formula(i + 1)]);

test('the rows holding the same formula are found, rows below first, then the nearest above', () => {
  const { cell } = tab(dragged(8), 4, 2);
  expect(neighbourTexts(cell, sentiment, 'text 4', 10, 20)).toEqual([
    'text 5',
    'text 6',
    'text 7',
    'text 8',
    'text 3',
    'text 2',
    'text 1',
  ]);
});

test('only as far as asked, and only rows with the very same formula and a text', () => {
  const grid = dragged(10);
  grid[5][1] = '=GPT_SENTIMENT(A6, "a,b,c")';
  grid[6][0] = '';
  grid[7][1] = '=GPT_CLASSIFY(A8, "x,y")';
  const { cell } = tab(grid, 5, 2);
  expect(neighbourTexts(cell, sentiment, 'text 5', 1, 4)).toEqual(['text 9', 'text 4']);
});

test('a formula that cannot be read with certainty shares with nobody, and reads no input', () => {
  for (const own of ['=IFERROR(GPT_SENTIMENT(A3), "")', '=GPT_SENTIMENT(A3, C3)', '=GPT_SENTIMENT($A$3)']) {
    const grid = dragged(6, () => own);
    const { cell, reads } = tab(grid, 3, 2);
    expect(neighbourTexts(cell, sentiment, 'text 3', 5, 5)).toEqual([]);
    expect(reads.values).toBe(0);
  }
  const { cell } = tab(dragged(6), 3, 2);
  expect(neighbourTexts(cell, { name: 'GPT_CLASSIFY', textArgument: 0 }, 'text 3', 5, 5)).toEqual([]);
});

test('a cell whose own text does not match what its formula points to shares with nobody', () => {
  const { cell } = tab(dragged(6), 3, 2);
  expect(neighbourTexts(cell, sentiment, 'something else', 5, 5)).toEqual([]);
});

test('a lone formula reads its block once and no values', () => {
  const grid = [
    ['text 1', ''],
    ['text 2', '=GPT_SENTIMENT(A2)'],
    ['text 3', ''],
  ];
  const { cell, reads } = tab(grid, 2, 2);
  expect(neighbourTexts(cell, sentiment, 'text 2', 5, 5)).toEqual([]);
  expect(reads).toEqual({ formulas: 1, values: 0 });
});

test('texts on another tab, or a row above, are read where the reference points', () => {
  const onOther = Array.from({ length: 5 }, (_, i) => ['', `=GPT_SENTIMENT('Raw data'!C${i + 1})`]);
  const other = { 'Raw data': ['r1', 'r2', 'r3', 'r4', 'r5'] };
  const { cell } = tab(onOther, 2, 2, other);
  expect(neighbourTexts(cell, sentiment, 'r2', 5, 5)).toEqual(['r3', 'r4', 'r5', 'r1']);
  const shifted = Array.from({ length: 5 }, (_, i) => [`text ${i + 1}`, i ? `=GPT_SENTIMENT(A${i})` : '']);
  const { cell: below } = tab(shifted, 3, 2);
  expect(neighbourTexts(below, sentiment, 'text 2', 5, 5)).toEqual(['text 3', 'text 4', 'text 1']);
});
