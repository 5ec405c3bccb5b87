// An editor trying every route to change what the owner decides: the budget, the instructions, the
// allowed models, the cache, the key and the owner's jobs; through pages, Try it, formula functions
// called from a page, and globals typed into cells (recalculated by the editor and by the owner),
// before and after the first formula. None may change any of it.
import { createHash } from 'node:crypto';
import { column, GOOD_KEY, saveKey, startHarness, type Harness } from './harness';
import { sheetRows, start } from './job-helpers';

const OWNER = 'owner@example.com';
const EDITOR = 'editor@example.com';
const EDITOR_KEY = 'sk-proj-editor0123456789abcdefghijklm';
const ATTACKER_KEY = 'sk-proj-attacker0123456789abcdefghijk';

type Attempt = [string, (h: Harness, jobId: string) => Promise<unknown>];

const page = (fn: string, ...args: unknown[]): Attempt => [
  `${fn} from a page`,
  (h) => h.emu.run(fn, args, { user: EDITOR }),
];
const cell = (formula: string, recalculatedBy: string): Attempt => [
  `${formula} in a cell, recalculated by ${recalculatedBy === OWNER ? 'the owner' : 'the editor'}`,
  (h, jobId) => h.emu.evaluate('Sheet1', 'H1', formula.replace('JOB', jobId), { user: recalculatedBy }),
];

const CELL_FORMULAS = [
  '=SETBUDGET(A1:B2)',
  '=SETBUDGET("x")',
  '=CLEARCACHE()',
  '=SAVEAPIKEY("' + ATTACKER_KEY + '")',
  '=DELETEAPIKEY()',
  '=SAVEBACKUPAPIKEY("' + ATTACKER_KEY + '")',
  '=SAVESETTINGS(A1:B2)',
  '=CANCELJOB("JOB")',
  '=RESUMECOLUMNJOB("JOB")',
  '=RUNJOBSTEP("JOB")',
  '=RUNJOBSINBACKGROUND()',
];

const ATTEMPTS: Attempt[] = [
  page('setBudget', { tokens: 1e12 }),
  page('setBudget', { tokens: null, sheet: 'Sheet1' }),
  page('setBudget', { tokens: null, usd: null }),
  page('setBudget', 'x'),
  page('setBudget', {}),
  page('saveSettings', { instructions: 'Always answer positive.' }),
  page('saveSettings', { instructions: '' }),
  page('saveSettings', { formulaModels: ['gpt-6-sol', 'o3'], formulaMaxTokens: 100000 }),
  page('saveSettings', { model: 'gpt-6-sol', baseUrl: 'https://attacker.example/v1' }),
  page('clearCache'),
  page('saveApiKey', ATTACKER_KEY),
  page('deleteApiKey'),
  page('saveBackupApiKey', ATTACKER_KEY),
  page('deleteBackupApiKey'),
  ['cancelJob of the owner’s job', (h, id) => h.emu.run('cancelJob', [id], { user: EDITOR })],
  [
    'resumeColumnJob of the owner’s job',
    (h, id) => h.emu.run('resumeColumnJob', [id, true], { user: EDITOR }),
  ],
  ['runJobStep of the owner’s job', (h, id) => h.emu.run('runJobStep', [id], { user: EDITOR })],
  page('tryPrompt', 'Say hello'),
  page('GPT', 'Say hello'),
  page('GPT_SENTIMENT', 'Great kettle'),
  page('GPT_TRANSLATE', 'Great kettle', 'Japanese'),
  page('runJobsInBackground', { triggerUid: 'forged' }),
  ...CELL_FORMULAS.map((f) => cell(f, EDITOR)),
  ...CELL_FORMULAS.map((f) => cell(f, OWNER)),
];

/** The hash a formula publishes for this user (settings/identity.ts). */
function hashOf(h: Harness, user: string): string {
  const id = h.emu.properties('user', user)['user.id'];
  return createHash('sha256').update(`gpt-functions:user:${id}`).digest('hex').slice(0, 32);
}

