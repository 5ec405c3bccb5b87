// The personal-data guard through the built bundle: the dialog's counts, a column job and an
// evaluation that mask, skip or send, and formulas masking when the owner turned it on. The stub
// captures every request body, and the caches and stores are read back, to show that no value in
// clear leaves the sheet.
import type { CapturedExchange } from '../../tools/openai-stub';
import { finish, start, status, step, type Status } from './job-helpers';
import { saveKey, startHarness, type Harness, freshCacheEpoch } from './harness';

const OWNER = 'owner@example.com';
const EDITOR = 'editor@example.com';
const EMAIL = 'yamada.taro@example.co.jp';
const PHONE = '０９０ー１２３４ー５６７８';
const MY_NUMBER = '1234 5678 9018';
const CARD = '4111-1111-1111-1111';
const ROWS = [
  ['Review', 'Output'],
  [`Please write to ${EMAIL} about my refund`, ''],
  [`携帯 ${PHONE} に連絡ください`, ''],
  [`My Number ${MY_NUMBER} was on the form`, ''],
  [`Charged twice to ${CARD}`, ''],
  ['Order 123456789019 arrived late', ''],
  ['Great kettle, boils fast', ''],
];
const VALUES = [EMAIL, PHONE, MY_NUMBER, CARD];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: ROWS } } });
});
afterAll(() => h.close());
beforeEach(async () => {
  for (const key of Object.keys(h.emu.properties('document'))) h.emu.setProperty('document', key, null);
  for (const user of [OWNER, EDITOR])
    for (const key of Object.keys(h.emu.properties('user', user))) h.emu.setProperty('user', key, null, user);
  h.emu.sheet('Sheet1').setValues(
    'B2:B7',
    ROWS.slice(1).map(() => ['']),
  );
  freshCacheEpoch(h.emu);
  await saveKey(h.emu);
  await saveKey(h.emu, undefined, EDITOR);
  await h.stub.reset();
});

const sentTexts = async (): Promise<string> =>
  (await h.stub.stats()).captured
    .filter((c: CapturedExchange) => c.path === '/v1/chat/completions')
    .map((c) => JSON.stringify(c.body))
    .join('\n');

/** Everything the add-on kept: the document cache and the document properties. */
const kept = () => JSON.stringify([h.emu.cacheEntries('document'), h.emu.properties('document')]);

const translateJob = (personalData?: string) => ({
  sheet: 'Sheet1',
  inputColumn: 'A',
  outputColumn: 'B',
  task: 'translate',
  args: { target_language: 'Japanese' },
  overwrite: true,
  ...(personalData ? { personalData } : {}),
});

describe('the dialog’s counts', () => {
  test.each([OWNER, EDITOR])('scanPersonalData counts the rows holding each kind, for %s', async (user) => {
    const r = await h.emu.run('scanPersonalData', [{ sheet: 'Sheet1', inputColumn: 'A' }], { user });
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual({ rows: 6, flagged: 4, kinds: { email: 1, phone: 1, mynumber: 1, card: 1 } });
    expect(JSON.stringify(r.value)).not.toContain('example.co.jp');
  });

  test.each([
    ['en', /There is no tab named "Nope"/],
    ['ja', /「Nope」という名前のシートはありません/],
  ])('an unknown tab gets a message in the caller’s language (%s)', async (locale, message) => {
    const r = await h.emu.run('scanPersonalData', [{ sheet: 'Nope', inputColumn: 'A' }], { locale });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toMatch(message);
  });
});

