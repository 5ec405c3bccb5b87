// CacheService keeps at most 1,000 items (then the 900 farthest from expiry): answers are packed
// into a few large entries, so recalculating more than 1,000 distinct long answers costs no call.
import { saveKey, startHarness, type Harness } from './harness';

const ROWS = 1200;
const texts = Array.from({ length: ROWS }, (_, i) => [
  `Customer ${i} wrote that the parcel came ${i % 9} days late with a dented box, that the manual ` +
    `missed two pages and that support kept them waiting ${(i % 40) + 5} minutes. They liked the colour.`,
]);

let h: Harness;
beforeAll(async () => {
  // Recalculation is modelled as Sheets queueing the 1,200 calls (the 31st-execution failure: shared-cells).
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: texts } }, tooManyExecutions: 'wait' });
  await saveKey(h.emu);
  for (let first = 1; first <= ROWS; first += 400) {
    const filled = await h.emu.evaluate('Sheet1', `C${first}`, `=GPT_SUMMARIZE(A${first}:A${first + 399})`);
    expect(filled.ok).toBe(true);
  }
  await h.stub.reset();
});
afterAll(() => h.close());

test('1,200 distinct long answers stay cached in a few dozen cache items', () => {
  const entries = Object.values(h.emu.cacheEntries('document'));
  expect(entries.length).toBeLessThan(100);
  for (const value of entries) expect(Buffer.byteLength(value)).toBeLessThanOrEqual(100 * 1024);
  const summaries = (h.emu.sheet('Sheet1').getValues(`C1:C${ROWS}`) as string[][]).flat();
  expect(summaries.every((s) => s.length > 100)).toBe(true); // too long for the durable store
});

test('recalculating them as one range makes no API call and a handful of service calls', async () => {
  const again = await h.emu.evaluate('Sheet1', 'D1', `=GPT_SUMMARIZE(A1:A${ROWS})`);
  expect(again.ok).toBe(true);
  expect((again.value as string[][]).flat()).toEqual(
    (h.emu.sheet('Sheet1').getValues(`C1:C${ROWS}`) as string[][]).flat(),
  );
  expect(again.urlFetchRequests).toBe(0);
  expect(again.serviceCalls).toBeLessThanOrEqual(6);
});

test('recalculating them as 1,200 dragged-down cells makes no API call either', async () => {
  const results = await Promise.all(
    Array.from({ length: ROWS }, (_, i) =>
      h.emu.evaluate('Sheet1', `B${i + 1}`, `=GPT_SUMMARIZE(A${i + 1})`),
    ),
  );
  expect(results.filter((r) => !r.ok || String(r.value).length <= 100)).toEqual([]);
  expect((await h.stub.stats()).chatCompletions).toBe(0);
  expect(Math.max(...results.map((r) => r.serviceCalls))).toBeLessThanOrEqual(6);
});
