// Who may do what, by how the code was reached (ARCHITECTURE.md, "Owners and editors"), tried the
// way an adversarial editor would, through the built bundle: every global of dist/Code.js typed into
// a cell (recalculated by the owner and by an editor), the formula functions called from a page,
// Try it, the window before the first formula, and a file in a shared drive.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../../src/i18n/messages';
import { column, GOOD_KEY, saveKey, startHarness, type Harness } from './harness';
import { sheetRows, start } from './job-helpers';

const OWNER = 'owner@example.com';
const EDITOR = 'editor@example.com';
const EDITOR_KEY = 'sk-proj-editor0123456789abcdefghijklm';
const NOT_IN_CELL = { en: catalog('en').not_in_cell, ja: catalog('ja').not_in_cell };

/** Every top-level function of the bundle, and whether its JSDoc makes it a custom function. */
function bundleGlobals(): Array<{ name: string; formula: boolean }> {
  const code = readFileSync(join(__dirname, '../../dist/Code.js'), 'utf8');
  const re = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)?\n?^function ([A-Za-z_$][\w$]*)\(/gm;
  return [...code.matchAll(re)].map((m) => ({ name: m[2], formula: /@customfunction/.test(m[1] ?? '') }));
}

const GLOBALS = bundleGlobals();
const FORMULAS = GLOBALS.filter((g) => g.formula).map((g) => g.name);
const SERVER = GLOBALS.filter((g) => !g.formula).map((g) => g.name);

/** What an attacker would type: a grid for budgets and settings, a job's id for job functions. */
function cellFormula(name: string, jobId: string): string {
  const arg = /Job|Evaluation/.test(name) && !/^(show|start|estimate)/.test(name) ? `"${jobId}"` : 'A1:B2';
  return `=${name.toUpperCase()}(${arg})`;
}

function state(h: Harness) {
  return {
    document: h.emu.properties('document'),
    owner: h.emu.properties('user', OWNER),
    editor: h.emu.properties('user', EDITOR),
    triggers: h.emu.triggers().length,
    metadata: h.emu.developerMetadata().length,
  };
}

test('the bundle has formula functions and server functions, and this test sees them all', () => {
  expect(FORMULAS).toEqual([
    'GPT',
    'GPT_SENTIMENT',
    'GPT_CLASSIFY',
    'GPT_EXTRACT',
    'GPT_SUMMARIZE',
    'GPT_TRANSLATE',
  ]);
  expect(SERVER).toEqual(
    expect.arrayContaining(['setBudget', 'saveApiKey', 'cancelJob', 'runJobsInBackground']),
  );
  expect(SERVER.length).toBeGreaterThanOrEqual(30);
});

