// A spreadsheet shared with an editor: formulas spend the owner's key, so the owner's budget, cache,
// model choices and keys must hold against the editor. Every rule is tried as the owner and as the
// editor, through the built bundle.
import type { CapturedExchange } from '../../tools/openai-stub';
import {
  allowFormulaModels,
  column,
  GOOD_KEY,
  saveKey,
  startHarness,
  type Harness,
  freshCacheEpoch,
} from './harness';

const OWNER = 'owner@example.com';
const EDITOR = 'editor@example.com';
const EDITOR_KEY = 'sk-proj-editor0123456789abcdefghijklm';
const BACKUP_KEY = 'sk-proj-backup0123456789abcdefghijklm';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    spreadsheet: {
      sheets: {
        Sheet1: column('Review', ['Great kettle', 'Broke fast', 'Arrived Tuesday']),
        Other: [['Fine']],
      },
    },
  });
});
afterAll(() => h.close());
beforeEach(async () => {
  for (const key of Object.keys(h.emu.properties('document'))) h.emu.setProperty('document', key, null);
  for (const user of [OWNER, EDITOR])
    for (const key of Object.keys(h.emu.properties('user', user))) h.emu.setProperty('user', key, null, user);
  await h.stub.configure({ revokedKeys: [], faults: [] });
  freshCacheEpoch(h.emu);
  await h.stub.reset();
  await saveKey(h.emu);
});

const chats = async (): Promise<CapturedExchange[]> =>
  (await h.stub.stats()).captured.filter((c) => c.path === '/v1/chat/completions');

async function usage(user = OWNER) {
  const result = await h.emu.run('getUsage', [], { user });
  expect(result.ok).toBe(true);
  return result.value as {
    role: string;
    canManage: boolean;
    spreadsheet: Record<string, unknown> & { used: number; totalTokens: number };
    sheets: Array<
      Record<string, unknown> & { sheet: string; sheetId: string; used: number; limit: number | null }
    >;
    others: { totalTokens: number };
  };
}

/** A formula run by anyone publishes who holds the key (the owner); then roles are known. */
async function anyFormula(user = EDITOR) {
  const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)', { user });
  expect(cell.error).toBeUndefined();
}

