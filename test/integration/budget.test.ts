// The spreadsheet's token budget: checked before a call, charged from the API's usage after it,
// per tab as well, and without losing charges when executions run at once.
import { capabilitiesOf } from '../../src/openai/models';
import { makeBatch } from '../../src/engine/batch';
import { sentimentTask } from '../../src/engine/tasks';
import { saveKey, startHarness, type Harness } from './harness';

interface Usage {
  spreadsheet: {
    used: number;
    remaining: number | null;
    limit: number | null;
    requests: number;
    costUsd: number;
  };
  sheets: Array<{ sheet: string; used: number; limit: number | null }>;
}

const rows = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => [`${prefix} review ${i}: great`]);
/** A formula of its own per cell (its own labels): no cell shares its request with a neighbour. */
const alone = (row: number) => `=GPT_SENTIMENT(A${row}, "good ${row},meh,bad")`;

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: rows(30, 'one'), Sheet2: rows(30, 'two') } } });
  await saveKey(h.emu);
  await h.stub.reset(); // saving a key makes one tiny billing probe; only formula usage counts below
});
afterEach(() => h.close());

async function usage(): Promise<Usage> {
  return (await h.emu.run('getUsage')).value as Usage;
}

test('usage charged to the spreadsheet and the tab equals the tokens the API reported', async () => {
  await h.emu.evaluate('Sheet1', 'B1', '=GPT_SENTIMENT(A1:A30)');
  await h.emu.evaluate('Sheet2', 'B1', '=GPT_SENTIMENT(A1:A10)');
  const stats = await h.stub.stats();
  const u = await usage();
  expect(u.spreadsheet.used).toBe(stats.totalTokens);
  expect(u.spreadsheet.requests).toBe(stats.chatCompletions);
  expect(u.spreadsheet.costUsd).toBeGreaterThan(0);
  const perTab = Object.fromEntries(u.sheets.map((s) => [s.sheet, s.used]));
  expect(perTab.Sheet1 + perTab.Sheet2).toBe(stats.totalTokens);
});

test('when even one row cannot fit, the formula says what it could need and what is left, and makes no call', async () => {
  await h.emu.run('setBudget', [{ tokens: 50, period: 'monthly' }]);
  const result = await h.emu.evaluate('Sheet1', 'B1', '=GPT_SENTIMENT(A1)');
  expect(result.ok).toBe(false);
  expect(result.error?.message).toMatch(
    /^This request could use up to \d+ tokens, but the token budget of this spreadsheet \(50 tokens, this month\) has 50 left: 0 used, 0 held/,
  );
  expect(result.urlFetchRequests).toBe(0);
  expect((await h.stub.stats()).chatCompletions).toBe(0);
});

test('a tab budget refuses that tab only', async () => {
  await h.emu.run('setBudget', [{ tokens: 10, period: 'daily', sheet: 'Sheet2' }]);
  const refused = await h.emu.evaluate('Sheet2', 'B1', '=GPT_SENTIMENT(A1)');
  expect(refused.error?.message).toMatch(/the tab "Sheet2"/);
  const allowed = await h.emu.evaluate('Sheet1', 'B1', '=GPT_SENTIMENT(A1)');
  expect(allowed.value).toBe('positive');
});

test('a range that does not fit in one request is sized to what is left: more rows are answered, in smaller requests, and the rest say what they need', async () => {
  await h.emu.evaluate('Sheet1', 'C1', '=GPT_SENTIMENT(A1:A2)'); // learn what a small request costs
  const { used } = (await usage()).spreadsheet;
  // Room for the bound of the first request of 25 rows (as the add-on computes it), not for the second.
  const texts = rows(30, 'one').map(([t]) => String(t));
  const first = makeBatch(texts, [...Array(25).keys()], sentimentTask(['g', 'm', 'b']), {
    model: 'gpt-6-luna',
    caps: capabilitiesOf('gpt-6-luna'),
  });
  const budget = used + first.boundTokens + 10;
  await h.emu.run('setBudget', [{ tokens: budget, period: 'total' }]);
  const result = await h.emu.evaluate('Sheet1', 'B1', '=GPT_SENTIMENT(A1:A30, "g,m,b")');
  const cells = (result.value as string[][]).flat();
  const answered = cells.filter((c) => c === 'g').length;
  expect(answered).toBeGreaterThan(25);
  for (const cell of cells.filter((c) => c !== 'g'))
    expect(cell).toMatch(
      /^⚠ This request could use up to \d+ tokens, but the token budget of this spreadsheet/,
    );
  expect((await usage()).spreadsheet.used).toBeLessThanOrEqual(budget);
  expect(JSON.parse(h.emu.properties('document')['u:reserved'] ?? '{}')).toEqual({});
});

