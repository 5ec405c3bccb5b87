// Each of the six custom functions through the built bundle, for one cell and for a range.
import { column, saveKey, startHarness, type Harness, allowFormulaModels } from './harness';

const TEXTS = [
  'Great service, I love it. Contact me at anna@example.com',
  'Terrible delivery, the box was broken. Order 4471.',
  '',
  '配送は火曜日でした。',
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: column('Text', TEXTS) } } });
  await saveKey(h.emu);
  await allowFormulaModels(h.emu, ['gpt-4.1-mini', 'gpt-5-nano', 'gpt-4o-mini']);
});
afterAll(() => h.close());

async function evaluate(formula: string, a1 = 'F2') {
  const result = await h.emu.evaluate('Sheet1', a1, formula);
  expect(result.error).toBeUndefined();
  return result;
}

test.each([
  ['=GPT_SENTIMENT(A2)', 'positive'],
  ['=GPT_CLASSIFY(A2, "service,delivery,price")', 'service'],
  ['=GPT_EXTRACT(A2, "email addresses")', 'anna@example.com'],
])('%s returns %j for one cell', async (formula, expected) => {
  expect((await evaluate(formula)).value).toBe(expected);
});

test('GPT_SUMMARIZE returns a summary no longer than the word limit', async () => {
  const value = (await evaluate('=GPT_SUMMARIZE(A2, 4)')).value as string;
  expect(value.length).toBeGreaterThan(0);
  expect(value.split(/\s+/).length).toBeLessThanOrEqual(4);
});

test('GPT_TRANSLATE returns text and sends the target language to the model', async () => {
  await h.stub.reset();
  const value = (await evaluate('=GPT_TRANSLATE(A5, "English", "Japanese")')).value;
  expect(typeof value).toBe('string');
  const body = (await h.stub.stats()).captured[0].body as { messages: Array<{ content: string }> };
  expect(body.messages[0].content).toMatch(/into English/);
  expect(body.messages[0].content).toMatch(/from Japanese/);
});

test('GPT answers a prompt on its own, and applies it to a value', async () => {
  expect(typeof (await evaluate('=GPT("Name three colours")')).value).toBe('string');
  expect(typeof (await evaluate('=GPT("Rewrite politely", A3)')).value).toBe('string');
});

test.each([
  ['=GPT_SENTIMENT(A2:A5)', ['positive', 'negative', '', 'neutral']],
  ['=GPT_CLASSIFY(A2:A5, "service,delivery,price")', ['service', 'delivery', '', null]],
  ['=GPT_EXTRACT(A2:A5, "email addresses")', ['anna@example.com', '', '', '']],
  ['=GPT_SUMMARIZE(A2:A5, 10)', [null, null, '', null]],
  ['=GPT_TRANSLATE(A2:A5, "Japanese")', [null, null, '', null]],
  ['=GPT("Reply in one word", A2:A5)', [null, null, '', null]],
])('%s returns a column of the same shape, blank for the blank cell', async (formula, expected) => {
  const value = (await evaluate(formula)).value as string[][];
  expect(value).toHaveLength(4);
  value.forEach((row, i) => {
    expect(row).toHaveLength(1);
    if (expected[i] === null) expect(row[0]).not.toBe('');
    else expect(row[0]).toBe(expected[i]);
  });
});

test('numbers, booleans and dates reach the model as text', async () => {
  await h.emu.sheet('Sheet1').setValues('H2:H4', [[42.5], [true], [new Date(2026, 0, 5)]]);
  await h.stub.reset();
  await evaluate('=GPT("Describe", H2:H4)', 'I2');
  const body = (await h.stub.stats()).captured[0].body as { messages: Array<{ content: string }> };
  expect(JSON.parse(body.messages[1].content).items.map((i: { text: string }) => i.text)).toEqual([
    '42.5',
    'TRUE',
    '2026-01-05',
  ]);
});

test('defaults favour repeatable answers: temperature 0 on a chat model, the cheapest effort on a reasoning model', async () => {
  await h.stub.reset();
  await evaluate('=GPT("Say hi to", A2, "gpt-4.1-mini")', 'J2');
  await evaluate('=GPT("Say hi to", A2, "gpt-5-nano")', 'J3');
  const [chat, reasoning] = (await h.stub.stats()).captured.map((c) => c.body as Record<string, unknown>);
  expect(chat).toMatchObject({ model: 'gpt-4.1-mini', temperature: 0 });
  expect(reasoning).toMatchObject({ model: 'gpt-5-nano', reasoning_effort: 'minimal' });
  expect(reasoning.temperature).toBeUndefined();
});

test('model, temperature and max_tokens arguments override the defaults for that call', async () => {
  await h.stub.reset();
  await evaluate('=GPT("Say hi to", A2, "gpt-4o-mini", 0.7, 50)', 'J4');
  const [body] = (await h.stub.stats()).captured.map((c) => c.body as Record<string, unknown>);
  expect(body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.7 });
  expect(body.max_completion_tokens).toBeLessThanOrEqual(50 + 40);
});

test('a row the model dropped from a batch is asked again on its own', async () => {
  await h.stub.configure({ faults: [{ kind: 'drop_item', count: 1 }] });
  await h.stub.reset();
  const result = await evaluate('=GPT_SENTIMENT(A2:A5, "good,okay,bad")', 'K2');
  expect((result.value as string[][]).flat()).toEqual(['good', 'bad', '', 'okay']);
  expect((await h.stub.stats()).chatCompletions).toBe(2);
  await h.stub.configure({ faults: [] });
});