describe('who may change what', () => {
  test('after a formula has run, the owner is told apart from an editor, with no email address asked for', async () => {
    expect((await usage()).role).toBe('unknown');
    await anyFormula(EDITOR);
    expect(await usage(OWNER)).toMatchObject({ role: 'owner', canManage: true });
    expect(await usage(EDITOR)).toMatchObject({ role: 'editor', canManage: false });
  });

  test.each([
    ['en', /Only the spreadsheet’s owner/],
    ['ja', /スプレッドシートのオーナー/],
  ])('an editor cannot set or raise a budget (%s); the owner can', async (locale, message) => {
    await anyFormula();
    const refused = await h.emu.run('setBudget', [{ tokens: 1e12 }], { user: EDITOR, locale });
    expect(refused.error?.message).toMatch(message);
    expect((await usage()).spreadsheet.limit).toBe(1_000_000);
    const saved = await h.emu.run('setBudget', [{ tokens: 5000, period: 'daily' }], { user: OWNER });
    expect(saved.ok).toBe(true);
    expect((await usage()).spreadsheet).toMatchObject({ limit: 5000, period: 'daily' });
  });

  test('before the first formula, each person’s budget is kept apart: the owner’s holds from the first formula, an editor’s never', async () => {
    expect((await h.emu.run('setBudget', [{ tokens: 50_000 }], { user: OWNER })).ok).toBe(true);
    expect((await h.emu.run('setBudget', [{ tokens: 1e12 }], { user: EDITOR })).ok).toBe(true);
    // Each sees their own pending budget; neither is the owner yet.
    expect((await usage(EDITOR)).spreadsheet.limit).toBe(1e12);
    expect((await usage(OWNER)).spreadsheet.limit).toBe(50_000);
    await anyFormula(EDITOR); // the editor's recalculation runs the first formula, on the owner's key
    expect((await usage(OWNER)).spreadsheet).toMatchObject({ limit: 50_000, limitIgnored: false });
    expect((await usage(EDITOR)).spreadsheet.limit).toBe(50_000);
    expect(h.emu.properties('document')['u:*']).toBeDefined();
    const spent = JSON.parse(h.emu.properties('document')['u:*']) as { total: number };
    expect(spent.total).toBeGreaterThan(0);
    // The first formula's admission already used the owner's limit: a 1-token budget refuses the next.
    await h.emu.run('setBudget', [{ tokens: 1 }], { user: OWNER });
    const refused = await h.emu.evaluate('Sheet1', 'C3', '=GPT_SENTIMENT(A3:A4)', { user: EDITOR });
    expect(JSON.stringify(refused.error?.message ?? refused.value)).toMatch(
      /token budget of this spreadsheet/,
    );
  });

  test('an editor cannot clear the cache, so the owner’s next recalculation is not billed again', async () => {
    await anyFormula();
    const refused = await h.emu.run('clearCache', [], { user: EDITOR });
    expect(refused.error?.message).toMatch(/Only the spreadsheet’s owner/);
    await h.stub.reset();
    await anyFormula(OWNER);
    expect(await chats()).toHaveLength(0);
    expect((await h.emu.run('clearCache', [], { user: OWNER })).ok).toBe(true);
  });

  test('an editor’s formula may not pick an expensive model or a huge max_tokens on the owner’s key', async () => {
    await h.stub.reset();
    const model = await h.emu.evaluate('Sheet1', 'C2', '=GPT("Rewrite", A2, "gpt-6-sol", 2, 100)', {
      user: EDITOR,
    });
    expect(model.error?.message).toMatch(/may not choose the model "gpt-6-sol".*Allowed here: gpt-6-luna/);
    const tokens = await h.emu.evaluate('Sheet1', 'C3', '=GPT("Rewrite", A2, , , 16000)', { user: EDITOR });
    expect(tokens.error?.message).toMatch(
      /max_tokens 16,000 is above what formulas here may ask for \(600\)/,
    );
    expect(await chats()).toHaveLength(0);
    await allowFormulaModels(h.emu, ['gpt-6-sol'], 2000);
    const allowed = await h.emu.evaluate('Sheet1', 'C2', '=GPT("Rewrite", A2, "gpt-6-sol", 2, 1500)', {
      user: EDITOR,
    });
    expect(allowed.error).toBeUndefined();
    expect((await chats())[0].body).toMatchObject({ model: 'gpt-6-sol' });
  });

  test('an editor’s settings never reach formulas: they use the owner’s model and base URL', async () => {
    await h.emu.run('saveSettings', [{ model: 'gpt-5.4-nano', baseUrl: 'https://attacker.example/v1' }], {
      user: EDITOR,
    });
    await h.stub.reset();
    await anyFormula(EDITOR);
    expect((await chats()).map((c) => (c.body as { model: string }).model)).toEqual(['gpt-6-luna']);
  });
});