test('an invalid budget is refused with a message', async () => {
  const result = await h.emu.run('setBudget', [{ tokens: -5 }]);
  expect(result.error?.message).toMatch(/whole number of tokens/);
  const unknownTab = await h.emu.run('setBudget', [{ tokens: 5, sheet: 'Nope' }]);
  expect(unknownTab.error?.message).toMatch(/no tab named "Nope"/);
});

test('formulas running at once lose no charge, and together stay within the budget', async () => {
  await h.emu.run('setBudget', [{ tokens: 1_000_000, period: 'total' }]);
  const cells = Array.from({ length: 12 }, (_, i) =>
    h.emu.evaluate(i % 2 ? 'Sheet2' : 'Sheet1', `B${i + 1}`, alone(i + 1)),
  );
  const results = await Promise.all(cells);
  expect(results.every((r) => r.ok)).toBe(true);
  const stats = await h.stub.stats();
  const u = await usage();
  expect(stats.chatCompletions).toBe(12);
  expect(u.spreadsheet.used).toBe(stats.totalTokens);
  expect(u.spreadsheet.requests).toBe(12);
});

test('formulas racing for the last of the budget never spend more than it', async () => {
  await h.emu.evaluate('Sheet1', 'C1', '=GPT_SENTIMENT(A1)');
  const { used } = (await usage()).spreadsheet;
  const budget = used + 1200; // room for a few single-cell requests, not for twelve
  await h.emu.run('setBudget', [{ tokens: budget, period: 'total' }]);
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, i) => h.emu.evaluate('Sheet2', `B${i + 1}`, alone(i + 1))),
  );
  const answered = results.filter((r) => r.ok).length;
  expect(answered).toBeGreaterThan(0);
  expect(answered).toBeLessThan(12);
  const u = await usage();
  expect(u.spreadsheet.used).toBeLessThanOrEqual(budget);
  expect(u.spreadsheet.used).toBe((await h.stub.stats()).totalTokens);
});

test('dragged-down cells sharing one request reserve for all the rows it asks about, within the budget', async () => {
  await h.emu.evaluate('Sheet1', 'C1', '=GPT_SENTIMENT(A1)');
  const { used } = (await usage()).spreadsheet;
  const budget = used + 1200; // room for a few single-cell requests, not for a batch of 25
  await h.emu.run('setBudget', [{ tokens: budget, period: 'total' }]);
  for (let r = 1; r <= 30; r++) h.emu.editCell('Sheet2', `B${r}`, `=GPT_SENTIMENT(A${r})`);
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) => h.emu.evaluate('Sheet2', `B${i + 1}`, `=GPT_SENTIMENT(A${i + 1})`)),
  );
  expect(results.every((r) => r.ok || /token budget/.test(r.error?.message ?? ''))).toBe(true);
  const answered = results.filter((r) => r.ok).length;
  expect(answered).toBeGreaterThan(0);
  expect(answered).toBeLessThan(30);
  const u = await usage();
  expect(u.spreadsheet.used).toBeLessThanOrEqual(budget);
  expect(u.spreadsheet.used).toBe((await h.stub.stats()).totalTokens);
  expect(JSON.parse(h.emu.properties('document')['u:reserved'] ?? '{}')).toEqual({});
});