describe('every global typed into a cell', () => {
  let h: Harness;
  let jobId: string;
  beforeAll(async () => {
    h = await startHarness({
      spreadsheet: {
        sheets: { Sheet1: column('Review', ['Great kettle', 'Broke fast']), Jobs: sheetRows(40, 'j') },
      },
    });
    await saveKey(h.emu);
    await saveKey(h.emu, EDITOR_KEY, EDITOR);
    expect((await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A2)')).ok).toBe(true);
    expect((await h.emu.run('setBudget', [{ tokens: 5000, period: 'daily' }])).ok).toBe(true);
    expect((await h.emu.run('saveSettings', [{ instructions: 'Answer briefly.' }])).ok).toBe(true);
    jobId = await start(h, { sheet: 'Jobs', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' });
  });
  afterAll(() => h.close());

  const cases = SERVER.flatMap((name) => [
    [name, 'owner', OWNER],
    [name, 'an editor', EDITOR],
  ]);
  test.each(cases)(
    '%s in a cell, recalculated by %s, refuses with a short message and changes nothing',
    async (name, _who, user) => {
      const before = state(h);
      const cell = await h.emu.evaluate('Sheet1', 'H1', cellFormula(name, jobId), { user });
      expect(cell.ok).toBe(false);
      expect(cell.error?.message).toBe(NOT_IN_CELL.en);
      expect(h.emu.sheet('Sheet1').getValues('H1')).toEqual([['#ERROR!']]);
      expect(state(h)).toEqual(before);
    },
  );

  test.each(FORMULAS)('%s in a cell runs as a formula on the owner’s key', async (name) => {
    const args: Record<string, string> = {
      GPT: '"Rewrite", A2',
      GPT_SENTIMENT: 'A2',
      GPT_CLASSIFY: 'A2, "good,bad"',
      GPT_EXTRACT: 'A2, "product"',
      GPT_SUMMARIZE: 'A2',
      GPT_TRANSLATE: 'A2, "Japanese"',
    };
    const cell = await h.emu.evaluate('Sheet1', 'I1', `=${name}(${args[name]})`, { user: EDITOR });
    expect(cell.error).toBeUndefined();
    expect(typeof cell.value).toBe('string');
  });
});

test('in a Japanese spreadsheet the refusal is in Japanese, whoever recalculates', async () => {
  const h = await startHarness({ spreadsheet: { locale: 'ja_JP', sheets: { Sheet1: [['x']] } } });
  try {
    for (const name of SERVER) {
      for (const user of [OWNER, EDITOR]) {
        const cell = await h.emu.evaluate('Sheet1', 'B1', `=${name.toUpperCase()}()`, { user, locale: 'en' });
        expect([name, cell.error?.message]).toEqual([name, NOT_IN_CELL.ja]);
      }
    }
  } finally {
    await h.close();
  }
});

describe('formula functions and Try it called from a page', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      spreadsheet: { sheets: { Sheet1: column('Review', ['Great kettle', 'Broke fast']) } },
    });
    await saveKey(h.emu);
  });
  afterEach(() => h.close());

  const holder = () => h.emu.properties('document')['owner:holder'];

  test.each([
    ['GPT', ['Say hello']],
    ['GPT_SENTIMENT', ['Great kettle']],
    ['GPT_TRANSLATE', ['Great kettle', 'Japanese']],
    ['tryPrompt', ['Say hello']],
  ])(
    '%s called by an editor from a page uses the editor’s own key and publishes nothing',
    async (name, args) => {
      const withoutKey = await h.emu.run(name, args, { user: EDITOR });
      expect(withoutKey.error?.message).toMatch(/No OpenAI API key is set/);
      await saveKey(h.emu, EDITOR_KEY, EDITOR);
      const answered = await h.emu.run(name, args, { user: EDITOR });
      expect(answered.error).toBeUndefined();
      expect(holder()).toBeUndefined();
      expect((await h.emu.run('getUsage', [], { user: EDITOR })).value).toMatchObject({ role: 'unknown' });
      // The editor cannot now act as the owner: a budget they set stays theirs, pending.
      await h.emu.run('setBudget', [{ tokens: 1e12 }], { user: EDITOR });
      await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)', { user: EDITOR });
      expect((await h.emu.run('getUsage', [], { user: OWNER })).value).toMatchObject({
        role: 'owner',
        spreadsheet: { limit: 1_000_000 },
      });
      expect((await h.emu.run('setBudget', [{ tokens: 1e12 }], { user: EDITOR })).error?.message).toMatch(
        /Only the spreadsheet’s owner/,
      );
    },
  );

  test('a formula function called from a page answers its caller in the caller’s language', async () => {
    const page = await h.emu.run('GPT_SENTIMENT', ['Great kettle'], { user: EDITOR, locale: 'ja' });
    expect(page.error?.message).toBe(catalog('ja').no_key);
  });

  test('an editor’s page call is counted apart, never against the owner’s budget', async () => {
    await saveKey(h.emu, EDITOR_KEY, EDITOR);
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
    await h.emu.run('setBudget', [{ tokens: 200, period: 'total' }]);
    const ownerBefore = (await h.emu.run('getUsage', [])).value as { spreadsheet: { used: number } };
    const r = await h.emu.run('GPT', ['Write a long poem about kettles'], { user: EDITOR });
    expect(r.error).toBeUndefined();
    const after = (await h.emu.run('getUsage', [])).value as {
      spreadsheet: { used: number };
      others: { totalTokens: number };
    };
    expect(after.spreadsheet.used).toBe(ownerBefore.spreadsheet.used);
    expect(after.others.totalTokens).toBeGreaterThan(0);
  });

  test('the owner’s page call of a formula function counts on the owner’s budget once the owner is known', async () => {
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
    const before = ((await h.emu.run('getUsage', [])).value as { spreadsheet: { used: number } }).spreadsheet
      .used;
    expect((await h.emu.run('GPT_SENTIMENT', ['Broke after a week'])).error).toBeUndefined();
    const after = ((await h.emu.run('getUsage', [])).value as { spreadsheet: { used: number } }).spreadsheet
      .used;
    expect(after).toBeGreaterThan(before);
  });

  test('what an editor’s key taught (a model it cannot use) does not change the owner’s formulas’ models', async () => {
    await saveKey(h.emu, EDITOR_KEY, EDITOR);
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
    expect((await h.emu.run('saveSettings', [{ model: 'gpt-6-nonexistent' }], { user: EDITOR })).ok).toBe(
      true,
    );
    await h.emu.run('GPT_SENTIMENT', ['Broke after a week'], { user: EDITOR });
    expect(h.emu.properties('document')['openai:lessons'] ?? '').not.toMatch(/gpt-6-nonexistent/);
    // The owner's own formula naming it learns it, for the spreadsheet.
    await h.emu.run('saveSettings', [{ formulaModels: ['gpt-6-nonexistent'] }]);
    await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A2, , , "gpt-6-nonexistent")');
    await h.emu.evaluate('Sheet1', 'C3', '=GPT("Say", A3, "gpt-6-nonexistent")');
    expect(h.emu.properties('document')['openai:lessons'] ?? '').toMatch(/gpt-6-nonexistent/);
  });

  test('an editor’s own base URL cannot fill the answers the owner’s formulas read', async () => {
    await saveKey(h.emu, EDITOR_KEY, EDITOR);
    await h.emu.run('saveSettings', [{ baseUrl: 'https://api.openai.com/v1/' }], { user: EDITOR });
    const own = await h.emu.run('saveSettings', [{ baseUrl: 'http://127.0.0.1:1/v1' }], { user: EDITOR });
    if (own.ok) {
      await h.emu.run('GPT_SENTIMENT', ['Great kettle'], { user: EDITOR });
    }
    await h.stub.reset();
    const cell = await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)', { user: EDITOR });
    expect(cell.error).toBeUndefined();
    expect((await h.stub.stats()).requests).toBeGreaterThan(0);
  });
});