describe('money, dense text and tabs', () => {
  test('a budget in US dollars holds, and a model with no known price is refused under it', async () => {
    await anyFormula(OWNER);
    await allowFormulaModels(h.emu, ['gpt-5.6-terra']);
    await h.emu.run('setBudget', [{ usd: 0.5, period: 'monthly' }], { user: OWNER });
    const unpriced = await h.emu.evaluate('Sheet1', 'C2', '=GPT("Rewrite", A3, "gpt-5.6-terra")');
    expect(unpriced.error?.message).toMatch(/budget in US dollars.*"gpt-5\.6-terra" has no known price/);
    await h.emu.run('setBudget', [{ usd: 0.0000001, period: 'monthly' }], { user: OWNER });
    const refused = await h.emu.evaluate('Sheet1', 'C3', '=GPT_SENTIMENT(A3)');
    expect(refused.error?.message).toMatch(/money budget of this spreadsheet/);
    const report = await usage();
    expect(report.spreadsheet).toMatchObject({ limitUsd: 0.0000001, limit: null });
  });

  test('eight formulas at once on dense text stay inside a 20,000-token tab budget', async () => {
    // 64 cells of 800 base36 characters: about 2.3 characters per token, where the cheap estimate
    // assumes 3. Before the byte bound, the same run billed 26,084 tokens against this budget.
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let seed = 7;
    const dense = Array.from({ length: 64 }, () =>
      Array.from({ length: 800 }, () => alphabet[(seed = (seed * 48271) % 2147483647) % 36]).join(''),
    );
    h.emu.addSheet(
      'Dense',
      dense.map((t) => [t]),
    );
    await anyFormula(OWNER);
    await h.emu.run('setBudget', [{ tokens: 20000, period: 'total', sheet: 'Dense' }], { user: OWNER });
    await h.stub.reset();
    const cells = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        h.emu.evaluate('Dense', `B${8 * i + 1}`, `=GPT_SENTIMENT(A${8 * i + 1}:A${8 * i + 8})`),
      ),
    );
    const stats = await h.stub.stats();
    if (process.env.SHOW_OVERSHOOT)
      console.log(`dense text: ${stats.totalTokens} tokens billed against 20000`);
    expect(stats.totalTokens).toBeLessThanOrEqual(20000);
    expect(stats.totalTokens).toBeGreaterThan(0);
    expect((await usage()).sheets.find((s) => s.sheet === 'Dense')?.used).toBe(stats.totalTokens);
    const refused = cells.filter((c) => /token budget of the tab "Dense"/.test(c.error?.message ?? ''));
    expect(refused.length).toBeGreaterThan(0);
  });

  test('a tab keeps its budget and usage when renamed, and its budget can be removed after it is deleted', async () => {
    h.emu.addSheet('Temp', [['Lovely']]);
    await anyFormula(OWNER);
    await h.emu.run('setBudget', [{ tokens: 100000, sheet: 'Temp' }], { user: OWNER });
    await h.emu.evaluate('Temp', 'B1', '=GPT_SENTIMENT(A1)');
    h.emu.renameSheet('Temp', 'Renamed');
    let tab = (await usage()).sheets.find((s) => s.sheet === 'Renamed');
    expect(tab).toMatchObject({ limit: 100000, exists: true });
    expect(tab?.used).toBeGreaterThan(0);
    const id = tab?.sheetId as string;
    h.emu.deleteSheet('Renamed');
    tab = (await usage()).sheets.find((s) => s.sheetId === id);
    expect(tab).toMatchObject({ exists: false, limit: 100000 });
    expect((await h.emu.run('setBudget', [{ sheetId: id, tokens: null }], { user: EDITOR })).ok).toBe(false);
    await h.emu.run('setBudget', [{ sheetId: id, tokens: null }], { user: OWNER });
    expect((await usage()).sheets.find((s) => s.sheetId === id)?.limit).toBeNull();
  });

  test('a tab named like a built-in property is an ordinary tab', async () => {
    h.emu.addSheet('constructor', [['Good']]);
    await anyFormula(OWNER);
    const set = await h.emu.run('setBudget', [{ tokens: 1, sheet: 'constructor' }], { user: OWNER });
    expect(set.ok).toBe(true);
    const cell = await h.emu.evaluate('constructor', 'B1', '=GPT_SENTIMENT(A1)');
    expect(cell.error?.message).toMatch(/the tab "constructor"/);
  });
});

describe('the editor’s own spending is the editor’s', () => {
  test('Try it with an editor’s own key is counted apart and not against the owner’s budget', async () => {
    await anyFormula(OWNER);
    const before = (await usage()).spreadsheet.totalTokens;
    await saveKey(h.emu, EDITOR_KEY, EDITOR);
    const tried = await h.emu.run('tryPrompt', ['Say hello'], { user: EDITOR });
    expect(tried.ok).toBe(true);
    const after = await usage();
    expect(after.spreadsheet.totalTokens).toBe(before);
    expect(after.others.totalTokens).toBeGreaterThan(0);
  });
});

describe('a backup key', () => {
  test('when the main key is revoked, formulas answer with the backup and the sidebar says so', async () => {
    const saved = await h.emu.run('saveBackupApiKey', [BACKUP_KEY], { user: OWNER });
    expect(saved.value).toMatchObject({ ok: true, maskedKey: 'sk-...jklm' });
    await h.stub.configure({ revokedKeys: [GOOD_KEY] });
    await h.stub.reset();
    const cell = await h.emu.evaluate('Sheet1', 'B3', '=GPT_SENTIMENT(A3)');
    expect(cell.value).toBe('negative');
    const settings = (await h.emu.run('getSettings', [], { user: OWNER })).value as Record<string, unknown>;
    expect(settings).toMatchObject({
      hasBackupKey: true,
      maskedBackupKey: 'sk-...jklm',
      mainKeyRefused: true,
    });
    expect(JSON.stringify(settings)).not.toContain(BACKUP_KEY);
    await h.stub.reset();
    await h.emu.evaluate('Sheet1', 'B4', '=GPT_SENTIMENT(A4)');
    expect((await h.stub.stats()).byStatus['401']).toBeUndefined(); // straight to the backup
    const editorView = (await h.emu.run('getSettings', [], { user: EDITOR })).value as Record<
      string,
      unknown
    >;
    expect(editorView).toMatchObject({ hasBackupKey: false, maskedBackupKey: null });
  });
});