describe('a column job', () => {
  test('masks by default: requests, cache and stores hold placeholders, the output the original values', async () => {
    const s = await finish(h, await start(h, translateJob()));
    expect(s.state).toBe('done');
    const sent = await sentTexts();
    for (const value of VALUES) expect(sent).not.toContain(value);
    for (const placeholder of ['[EMAIL 1]', '[PHONE 1]', '[MYNUMBER 1]', '[CARD 1]'])
      expect(sent).toContain(placeholder);
    expect(sent).toContain('123456789019'); // fails the My Number check digit: an order number, sent
    const kept1 = kept();
    for (const value of VALUES) expect(kept1).not.toContain(value);
    const out = h.emu
      .sheet('Sheet1')
      .getValues('B2:B5')
      .map((r) => String(r[0]));
    VALUES.forEach((_, i) => expect(out[i]).toBe(`[Japanese] ${String(ROWS[i + 1][0])}`));
    expect(out[0]).toContain(EMAIL);
  });

  test.each([
    ['en', 'Not sent: this row holds personal data (e-mail address)'],
    ['ja', '未送信：この行には個人情報（メールアドレス）'],
  ])('skips rows with personal data and says so in the output cell (%s)', async (locale, note) => {
    const jobId = await start(h, translateJob('skip'), { locale });
    const s: Status = await finish(h, jobId, 20, { locale });
    expect(s.state).toBe('done');
    const sent = await sentTexts();
    for (const value of VALUES) expect(sent).not.toContain(value);
    expect(sent).not.toContain('[EMAIL 1]');
    expect(String(h.emu.sheet('Sheet1').getValues('B2')[0][0])).toContain(note);
    expect(String(h.emu.sheet('Sheet1').getValues('B7')[0][0])).toBe('[Japanese] Great kettle, boils fast');
  });

  test('sends the rows as they are when asked to', async () => {
    await finish(h, await start(h, translateJob('send')));
    const sent = await sentTexts();
    expect(sent).toContain(EMAIL);
  });

  test.each([
    ['en', /works when the job runs now/],
    ['ja', /今すぐ実行/],
  ])('refuses masking with the Batch API, saying what to choose instead (%s)', async (locale, message) => {
    const r = await h.emu.run('startColumnJob', [{ ...translateJob('mask'), mode: 'batch' }], { locale });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toMatch(message);
  });

  test('with the Batch API skips by default: the uploaded file holds none of the values, the cells say why', async () => {
    const jobId = await start(h, { ...translateJob(), mode: 'batch' });
    let s = await status(h, jobId);
    for (let i = 0; s.state === 'running' && i < 8; i++) {
      await h.stub.advanceBatches({ to: 'completed' });
      h.emu.advanceClock(11 * 60_000); // past the longest wait between two looks at a job's batches
      s = (await step(h, jobId)) ?? s;
    }
    expect(s.state).toBe('done');
    const stats = await h.stub.stats();
    const uploaded = stats.captured.filter((c) => c.path === '/v1/files').map((c) => JSON.stringify(c.body));
    expect(uploaded.length).toBeGreaterThan(0);
    for (const value of VALUES) expect(uploaded.join('\n')).not.toContain(value);
    const out = h.emu
      .sheet('Sheet1')
      .getValues('B2:B7')
      .map((r) => String(r[0]));
    expect(out.slice(0, 4).every((v) => v.startsWith('⚠ Not sent: this row holds personal data'))).toBe(true);
    expect(out[5]).toBe('[Japanese] Great kettle, boils fast');
  });

  test('an unknown choice is refused with the choices', async () => {
    const r = await h.emu.run('startColumnJob', [translateJob('hide')]);
    expect(r.error?.message).toMatch(/mask, skip, send/);
  });
});

describe('an evaluation', () => {
  test('masks what it sends, and scores the rows', async () => {
    const r = await h.emu.run('startEvaluation', [
      { sheet: 'Sheet1', inputColumn: 'A', labelColumn: 'B', task: 'sentiment', lastRow: 7 },
    ]);
    expect(r.error).toBeUndefined();
    h.emu.sheet('Sheet1').setValues(
      'B2:B7',
      ROWS.slice(1).map(() => ['neutral']),
    );
    await finish(h, (r.value as { jobId: string }).jobId);
    const sent = await sentTexts();
    expect(sent).toContain('[EMAIL 1]');
    for (const value of VALUES) expect(sent).not.toContain(value);
  });
});

describe('formulas', () => {
  test('mask once the owner turns it on, and put the values back in the answer', async () => {
    const plain = await h.emu.evaluate('Sheet1', 'C2', '=GPT_TRANSLATE(A2, "Japanese")', { user: EDITOR });
    expect(plain.error).toBeUndefined();
    expect(await sentTexts()).toContain(EMAIL);
    const saved = await h.emu.run('saveSettings', [{ maskPersonalData: true }], { user: OWNER });
    expect(saved.value).toMatchObject({ maskPersonalData: true });
    await h.stub.reset();
    const masked = await h.emu.evaluate('Sheet1', 'C3', '=GPT_TRANSLATE(A2:A5, "Japanese")', {
      user: EDITOR,
    });
    expect(masked.error).toBeUndefined();
    const sent = await sentTexts();
    for (const value of VALUES) expect(sent).not.toContain(value);
    expect((masked.value as string[][])[0][0]).toBe(`[Japanese] ${String(ROWS[1][0])}`);
  });

  test('dragged-down single cells share requests, masked, and each gets its own values back', async () => {
    await h.emu.run('saveSettings', [{ maskPersonalData: true }], { user: OWNER });
    const formula = (r: number) => `=GPT_TRANSLATE(A${r}, "Japanese")`;
    for (let r = 2; r <= 7; r++) h.emu.editCell('Sheet1', `D${r}`, formula(r));
    const results = await Promise.all(
      [2, 3, 4, 5, 6, 7].map((r) => h.emu.evaluate('Sheet1', `D${r}`, formula(r))),
    );
    expect(results.map((r) => r.value)).toEqual(ROWS.slice(1).map((row) => `[Japanese] ${String(row[0])}`));
    const sent = await sentTexts();
    for (const value of VALUES) expect(sent).not.toContain(value);
    expect((await h.stub.stats()).chatCompletions).toBeLessThan(6);
  });

  test.each([
    ['en', /Only the spreadsheet’s owner/],
    ['ja', /スプレッドシートのオーナー/],
  ])('an editor cannot turn masking for formulas on or off (%s)', async (locale, message) => {
    await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A7)', { user: EDITOR }); // makes the owner known
    const r = await h.emu.run('saveSettings', [{ maskPersonalData: false }], { user: EDITOR, locale });
    expect(r.error?.message).toMatch(message);
  });
});
