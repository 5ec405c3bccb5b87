// What the add-on types into cells so they hold exactly the text, and which cells a formula's answer fills.
import { textCellValue } from '../../src/engine/cell-values';
import { answerShape, formulaArguments } from '../../src/ui/freeze';

test('text that Sheets would read as a formula, or whose apostrophe it would eat, gets one in front', () => {
  expect(['=1+2', '+1', '-x', '@SUM(1)', "'quoted"].map(textCellValue)).toEqual([
    "'=1+2",
    "'+1",
    "'-x",
    "'@SUM(1)",
    "''quoted",
  ]);
  // Numbers, dates and booleans stay as they are: the plain-text format keeps them strings.
  expect(['00123', 'TRUE', '2024-05-01', '10%', '1e3', 'plain'].map(textCellValue)).toEqual([
    '00123',
    'TRUE',
    '2024-05-01',
    '10%',
    '1e3',
    'plain',
  ]);
});

test('formula arguments split at top-level separators only', () => {
  expect(formulaArguments('"a, b", B2:B9, , 3')).toEqual(['"a, b"', 'B2:B9', '', '3']);
  expect(formulaArguments('"x"; A1:C4; IF(A1, 1, 2)')).toEqual(['"x"', 'A1:C4', 'IF(A1, 1, 2)']);
});

test('an add-on formula fills the shape of the range it reads', () => {
  expect(answerShape('=GPT_SENTIMENT(B2:B101)', 2, 500)).toEqual({ rows: 100, columns: 1 });
  expect(answerShape('=GPT_TRANSLATE(A2:C5, "日本語")', 2, 500)).toEqual({ rows: 4, columns: 3 });
  expect(answerShape('=GPT("Shorten", \'Other tab\'!$A$2:$A$11)', 2, 500)).toEqual({ rows: 10, columns: 1 });
  expect(answerShape('=GPT("Say hi")', 2, 500)).toEqual({ rows: 1, columns: 1 });
  expect(answerShape('=GPT_CLASSIFY(B2, "a,b")', 2, 500)).toEqual({ rows: 1, columns: 1 });
  expect(answerShape('=gpt_sentiment(B:B)', 3, 40)).toEqual({ rows: 38, columns: 1 });
  expect(answerShape('=SUM(B2:B9)', 2, 500)).toBeNull();
});
