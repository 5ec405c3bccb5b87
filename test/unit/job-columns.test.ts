// The job dialogs' column defaults (src/pages/shared/job-columns.ts): pure, so tested here as well
// as through the dialogs in test/browser.
import { defaultExpected, defaultOutput } from '../../src/pages/shared/job-columns';

const tab = (...headers: string[]) => ({
  name: 'Reviews',
  lastRow: 10,
  columns: headers.map((header, i) => ({ column: String.fromCharCode(65 + i), header })),
});

test('a job writes into the first column right of the input whose header is empty', () => {
  expect(defaultOutput(tab('Product', 'Review', 'Topic', ''), 'B')).toBe('D');
});

test('an evaluation compares with the nearest headed column right of the input, not an empty one', () => {
  expect(defaultExpected(tab('Product', 'Review', 'Topic', ''), 'B')).toBe('C');
});

test('a column named like expected answers is preferred wherever it is', () => {
  expect(defaultExpected(tab('Product', 'Review', 'Sentiment', 'Topic (labelled)'), 'B')).toBe('D');
  expect(defaultExpected(tab('正解', 'レビュー', 'メモ'), 'B')).toBe('A');
});

test('with headers only left of the input, the nearest of them; with none, the output default', () => {
  expect(defaultExpected(tab('Topic', 'Product', 'Review'), 'C')).toBe('B');
  expect(defaultExpected(tab('Review', ''), 'A')).toBe('B');
});
