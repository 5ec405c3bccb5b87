// Executions pace themselves together: the rate-limit state one response reported is shared
// through the document cache, so the others do not each discover the limit with a 429 of their own.
import { saveKey, startHarness, type Harness } from './harness';

const texts = Array.from({ length: 20 }, (_, i) => [`Review number ${i} says it is fine`]);
/** Each cell its own labels: nothing to share, every cell needs its own request. */
const formula = (row: number) => `=GPT_SENTIMENT(A${row}, "good ${row},so-so ${row},bad ${row}")`;

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: texts } } }, { rpm: 5 });
  await saveKey(h.emu);
  await h.stub.reset();
});
afterEach(() => h.close());

test('once the responses say no request is left this minute, the other cells hold back instead of meeting 429s', async () => {
  for (let row = 1; row <= 5; row++) {
    const r = await h.emu.evaluate('Sheet1', `B${row}`, formula(row));
    expect(String(r.value)).toMatch(/good|so-so|bad/);
  }
  const later = await Promise.all(
    Array.from({ length: 10 }, (_, i) => h.emu.evaluate('Sheet1', `B${i + 6}`, formula(i + 6))),
  );
  for (const r of later) {
    expect(r.ok).toBe(false);
    expect(r.error?.message).toMatch(/limiting how fast this key may send requests/);
    expect(r.urlFetchRequests).toBe(0);
  }
  const stats = await h.stub.stats();
  expect(stats.chatCompletions).toBe(5);
  expect(stats.rateLimited).toBe(0);
});

test('with allowance left, cells send at once and the shared state costs no wait', async () => {
  await h.stub.configure({ rpm: 500 });
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => h.emu.evaluate('Sheet1', `B${i + 1}`, formula(i + 1))),
  );
  expect(results.every((r) => r.ok)).toBe(true);
  expect(Object.keys(h.emu.cacheEntries('document')).some((k) => k.startsWith('rl1:'))).toBe(false);
});
