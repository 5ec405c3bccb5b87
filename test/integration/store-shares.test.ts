// The document store's 500 KB, shared out: editors' column jobs stop at their shares with a message in
// their language, durable answers make room for what the owner relies on, and a formula is never sent
// (so never billed) when its usage could not be recorded.
import { GOOD_KEY, saveKey, startHarness, type Harness } from './harness';

const EDITOR = { user: 'editor@example.com', locale: 'ja' };
const OTHER = { user: 'other@example.com' };
const ROWS = 20_000;

function sheets(): Record<string, unknown[][]> {
  const blank = [
    ['Review', 'Out', 'Out 2', 'Out 3', 'Out 4'],
    ...Array.from({ length: ROWS }, () => ['', '', '', '', '']),
  ];
  const reviews = [
    ['Review', 'Sentiment'],
    ...Array.from({ length: 20 }, (_, i) => [`Excellent, I love it ${i}`, '']),
  ];
  return { Blank: blank, Reviews: reviews };
}

/** Jobs that overwrite keep a filter of what they wrote (2 bytes a row): they are the ones that grow. */
function jobOver(outputColumn: string, lastRow = ROWS + 1): Record<string, unknown> {
  return {
    sheet: 'Blank',
    inputColumn: 'A',
    outputColumn,
    task: 'sentiment',
    firstRow: 2,
    lastRow,
    overwrite: true,
  };
}

async function startAs(
  h: Harness,
  spec: Record<string, unknown>,
  opts: object,
): Promise<{ ok: boolean; message?: string }> {
  const r = await h.emu.run('startColumnJob', [spec], opts);
  return { ok: r.ok, message: r.error?.message };
}

function storeSize(h: Harness): number {
  return Object.entries(h.emu.properties('document')).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v),
    0,
  );
}

/** 24 shards of durable answers near their 8 KB, as months of short answers leave them. */
function fillDurableAnswers(h: Harness): void {
  for (let shard = 0; shard < 24; shard++) {
    const entries: Record<string, [string, number]> = {};
    for (let i = 0; JSON.stringify(entries).length < 7_900; i++)
      entries[`${shard.toString(16).padStart(4, '0')}${i.toString(16).padStart(16, '0')}`] = [
        'positive',
        20_000,
      ];
    h.emu.setProperty('document', `dc:${shard}`, JSON.stringify(entries));
  }
}

/** Data outside every share (as an earlier version's jobs could leave): `bytes` of it, in values under 8 KB. */
function fillOutsideShares(h: Harness, bytes: number): void {
  for (let i = 0; bytes > 0; i++) {
    const key = `legacy:${i}`;
    const value = 'x'.repeat(Math.min(8_000, bytes) - key.length);
    h.emu.setProperty('document', key, value);
    bytes -= key.length + value.length;
  }
}

async function usage(h: Harness): Promise<{ requests: number; used: number }> {
  return ((await h.emu.run('getUsage')).value as { spreadsheet: { requests: number; used: number } })
    .spreadsheet;
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ spreadsheet: { sheets: sheets() } });
  await saveKey(h.emu);
  await saveKey(h.emu, GOOD_KEY, EDITOR.user);
  await saveKey(h.emu, GOOD_KEY, OTHER.user);
});
afterEach(() => h.close());

test("an editor's jobs stop at the editor's share, and everyone's at the jobs' share, each with a message that says what to do", async () => {
  expect(await startAs(h, jobOver('B'), EDITOR)).toEqual({ ok: true, message: undefined });
  expect(await startAs(h, jobOver('C'), EDITOR)).toEqual({ ok: true, message: undefined });
  const third = await startAs(h, jobOver('D'), EDITOR);
  expect(third.ok).toBe(false);
  expect(third.message).toMatch(/1 人あたり使える 160 KB のうち 142 KB.*あと 20,000 行には最大 71 KB/);

  expect(await startAs(h, jobOver('D'), OTHER)).toEqual({ ok: true, message: undefined });
  const past = await startAs(h, jobOver('E'), OTHER);
  expect(past.ok).toBe(false);
  expect(past.message).toMatch(
    /Column jobs in this spreadsheet keep 213 KB of the 240 KB they may use.*20,000 more rows need up to 71 KB/,
  );
  expect(storeSize(h)).toBeLessThan(20_000); // counted at their largest, kept small until they write
  // A job that does not overwrite keeps a fixed record whatever its rows: it still fits.
  expect(await startAs(h, { ...jobOver('F'), overwrite: false }, EDITOR)).toMatchObject({ ok: false });
});

test('a person may have three unfinished jobs in a spreadsheet; the fourth is refused until one is cancelled', async () => {
  const ids: string[] = [];
  for (const column of ['B', 'C', 'D']) {
    const r = await h.emu.run('startColumnJob', [jobOver(column, 101)], OTHER);
    expect(r.ok).toBe(true);
    ids.push((r.value as { jobId: string }).jobId);
  }
  const fourth = await startAs(h, { ...jobOver('B', 201), firstRow: 102 }, OTHER);
  expect(fourth.message).toMatch(/You already have 3 column jobs running or paused in this spreadsheet/);
  const cancelled = await h.emu.run('cancelJob', [ids[0]], OTHER);
  expect(cancelled.ok).toBe(true);
  expect(await startAs(h, { ...jobOver('B', 201), firstRow: 102 }, OTHER)).toEqual({
    ok: true,
    message: undefined,
  });
});

test("with an editor's job, a full set of durable answers and the store nearly full, the owner's formula is answered and counted, durable answers making room", async () => {
  expect((await startAs(h, jobOver('B'), EDITOR)).ok).toBe(true);
  fillDurableAnswers(h);
  fillOutsideShares(h, 500_000 - storeSize(h) - 2_000);
  expect(storeSize(h)).toBeGreaterThan(496_000);
  await h.stub.reset();
  const before = await usage(h);

  const cell = await h.emu.evaluate('Reviews', 'B2', '=GPT_SENTIMENT(A2)');
  expect(cell).toMatchObject({ ok: true, value: 'positive', urlFetchRequests: 1 });
  const after = await usage(h);
  expect(after.requests).toBe(before.requests + 1);
  expect(after.used - before.used).toBe((await h.stub.stats()).totalTokens);
  const durable = Object.keys(h.emu.properties('document')).filter((k) => k.startsWith('dc:'));
  expect(durable.length).toBeLessThan(24);
  expect(storeSize(h)).toBeLessThanOrEqual(500_000);
});

test('a store with no room even after the durable answers are gone: the formula says so in the sheet and sends nothing', async () => {
  fillOutsideShares(h, 500_000 - storeSize(h) - 1_000);
  await h.stub.reset();
  const cell = await h.emu.evaluate('Reviews', 'B2', '=GPT_SENTIMENT(A2)');
  expect(cell.ok).toBe(false);
  expect(cell.error?.message).toMatch(
    /add-on storage \(its document properties, 500 KB\) is full, so nothing was saved or sent/,
  );
  expect(cell.urlFetchRequests).toBe(0);
  expect((await h.stub.stats()).chatCompletions).toBe(0);
  const started = await startAs(h, jobOver('B', 101), OTHER);
  expect(started.ok).toBe(false);
});
