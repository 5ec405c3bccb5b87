import { column, saveKey, startHarness, type Harness } from './harness';

const REVIEWS = [
  'I love this kettle, it is excellent.',
  'Broken after two weeks. Terrible and disappointed.',
  'It arrived on Tuesday.',
  '',
  'デザインが素晴らしく、とても満足しています。',
  '二週間で壊れました。最悪です。',
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: column('Review', REVIEWS) } } });
  await saveKey(h.emu);
});
afterAll(() => h.close());
beforeEach(() => h.stub.reset());

test('=GPT_SENTIMENT(A2) returns one label for one cell', async () => {
  const result = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
  expect(result.error).toBeUndefined();
  expect(result.value).toBe('positive');
  expect(h.emu.sheet('Sheet1').getValues('B2')).toEqual([['positive']]);
});

test('=GPT_SENTIMENT(A2:A7) returns a column of labels, blank for the blank cell, in one request', async () => {
  const result = await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A2:A7)');
  expect(result.error).toBeUndefined();
  expect(result.value).toEqual([['positive'], ['negative'], ['neutral'], [''], ['positive'], ['negative']]);
  expect(result.urlFetchRequests).toBe(1);
  const stats = await h.stub.stats();
  expect(stats.chatCompletions).toBe(1);
});

test('a blank cell gives a blank answer without any request', async () => {
  const result = await h.emu.evaluate('Sheet1', 'B5', '=GPT_SENTIMENT(A5)');
  expect(result.value).toBe('');
  expect(result.urlFetchRequests).toBe(0);
});

test('three custom labels come back instead of positive/neutral/negative', async () => {
  const result = await h.emu.evaluate('Sheet1', 'D2', '=GPT_SENTIMENT(A2:A3, "良い,普通,悪い")');
  expect(result.value).toEqual([['良い'], ['悪い']]);
});

test('two labels are refused with a message that says what to give', async () => {
  const result = await h.emu.evaluate('Sheet1', 'D2', '=GPT_SENTIMENT(A2, "good,bad")');
  expect(result.ok).toBe(false);
  expect(result.error?.message).toMatch(/exactly three labels/);
});