describe('before the first formula nobody is the owner', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      spreadsheet: {
        sheets: { Sheet1: column('Review', ['Great kettle', 'Broke fast']), Jobs: sheetRows(40, 'j') },
      },
    });
    await saveKey(h.emu);
    await saveKey(h.emu, EDITOR_KEY, EDITOR);
  });
  afterEach(() => h.close());

  test.each(['en', 'ja'])(
    'clearing the cache waits for the owner to be known, and says how (%s)',
    async (locale) => {
      for (const user of [OWNER, EDITOR]) {
        const r = await h.emu.run('clearCache', [], { user, locale });
        expect(r.error?.message).toBe(catalog(locale as 'en' | 'ja').owner_unknown);
      }
      await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)', { user: EDITOR });
      expect((await h.emu.run('clearCache', [], { user: OWNER })).ok).toBe(true);
      expect((await h.emu.run('clearCache', [], { user: EDITOR })).error?.message).toMatch(
        /Only the spreadsheet’s owner/,
      );
    },
  );

  test('instructions saved by the owner apply from the first formula; an editor’s never do', async () => {
    await h.emu.run('saveSettings', [{ instructions: 'OWNER-RULES' }], { user: OWNER });
    await h.emu.run('saveSettings', [{ instructions: 'EDITOR-RULES' }], { user: EDITOR });
    expect((await h.emu.run('getSettings', [], { user: EDITOR })).value).toMatchObject({
      instructions: 'EDITOR-RULES',
      role: 'unknown',
    });
    await h.stub.reset();
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)', { user: EDITOR });
    const [chat] = (await h.stub.stats()).captured.filter((c) => c.path === '/v1/chat/completions');
    const system = (chat.body as { messages: Array<{ content: string }> }).messages[0].content;
    expect(system).toContain('OWNER-RULES');
    expect(system).not.toContain('EDITOR-RULES');
    expect((await h.emu.run('getSettings', [], { user: EDITOR })).value).toMatchObject({
      instructions: 'OWNER-RULES',
      role: 'editor',
    });
    const refused = await h.emu.run('saveSettings', [{ instructions: 'LATER' }], { user: EDITOR });
    expect(refused.error?.message).toMatch(/Only the spreadsheet’s owner/);
  });

  test('an editor cannot cancel the owner’s job while the owner is unknown (the file has an owner)', async () => {
    const jobId = await start(h, { sheet: 'Jobs', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' });
    h.emu.advanceClock(8 * 24 * 3600_000);
    const r = await h.emu.run('cancelJob', [jobId], { user: EDITOR });
    expect(r.error?.message).toMatch(/started by someone else/);
  });
});

