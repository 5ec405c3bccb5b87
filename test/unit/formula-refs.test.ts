import {
  hasRowRelativeReference,
  parseCall,
  relativeForm,
  singleCell,
} from '../../src/functions/formula-refs';

test('a formula dragged down a column has the same relative form on every row', () => {
  expect(relativeForm('=GPT_SENTIMENT(A5)', 5, 2)).toBe(relativeForm('=GPT_SENTIMENT(A6)', 6, 2));
  expect(relativeForm('=GPT_CLASSIFY(A5, $D$1:$D$4)', 5, 2)).toBe(
    relativeForm('=GPT_CLASSIFY(A9, $D$1:$D$4)', 9, 2),
  );
  expect(relativeForm("=GPT_SENTIMENT('My tab'!A5)", 5, 2)).toBe(
    relativeForm("=GPT_SENTIMENT('My tab'!A6)", 6, 2),
  );
});

test('other arguments, other references, another tab or another function are another formula', () => {
  const base = relativeForm('=GPT_SENTIMENT(A5)', 5, 2);
  expect(relativeForm('=GPT_SENTIMENT(A6, "good,meh,bad")', 6, 2)).not.toBe(base);
  expect(relativeForm('=GPT_SENTIMENT(A5)', 6, 2)).not.toBe(base);
  expect(relativeForm('=GPT_CLASSIFY(A6, "x,y")', 6, 2)).not.toBe(base);
  expect(relativeForm('=GPT_SENTIMENT(Other!A6)', 6, 2)).not.toBe(base);
  expect(relativeForm('=GPT_CLASSIFY(A5, D$1:D$4)', 5, 2)).toBe(
    relativeForm('=GPT_CLASSIFY(A6, D$1:D$4)', 6, 2),
  );
  expect(relativeForm('=GPT_CLASSIFY(A5, D1:D4)', 5, 2)).not.toBe(
    relativeForm('=GPT_CLASSIFY(A6, D1:D4)', 6, 3),
  );
});

test('references inside string literals and function names are left alone', () => {
  expect(relativeForm('=GPT("Rate A5 please", A5)', 5, 2)).toBe('=GPT("Rate A5 please", R[0]C[-1])');
  expect(relativeForm('=GPT(LOG10(A5))', 5, 2)).toBe('=GPT(LOG10(R[0]C[-1]))');
});

test('a call splits into its arguments on commas, or on semicolons in decimal-comma locales', () => {
  expect(parseCall('=GPT_SENTIMENT(A5, "a,b,c")')).toEqual({
    name: 'GPT_SENTIMENT',
    args: ['A5', '"a,b,c"'],
  });
  expect(parseCall('=GPT("x"; A5; ; 0,5)')).toEqual({ name: 'GPT', args: ['"x"', 'A5', '', '0,5'] });
  expect(parseCall('=GPT_SENTIMENT(TRIM(A5), "x")')?.args).toEqual(['TRIM(A5)', '"x"']);
  expect(parseCall('=IFERROR(GPT_SENTIMENT(A5), "")')?.name).toBe('IFERROR');
  expect(parseCall('=1+GPT_SENTIMENT(A5)')).toBeUndefined();
  expect(parseCall('plain text')).toBeUndefined();
});

test('the text argument must be one cell; other arguments may not move with the row', () => {
  expect(singleCell('A5')).toMatchObject({ row: 5, column: 1, rowAbsolute: false });
  expect(singleCell("'Q1 data'!$B$7")).toMatchObject({
    sheet: 'Q1 data',
    row: 7,
    column: 2,
    rowAbsolute: true,
  });
  expect(singleCell('A5:A9')).toBeUndefined();
  expect(singleCell('"A5"')).toBeUndefined();
  expect(hasRowRelativeReference('$D$1:$D$4')).toBe(false);
  expect(hasRowRelativeReference('D$1')).toBe(false);
  expect(hasRowRelativeReference('"a,b,c"')).toBe(false);
  expect(hasRowRelativeReference('C5')).toBe(true);
  expect(hasRowRelativeReference('$D$1:D4')).toBe(true);
});