describe('the sheet’s calendar', () => {
  test('a daily budget starts again at midnight in Tokyo: 23:40 and 00:20 JST', async () => {
    const tokyo = await startHarness(
      { spreadsheet: { timeZone: 'Asia/Tokyo', sheets: { Sheet1: [['Great'], ['Bad'], ['Fine']] } } },
      {},
      h.stub,
    );
    try {
      await saveKey(tokyo.emu);
      const jst = (day: number, hh: number, mm: number) => Date.UTC(2026, 11, day, hh, mm) - 9 * 3_600_000;
      tokyo.emu.advanceClock(jst(1, 23, 40) - tokyo.emu.now());
      await tokyo.emu.run('setBudget', [{ tokens: 100000, period: 'daily' }]);
      await tokyo.emu.evaluate('Sheet1', 'B1', '=GPT_SENTIMENT(A1)');
      const today = async () =>
        ((await tokyo.emu.run('getUsage')).value as { spreadsheet: { used: number } }).spreadsheet.used;
      const lateEvening = await today();
      expect(lateEvening).toBeGreaterThan(0);
      tokyo.emu.advanceClock(jst(1, 23, 59) - tokyo.emu.now());
      expect(await today()).toBe(lateEvening); // still 1 December in Tokyo (14:59 UTC)
      tokyo.emu.advanceClock(jst(2, 0, 20) - tokyo.emu.now());
      expect(await today()).toBe(0); // a new day in Tokyo, though UTC is still 1 December
      await tokyo.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
      expect(await today()).toBeGreaterThan(0);
      expect(await today()).toBeLessThan(lateEvening * 2);
      const report = (await tokyo.emu.run('getUsage')).value as { nextDay: number; timeZone: string };
      expect(report).toMatchObject({ nextDay: jst(3, 0, 0), timeZone: 'Asia/Tokyo' });
    } finally {
      await tokyo.close();
    }
  });

  test('a date cell reaches the model as the sheet shows it, in the spreadsheet’s time zone', async () => {
    const tokyo = await startHarness(
      { spreadsheet: { timeZone: 'Asia/Tokyo', sheets: { Sheet1: [['']] } } },
      {},
      h.stub,
    );
    try {
      await saveKey(tokyo.emu);
      tokyo.emu.setDate('Sheet1', 'A1', '2026-01-05');
      await h.stub.reset();
      await tokyo.emu.evaluate('Sheet1', 'B1', '=GPT("What weekday is this?", A1)');
      const [chat] = await chats();
      const user = (chat.body as { messages: Array<{ content: string }> }).messages[1].content;
      expect(JSON.parse(user).items[0].text).toBe('2026-01-05');
    } finally {
      await tokyo.close();
    }
  });
});

describe('watching for trouble', () => {
  test('a budget 80 % spent shows a warning in the report and a toast when the owner opens the file', async () => {
    await anyFormula(OWNER);
    const used = (await usage()).spreadsheet.used;
    await h.emu.run('setBudget', [{ tokens: Math.ceil(used / 0.85) }], { user: OWNER });
    expect((await usage()).spreadsheet.warnings).toEqual(['near_limit']);
    const toasts = h.emu.ui.toasts.length;
    await h.emu.run('onOpen', [], { user: OWNER, authMode: 'LIMITED', event: { authMode: 'LIMITED' } });
    expect(h.emu.ui.toasts.slice(toasts).join(' ')).toMatch(
      /80 % or more of the budget of this spreadsheet is used/,
    );
    await h.emu.run('onOpen', [], { user: EDITOR, authMode: 'LIMITED', event: { authMode: 'LIMITED' } });
    expect(h.emu.ui.toasts.length).toBe(toasts + 1);
  });
});