describe('a file in a shared drive (no owner)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      spreadsheet: {
        sharedDrive: true,
        sheets: { Sheet1: column('Review', ['Great kettle', 'Broke fast']) },
      },
    });
    await saveKey(h.emu);
    await saveKey(h.emu, EDITOR_KEY, EDITOR);
  });
  afterEach(() => h.close());

  test('the person whose store formulas read is the owner, as anywhere; others are editors', async () => {
    await h.emu.run('setBudget', [{ tokens: 7000 }], { user: OWNER });
    await h.emu.run('setBudget', [{ tokens: 1e12 }], { user: EDITOR });
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)', { user: EDITOR });
    expect((await h.emu.run('getUsage', [], { user: OWNER })).value).toMatchObject({
      role: 'owner',
      spreadsheet: { limit: 7000 },
    });
    expect((await h.emu.run('getUsage', [], { user: EDITOR })).value).toMatchObject({ role: 'editor' });
    expect((await h.emu.run('clearCache', [], { user: EDITOR })).error?.message).toMatch(
      /Only the spreadsheet’s owner/,
    );
    const cell = await h.emu.evaluate('Sheet1', 'C1', '=SETBUDGET(A1:B2)', { user: OWNER });
    expect(cell.error?.message).toBe(NOT_IN_CELL.en);
  });
});

describe('setBudget checks its argument whole', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ spreadsheet: { sheets: { Sheet1: column('Review', ['Great kettle']) } } });
    await saveKey(h.emu);
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
    await h.emu.run('setBudget', [{ tokens: 5000, period: 'daily' }]);
  });
  afterAll(() => h.close());

  test.each([
    ['a text', 'x'],
    ['an empty object', {}],
    [
      'a grid of cells',
      [
        ['tokens', 5],
        ['period', 'daily'],
      ],
    ],
    ['nothing', null],
    ['tokens as text', { tokens: '5000' }],
    ['an unknown field', { tokens: 5, owner: 'me' }],
    ['a fraction of a token', { tokens: 2.5 }],
    ['an object for a tab', { tokens: 5, sheet: { name: 'Sheet1' } }],
    ['an unknown period', { tokens: 5, period: 'weekly' }],
  ])('%s is refused in the caller’s language and the budget stays', async (_what, arg) => {
    for (const locale of ['en', 'ja'] as const) {
      const r = await h.emu.run('setBudget', [arg], { locale });
      expect(r.error?.message).toBe(catalog(locale).budget_invalid);
    }
    expect((await h.emu.run('getUsage', [])).value).toMatchObject({
      spreadsheet: { limit: 5000, period: 'daily' },
    });
  });
});

describe('malformed server calls as a Japanese user', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      locale: 'ja',
      spreadsheet: {
        locale: 'ja_JP',
        sheets: { Sheet1: column('Review', ['Great kettle']), Jobs: sheetRows(20, 'j') },
      },
    });
    await saveKey(h.emu);
    await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
  });
  afterAll(() => h.close());

  const MALFORMED: unknown[] = [
    undefined,
    null,
    '',
    'x',
    0,
    -1,
    true,
    {},
    [],
    [['a', 'b']],
    { sheet: {}, inputColumn: [], outputColumn: 5, task: {} },
    { tokens: {}, usd: [], period: 7 },
    { model: {}, baseUrl: 5, prices: 'x', formulaModels: {}, instructions: {} },
  ];
  const JAPANESE = /[\u3040-\u30ff\u4e00-\u9faf]/;
  const RAW =
    /TypeError|RangeError|ReferenceError|Cannot (read|convert|use)|is not a function|undefined|\[object Object\]|Exception/;

  test.each(SERVER.filter((name) => !/^(onOpen|onInstall|show)/.test(name)))(
    '%s answers every malformed argument in Japanese, without raw JavaScript text, and a refused call changes nothing',
    async (name) => {
      for (const arg of MALFORMED) {
        const before = state(h);
        const r = await h.emu.run(name, arg === undefined ? [] : [arg]);
        if (r.ok) continue;
        const message = r.error?.message ?? '';
        expect([name, arg, message, JAPANESE.test(message)]).toEqual([name, arg, message, true]);
        expect([name, arg, message, RAW.test(message)]).toEqual([name, arg, message, false]);
        expect([name, arg, state(h)]).toEqual([name, arg, before]);
      }
    },
  );
});

test('GOOD_KEY is the owner’s key in these tests', () => {
  expect(GOOD_KEY).not.toBe(EDITOR_KEY);
});
