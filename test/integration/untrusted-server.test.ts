// An OpenAI-compatible server is a stranger: its usage numbers, answer lengths and error messages are
// checked before the ledger counts them or a cell shows them (issue 18, deliverable 3).
import { echoedKey } from '../../tools/openai-stub/untrusted';
import { KEY_ECHOES } from '../../tools/openai-stub/config';
import { finish, start } from './job-helpers';
import { GOOD_KEY, saveKey, startHarness, type Harness } from './harness';

interface Usage {
  spreadsheet: { used: number; requests: number; costUsd: number; unsettledTokens?: number };
}

const REVIEWS = Array.from({ length: 10 }, (_, i) => [`Review ${i}: I love it, excellent`, '']);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: REVIEWS } } });
  await saveKey(h.emu);
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.emu.run('clearCache');
  await h.stub.configure({ usageOverride: null, answerChars: null, echoKeyIn400: null });
  await h.stub.reset();
});

async function used(): Promise<number> {
  const u = (await h.emu.run('getUsage')).value as Usage;
  return u.spreadsheet.used;
}

function ledgerTotal(): unknown {
  return (JSON.parse(h.emu.properties('document')['u:*'] ?? '{}') as { total?: unknown }).total;
}

describe('usage a server reports is checked before it is counted', () => {
  test('negative usage does not lower the ledger: the request is charged its bound instead', async () => {
    await h.emu.evaluate('Sheet1', 'C1', '=GPT_SENTIMENT(A1:A3)');
    const before = await used();
    await h.stub.configure({ usageOverride: { prompt_tokens: -150_000, total_tokens: -149_900 } });
    const r = await h.emu.evaluate('Sheet1', 'B1', '=GPT_SENTIMENT(A4:A10)');
    expect((r.value as string[][]).flat()).toEqual(Array(7).fill('positive'));
    const after = await used();
    // Charged at least what the stub really counted (its statistics keep the true numbers).
    expect(after - before).toBeGreaterThanOrEqual((await h.stub.stats()).totalTokens);
    expect(typeof ledgerTotal()).toBe('number');
  });

  test('text usage cannot turn the total into a string, and later formulas still work', async () => {
    await h.emu.evaluate('Sheet1', 'C1', '=GPT_SENTIMENT(A1)');
    await h.stub.configure({ usageOverride: { prompt_tokens: '600', completion_tokens: 'abc00' } });
    await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A2)');
    expect(typeof ledgerTotal()).toBe('number');
    await h.stub.configure({ usageOverride: null });
    const later = await h.emu.evaluate('Sheet1', 'C3', '=GPT_SENTIMENT(A3)');
    expect(later.value).toBe('positive');
    expect(Number.isFinite(ledgerTotal())).toBe(true);
  });

  test.each([
    ['null counts', { prompt_tokens: null, completion_tokens: null }],
    ['NaN as text', { prompt_tokens: 'NaN' }],
    ['a huge count', { completion_tokens: 1e300 }],
    ['a fraction', { prompt_tokens: 10.5 }],
    ['cached tokens above the prompt', { prompt_tokens_details: { cached_tokens: 999_999 } }],
  ])('%s: the request is charged its bound, not 0 and not the number', async (_name, override) => {
    const before = await used();
    await h.stub.configure({ usageOverride: override });
    await h.emu.evaluate('Sheet1', 'D1', '=GPT_SENTIMENT(A5:A6)');
    const charged = (await used()) - before;
    expect(charged).toBeGreaterThanOrEqual((await h.stub.stats()).totalTokens);
    expect(charged).toBeLessThan(10_000);
  });

  test('a response without usage is charged the reservation, never 0', async () => {
    const before = await used();
    await h.stub.configure({ usageOverride: 'omit' });
    const r = await h.emu.evaluate('Sheet1', 'D1', '=GPT_SENTIMENT(A7)');
    expect(r.value).toBe('positive');
    const charged = (await used()) - before;
    expect(charged).toBeGreaterThan(0);
    expect(charged).toBeGreaterThanOrEqual((await h.stub.stats()).totalTokens);
  });

  test('a ledger a former version left as text is read as numbers again', async () => {
    const stored = JSON.parse(h.emu.properties('document')['u:*'] ?? '{}') as Record<string, unknown>;
    h.emu.setProperty('document', 'u:*', JSON.stringify({ ...stored, total: '600abc00', monthTokens: -5 }));
    const r = await h.emu.evaluate('Sheet1', 'E1', '=GPT_SENTIMENT(A8)');
    expect(r.value).toBe('positive');
    expect(typeof ledgerTotal()).toBe('number');
  });
});

describe('answers are cut to fit a cell', () => {
  test.each([60_000, 3_000_000])(
    'a %i-character answer is written cut to 50,000 characters with a visible mark',
    async (chars) => {
      await h.stub.configure({ answerChars: chars });
      const r = await h.emu.evaluate('Sheet1', 'F1', '=GPT("Say something", A1)');
      expect(r.ok).toBe(true);
      const cell = h.emu.sheet('Sheet1').getValues('F1')[0][0] as string;
      expect(cell.length).toBeLessThanOrEqual(50_000);
      expect(cell.length).toBeGreaterThan(49_000);
      expect(cell.endsWith('…[✂]')).toBe(true);
    },
  );

  test('a column job writes long answers cut to fit, where setValues would refuse them whole', async () => {
    await h.stub.configure({ answerChars: 70_000 });
    const jobId = await start(h, {
      sheet: 'Sheet1',
      inputColumn: 'A',
      outputColumn: 'G',
      task: 'prompt',
      args: { prompt: 'Say something long' },
      firstRow: 1,
    });
    const s = await finish(h, jobId);
    expect(s.state).toBe('done');
    const written = h.emu
      .sheet('Sheet1')
      .getValues('G1:G10')
      .flat()
      .map((v) => String(v));
    for (const text of written) {
      expect(text.length).toBeLessThanOrEqual(50_000);
      expect(text.endsWith('…[✂]')).toBe(true);
    }
  });
});

describe('the key is never shown, in any form a server may repeat it', () => {
  const forms = (key: string) => [
    key,
    key.slice(3),
    encodeURIComponent(key),
    Buffer.from(key).toString('base64').slice(0, 20),
    key.slice(8, 24),
  ];

  test.each(KEY_ECHOES)('a 400 repeating the key (%s) shows no part of it in the cell', async (how) => {
    await h.stub.configure({ echoKeyIn400: how });
    const r = await h.emu.evaluate('Sheet1', 'H1', '=GPT_SENTIMENT(A1)');
    const text = JSON.stringify([r.value, r.error?.message ?? '', h.emu.sheet('Sheet1').getValues('H1')]);
    expect(text).toMatch(/refused the request/);
    const squeezed = text.replace(/[^A-Za-z0-9]/g, '');
    for (const form of forms(GOOD_KEY)) {
      expect(text).not.toContain(form);
      expect(squeezed).not.toContain(form.replace(/[^A-Za-z0-9]/g, ''));
    }
    expect(echoedKey(GOOD_KEY, how).length).toBeGreaterThan(20); // the stub really sent it
    const sent = (await h.stub.stats()).captured.filter((c) => c.path === '/v1/chat/completions');
    expect(sent.length).toBeGreaterThan(0);
  });
});
