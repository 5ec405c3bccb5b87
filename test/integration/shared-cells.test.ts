// Single-cell formulas dragged down a column share their requests: one execution asks for its
// neighbours' rows too, the others wait for those answers; nothing is asked or billed twice.
import { TOO_MANY_EXECUTIONS, type ExecutionResult } from '../../tools/emulator';
import type { StubStats } from '../../tools/openai-stub';
import { allowFormulaModels, GOOD_KEY, saveKey, startHarness, type Harness } from './harness';

const LABELS = ['positive', 'neutral', 'negative'];
const review = (i: number) =>
  i % 3 === 0 ? `I love gadget ${i}` : i % 3 === 1 ? `Gadget ${i} broke at once` : `Gadget ${i} arrived`;

/** Every text of every batched request the stub answered, with how often it was asked. */
function askedTexts(stats: StubStats): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of stats.captured) {
    if (c.path !== '/v1/chat/completions' || c.status !== 200) continue;
    const body = c.body as { messages: Array<{ content: string }> };
    const items = (
      JSON.parse(body.messages[body.messages.length - 1].content) as { items: Array<{ text: string }> }
    ).items;
    for (const item of items) counts.set(item.text, (counts.get(item.text) ?? 0) + 1);
  }
  return counts;
}

/** Places formulas as a person dragging one down does: all at once, none evaluated yet. */
function dragDown(h: Harness, column: string, first: number, last: number, formula: (row: number) => string) {
  for (let r = first; r <= last; r++) h.emu.editCell('Sheet1', `${column}${r}`, formula(r));
}

function evaluateAll(h: Harness, column: string, rows: number[], formula: (row: number) => string) {
  return Promise.all(rows.map((r) => h.emu.evaluate('Sheet1', `${column}${r}`, formula(r))));
}

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

function ledger(h: Harness) {
  const props = h.emu.properties('document');
  return {
    usage: JSON.parse(props['u:*'] ?? '{}') as { total?: number; requests?: number; unsettled?: number },
    reserved: JSON.parse(props['u:reserved'] ?? '{}') as Record<string, { tokens: number }>,
  };
}

describe('1,000 rows', () => {
  let h: Harness;
  beforeAll(async () => {
    const texts = Array.from({ length: 1000 }, (_, i) => [review(i)]);
    h = await startHarness(
      { spreadsheet: { sheets: { Sheet1: texts } }, serviceLatencyMs: 2, tooManyExecutions: 'wait' },
      { latencyMs: 20, captureBodies: true },
    );
    await saveKey(h.emu);
    await h.stub.reset();
  });
  afterAll(() => h.close());

  test('1,000 single-cell formulas run at once are all answered, asking each row once in few requests', async () => {
    const formula = (r: number) => `=GPT_SENTIMENT(A${r})`;
    const results = await evaluateAll(h, 'B', range(1, 1000), formula);
    const failed = results.filter((r) => !r.ok || !LABELS.includes(String(r.value)));
    expect(failed.map((r) => r.error?.message ?? r.value)).toEqual([]);
    const stats = await h.stub.stats();
    expect(stats.chatCompletions).toBeLessThanOrEqual(100);
    expect(stats.rateLimited).toBe(0);
    const asked = askedTexts(stats);
    expect(asked.size).toBe(1000);
    expect([...asked.values()].every((n) => n === 1)).toBe(true);
    const { usage, reserved } = ledger(h);
    expect(usage.total).toBe(stats.totalTokens);
    expect(usage.requests).toBe(stats.chatCompletions);
    expect(reserved).toEqual({});
  });
});

