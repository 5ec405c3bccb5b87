// How much of a budget formulas can use before they are refused, and that they never pass it: the
// figures ARCHITECTURE.md quotes (issue 18, deliverable 4). Ten-row sentiment formulas of new texts
// run until one of them has a row refused, one at a time and six at once.
import { saveKey, startHarness, type Harness } from './harness';

const ROWS = 1200;
const WORDS = ['kettle', 'boils', 'fast', 'lid', 'handle', 'cheap', 'sturdy', 'loud', 'arrived', 'broke'];
/** Reviews of different lengths, each one different (no answer comes from the cache). */
const review = (i: number) =>
  `Review ${i}: ${Array.from({ length: 4 + (i % 9) }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')}.`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    spreadsheet: { sheets: { Sheet1: Array.from({ length: ROWS }, (_, i) => [review(i)]) } },
  });
  await saveKey(h.emu);
});
afterAll(() => h.close());

interface Spent {
  tokens: number;
  usd: number;
}

async function spent(): Promise<Spent> {
  const u = (await h.emu.run('getUsage')).value as { spreadsheet: { used: number; costUsd: number } };
  return { tokens: u.spreadsheet.used, usd: u.spreadsheet.costUsd };
}

let next = 0;
/** Runs `parallel` ten-row formulas at once, over and over, until a row is refused; what was spent then. */
async function useUntilRefused(parallel: number): Promise<Spent> {
  for (;;) {
    const cells = Array.from({ length: parallel }, () => {
      const first = (next % (ROWS / 10)) * 10 + 1;
      next++;
      return h.emu.evaluate('Sheet1', `B${first}`, `=GPT_SENTIMENT(A${first}:A${first + 9})`);
    });
    const results = await Promise.all(cells);
    const refused = results.some(
      (r) =>
        !r.ok || (r.value as string[][]).flat().some((v) => !['positive', 'neutral', 'negative'].includes(v)),
    );
    if (refused) {
      return spent();
    }
  }
}

const figures: string[] = [];
afterAll(() => console.log(`Budget used before the first refusal:\n${figures.join('\n')}`));

async function measure(
  name: string,
  limit: { tokens?: number; usd?: number; period: string },
  parallel: number,
) {
  await h.emu.run('clearCache');
  // A budget counts from what is already used: a fresh period each time (a day or month later).
  h.emu.advanceClock(32 * 24 * 3600_000);
  const { tokens = null, usd = null } = limit;
  const r = await h.emu.run('setBudget', [{ ...limit, tokens, usd }]);
  expect(r.ok).toBe(true);
  const before = await spent();
  const after = await useUntilRefused(parallel);
  const used = tokens ? after.tokens - before.tokens : after.usd - before.usd;
  const budget = (tokens ?? usd) as number;
  const fraction = used / budget;
  figures.push(
    `  ${name}, ${parallel} at once: ${(fraction * 100).toFixed(1)} % used, overshoot ${Math.max(0, used - budget)}`,
  );
  return { used, budget, fraction };
}

test('in a spreadsheet that has learned nothing yet, a small budget is refused early but never passed', async () => {
  // The first requests are bounded by their UTF-8 bytes (about 4 x the tokens): the figure printed is
  // what a brand-new spreadsheet gets; later ones learn tighter bounds (prompt-bounds.ts).
  const { used, budget } = await measure(
    '1,200 tokens a day, nothing learned',
    { tokens: 1200, period: 'daily' },
    1,
  );
  expect(used).toBeLessThanOrEqual(budget);
  expect(used).toBeGreaterThan(0);
});

// A one-row request is bounded by about 650 tokens here (the system message and schema learned, the
// new text and the schema of a size not seen yet by their bytes): budgets of ten times that reach
// 90 %; smaller ones stop within one such bound of their end (ARCHITECTURE.md, _Budgets_).
describe.each([
  ['50,000 tokens a month', { tokens: 50_000, period: 'monthly' }, 0.9],
  ['$0.005 a month', { usd: 0.005, period: 'monthly' }, 0.9],
  ['5,000 tokens a day', { tokens: 5000, period: 'daily' }, 0.8],
  ['$0.0005 a day', { usd: 0.0005, period: 'daily' }, 0.8],
  ['1,200 tokens a day', { tokens: 1200, period: 'daily' }, 0.7],
])('a budget of %s', (name, limit, least) => {
  test.each([1, 6])(
    `with %i formulas at once, at least ${least * 100} % is used before a row is refused, and none of it is passed`,
    async (parallel) => {
      const { used, budget, fraction } = await measure(name, limit, parallel);
      expect(used).toBeLessThanOrEqual(budget);
      expect(fraction).toBeGreaterThanOrEqual(least);
    },
  );
});