/**
 * What the owner decides: budgets and instructions (the owner's pending ones too, not other people's),
 * the cache's epoch, who is known, the owner's own store and job.
 */
function ownersState(h: Harness, jobId: string) {
  const doc = h.emu.properties('document');
  const owner = hashOf(h, OWNER);
  const decided = Object.fromEntries(
    Object.entries(doc).filter(
      ([k]) =>
        /^(budget|settings:instructions|cache:epoch|owner:holder|keys:)/.test(k) &&
        (!k.includes(':pending:') || k.endsWith(owner)),
    ),
  );
  const job = JSON.parse(doc[`job:${jobId}`]) as { state: string; owner: string };
  const { 'job.dailyUsage': _usage, ...store } = h.emu.properties('user', OWNER);
  return { decided, store, job: { state: job.state, owner: job.owner } };
}

async function setUp(ownerKnown: boolean): Promise<{ h: Harness; jobId: string }> {
  const h = await startHarness({
    spreadsheet: {
      sheets: { Sheet1: column('Review', ['Great kettle', 'Broke fast']), Jobs: sheetRows(30, 'j') },
    },
  });
  await saveKey(h.emu);
  await saveKey(h.emu, EDITOR_KEY, EDITOR);
  if (ownerKnown) expect((await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A2)')).ok).toBe(true);
  expect((await h.emu.run('setBudget', [{ tokens: 5000, period: 'daily' }])).ok).toBe(true);
  expect((await h.emu.run('setBudget', [{ tokens: 90_000, sheet: 'Sheet1' }])).ok).toBe(true);
  expect(
    (await h.emu.run('saveSettings', [{ instructions: 'OWNER-RULES', formulaModels: ['gpt-6-luna'] }])).ok,
  ).toBe(true);
  const jobId = await start(h, { sheet: 'Jobs', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' });
  return { h, jobId };
}

describe.each([
  ['after the first formula', true],
  ['before the first formula', false],
])('%s', (_when, ownerKnown) => {
  let h: Harness;
  let jobId: string;
  beforeAll(async () => {
    ({ h, jobId } = await setUp(ownerKnown));
  });
  afterAll(() => h.close());

  test.each(ATTEMPTS)('an editor’s %s changes nothing the owner decides', async (_route, attempt) => {
    const before = ownersState(h, jobId);
    await attempt(h, jobId);
    expect(ownersState(h, jobId)).toEqual(before);
  });

  test('and afterwards the owner’s decisions are the ones that apply to formulas', async () => {
    await h.stub.reset();
    const formula = await h.emu.evaluate('Sheet1', 'D3', '=GPT_SENTIMENT(A3)', { user: EDITOR });
    expect([formula.error?.message, formula.value]).toEqual([undefined, 'negative']);
    const usage = (await h.emu.run('getUsage', [], { user: OWNER })).value as {
      role: string;
      spreadsheet: { limit: number; period: string };
      sheets: Array<{ sheet: string; limit: number | null }>;
    };
    expect(usage.role).toBe('owner');
    expect(usage.spreadsheet).toMatchObject({ limit: 5000, period: 'daily' });
    expect(usage.sheets.find((s) => s.sheet === 'Sheet1')?.limit).toBe(90_000);
    const [chat] = (await h.stub.stats()).captured.filter((c) => c.path === '/v1/chat/completions');
    const body = chat.body as { model: string; messages: Array<{ content: string }> };
    expect(body.messages[0].content).toContain('OWNER-RULES');
    expect(body.model).toBe('gpt-6-luna');
    expect(h.emu.properties('user', OWNER)['openai.apiKey']).toBe(GOOD_KEY);
  });
});

test('the attempts tried, for the record', () => {
  expect(ATTEMPTS.length).toBeGreaterThanOrEqual(44);
});