describe('sharing', () => {
  let h: Harness;
  beforeEach(async () => {
    const texts = Array.from({ length: 60 }, (_, i) => [
      review(i),
      '',
      i % 2 ? 'up,flat,down' : 'yes,maybe,no',
    ]);
    h = await startHarness(
      { spreadsheet: { sheets: { Sheet1: texts } }, tooManyExecutions: 'wait' },
      { captureBodies: true },
    );
    await saveKey(h.emu);
    await allowFormulaModels(h.emu, ['gpt-4o-mini']);
    await h.stub.reset();
  });
  afterEach(() => h.close());

  test('a lone cell with no neighbours sends one request for its own row only', async () => {
    const alone = await h.emu.evaluate('Sheet1', 'D7', '=GPT_SENTIMENT(A7)');
    expect(LABELS).toContain(alone.value);
    const stats = await h.stub.stats();
    expect(stats.chatCompletions).toBe(1);
    expect([...askedTexts(stats).keys()]).toEqual([review(6)]);
  });

  test('a cell whose neighbours are already answered asks only for itself', async () => {
    dragDown(h, 'B', 1, 20, (r) => `=GPT_SENTIMENT(A${r})`);
    await h.emu.evaluate('Sheet1', 'E1', '=GPT_SENTIMENT(A1:A20)');
    h.emu.editCell('Sheet1', 'A5', 'A new text in row five');
    await h.stub.reset();
    const one = await h.emu.evaluate('Sheet1', 'B5', '=GPT_SENTIMENT(A5)');
    expect(LABELS).toContain(one.value);
    expect([...askedTexts(await h.stub.stats()).keys()]).toEqual(['A new text in row five']);
  });

  test('a claimed block whose execution is killed mid-request is taken over, and no row is billed twice', async () => {
    const formula = (r: number) => `=GPT_SENTIMENT(A${r})`;
    dragDown(h, 'B', 1, 40, formula);
    const killed = await h.emu.evaluate('Sheet1', 'B1', formula(1), {
      killAtServiceCall: 'UrlFetchApp.fetchAll',
    });
    expect(killed.stopped).toBe('killed');
    expect((await h.stub.stats()).chatCompletions).toBe(0);
    const claimed = ledger(h).reserved;
    expect(Object.keys(claimed)).toHaveLength(1);

    // The others find the claim and wait; once it has ended (emulator clock), one of them takes it over.
    const waiting = evaluateAll(h, 'B', range(2, 40), formula);
    setTimeout(() => h.emu.advanceClock(16_000), 600);
    const results: ExecutionResult[] = await waiting;
    expect(
      results.filter((r) => !LABELS.includes(String(r.value))).map((r) => r.error?.message ?? r.value),
    ).toEqual([]);
    expect(LABELS).toContain((await h.emu.evaluate('Sheet1', 'B1', formula(1))).value);
    const taken = await h.stub.stats();
    const asked = askedTexts(taken);
    expect(asked.size).toBe(40);
    expect([...asked.values()].every((n) => n === 1)).toBe(true);
    expect(taken.chatCompletions).toBe(2);

    // The dead execution's reservation ends as "unsettled" (it may have been billed) at the next
    // reservation; everything else is exactly what the API billed.
    h.emu.advanceClock(8 * 60_000);
    await h.emu.evaluate('Sheet1', 'D1', '=GPT_SENTIMENT("one more review")');
    const stats = await h.stub.stats();
    const { usage, reserved } = ledger(h);
    expect(reserved).toEqual({});
    const dead = Object.values(claimed)[0].tokens;
    expect(usage.unsettled).toBe(dead);
    expect(usage.total).toBe(stats.totalTokens + dead);
  });

  test('when the shared request fails for every cell (a revoked key), the waiting cells say so without asking again', async () => {
    await h.stub.configure({ revokedKeys: [GOOD_KEY] });
    const formula = (r: number) => `=GPT_SENTIMENT(A${r})`;
    dragDown(h, 'B', 1, 60, formula);
    const results = await evaluateAll(h, 'B', range(1, 60), formula);
    expect(results.filter((r) => !/API key/.test(r.error?.message ?? '')).map((r) => r.value)).toEqual([]);
    expect((await h.stub.stats()).chatCompletions).toBeLessThanOrEqual(3);
  });

  test('neighbouring rows with other tasks or settings are never asked about in one request', async () => {
    const variants = [
      (r: number) => `=GPT_SENTIMENT(A${r})`,
      (r: number) => `=GPT_SENTIMENT(A${r}, "good,meh,bad")`,
      (r: number) => `=GPT_CLASSIFY(A${r}, "billing,shipping,other")`,
      (r: number) => `=GPT("Say which product", A${r}, "gpt-4o-mini")`,
      (r: number) => `=GPT("Say which product", A${r}, , 0.5)`,
      (r: number) => `=GPT_SENTIMENT(A${r}, C${r})`,
    ];
    const variantOf = (r: number) => (r - 1) % variants.length;
    const formula = (r: number) => variants[variantOf(r)](r);
    dragDown(h, 'B', 1, 60, formula);
    const results = await evaluateAll(h, 'B', range(1, 60), formula);
    expect(results.filter((r) => !r.ok).map((r) => r.error?.message)).toEqual([]);
    results.forEach((r, i) => {
      const row = i + 1;
      const allowed = [
        LABELS,
        ['good', 'meh', 'bad'],
        ['billing', 'shipping', 'other'],
        null,
        null,
        row % 2 === 0 ? ['up', 'flat', 'down'] : ['yes', 'maybe', 'no'],
      ][variantOf(row)];
      if (allowed) expect(allowed).toContain(r.value);
    });
    const rowOf = new Map(range(1, 60).map((r) => [review(r - 1), r]));
    const stats = await h.stub.stats();
    for (const c of stats.captured.filter((x) => x.path === '/v1/chat/completions')) {
      const body = c.body as { model: string; messages: Array<{ content: string }> };
      const items = JSON.parse(body.messages[body.messages.length - 1].content).items as Array<{
        text: string;
      }>;
      const kinds = new Set(items.map((item) => variantOf(rowOf.get(item.text) as number)));
      expect(kinds.size).toBe(1);
      const kind = [...kinds][0];
      if (kind === 5) {
        // Labels from a cell of the row itself: every row is its own question.
        expect(items).toHaveLength(1);
      }
      if (kind === 3) expect(body.model).toBe('gpt-4o-mini');
    }
    expect([...askedTexts(stats).values()].every((n) => n === 1)).toBe(true);
    expect(stats.chatCompletions).toBeLessThan(20);
  });
});

