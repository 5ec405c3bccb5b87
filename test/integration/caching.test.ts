// Answers are paid for once: recalculation, reopening a day later and duplicates cost nothing.
import { column, saveKey, startHarness, type Harness, allowFormulaModels } from './harness';

const TEXTS = Array.from({ length: 40 }, (_, i) =>
  i % 3 === 0 ? `I love product ${i}` : i % 3 === 1 ? `Product ${i} is broken` : `Product ${i} arrived`,
);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: column('Text', TEXTS) } } });
  await saveKey(h.emu);
  await allowFormulaModels(h.emu, ['gpt-4o-mini', 'gpt-4.1-mini']);
});
afterAll(() => h.close());
beforeEach(() => h.stub.reset());

test('evaluating the same range again makes no HTTP request and only a handful of service calls', async () => {
  const first = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A41)');
  expect(first.urlFetchRequests).toBeGreaterThan(0);
  const second = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2:A41)');
  expect(second.value).toEqual(first.value);
  expect(second.urlFetchRequests).toBe(0);
  expect(second.serviceCalls).toBeLessThanOrEqual(6);
});

test('a single cell already answered inside a range is not billed again', async () => {
  await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A2:A41)');
  await h.stub.reset();
  const single = await h.emu.evaluate('Sheet1', 'D5', '=GPT_SENTIMENT(A5)');
  expect(single.urlFetchRequests).toBe(0);
  expect((await h.stub.stats()).chatCompletions).toBe(0);
});

test('identical texts in one range are asked once', async () => {
  h.emu.sheet('Sheet1').setValues('E2:E5', [['same text'], ['same text'], ['same text'], ['other text']]);
  await h.emu.evaluate('Sheet1', 'F2', '=GPT_CLASSIFY(E2:E5, "x,y")');
  const body = (await h.stub.stats()).captured[0].body as { messages: Array<{ content: string }> };
  expect(JSON.parse(body.messages[1].content).items).toHaveLength(2);
});

test('a day later, with the cache expired, short answers come from the durable store at no API cost', async () => {
  await h.emu.evaluate('Sheet1', 'G2', '=GPT_SENTIMENT(A2:A41, "good,meh,bad")');
  h.emu.advanceClock(24 * 3600 * 1000);
  await h.stub.reset();
  expect(Object.keys(h.emu.cacheEntries('document'))).toHaveLength(0);
  const again = await h.emu.evaluate('Sheet1', 'G2', '=GPT_SENTIMENT(A2:A41, "good,meh,bad")');
  expect(again.error).toBeUndefined();
  expect(again.urlFetchRequests).toBe(0);
  expect((await h.stub.stats()).chatCompletions).toBe(0);
});

test('changing the model, the labels or the text asks again', async () => {
  await h.emu.evaluate('Sheet1', 'H2', '=GPT_SENTIMENT(A2)');
  expect((await h.emu.evaluate('Sheet1', 'H3', '=GPT_SENTIMENT(A2, "a,b,c")')).urlFetchRequests).toBe(1);
  expect((await h.emu.evaluate('Sheet1', 'H4', '=GPT("Classify", A2, "gpt-4o-mini")')).urlFetchRequests).toBe(
    1,
  );
  expect(
    (await h.emu.evaluate('Sheet1', 'H5', '=GPT("Classify", A2, "gpt-4.1-mini")')).urlFetchRequests,
  ).toBe(1);
});

test('errors are never cached: after a failure the next evaluation asks again', async () => {
  await h.stub.configure({ faults: [{ kind: 'server_error', count: 3 }] });
  const failed = await h.emu.evaluate('Sheet1', 'I2', '=GPT_SENTIMENT(A2, "yes,maybe,no")');
  expect(failed.ok).toBe(false);
  await h.stub.configure({ faults: [] });
  const retried = await h.emu.evaluate('Sheet1', 'I2', '=GPT_SENTIMENT(A2, "yes,maybe,no")');
  expect(retried.value).toBe('yes');
  expect(retried.urlFetchRequests).toBe(1);
});

test('clearing the cache makes the next evaluation ask again', async () => {
  await h.emu.evaluate('Sheet1', 'J2', '=GPT_SENTIMENT(A2:A5)');
  const cleared = await h.emu.run('clearCache');
  expect(cleared.value).toEqual({ ok: true });
  const again = await h.emu.evaluate('Sheet1', 'J2', '=GPT_SENTIMENT(A2:A5)');
  expect(again.urlFetchRequests).toBe(1);
});