describe('as Apps Script runs them: 30 at once, the 31st fails', () => {
  let h: Harness;
  beforeEach(async () => {
    const texts = Array.from({ length: 120 }, (_, i) => [review(i)]);
    h = await startHarness(
      { spreadsheet: { sheets: { Sheet1: texts } } },
      { latencyMs: 30, captureBodies: true },
    );
    await saveKey(h.emu);
    await h.stub.reset();
  });
  afterEach(() => h.close());

  test('cells that failed with "too many scripts running simultaneously" are fixed by recalculating them, and no row is billed twice', async () => {
    const formula = (r: number) => `=GPT_SENTIMENT(A${r})`;
    dragDown(h, 'B', 1, 120, formula);
    const first = await evaluateAll(h, 'B', range(1, 120), formula);
    const tooMany = range(1, 120).filter((_, k) => first[k].error?.message === TOO_MANY_EXECUTIONS);
    expect(tooMany.length).toBeGreaterThan(0);
    expect(h.emu.sheet('Sheet1').getDisplayValues(`B${tooMany[0]}`)[0][0]).toBe('#ERROR!');
    let left = tooMany;
    for (let round = 0; left.length && round < 10; round++) {
      const again = await evaluateAll(h, 'B', left, formula);
      left = left.filter((_, k) => !LABELS.includes(String(again[k].value)));
    }
    expect(left).toEqual([]);
    expect(
      (h.emu.sheet('Sheet1').getValues('B1:B120') as string[][]).flat().filter((v) => !LABELS.includes(v)),
    ).toEqual([]);
    // Every text was asked once: the rows answered before (the neighbours the first cells took along)
    // came from the cache when their cells were recalculated.
    const asked = askedTexts(await h.stub.stats());
    expect([...asked.values()].every((n) => n === 1)).toBe(true);
    expect(asked.size).toBe(120);
  });
});
