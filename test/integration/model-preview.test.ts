// Previewing a model change through the built bundle: the texts formulas answered with the current
// model are asked of the new one only (never again of the current one), compared per task, with cost
// and time per 1,000 rows; only the owner may preview and switch.
import type { ModelPreview } from '../../src/settings/model-preview';
import type { CapturedExchange } from '../../tools/openai-stub';
import { column, saveKey, startHarness, type Harness } from './harness';

const OWNER = 'owner@example.com';
const EDITOR = 'editor@example.com';
const REVIEWS = [
  'I love it, excellent',
  'Broken and terrible',
  'It arrived on Tuesday',
  '最高です、満足',
  '壊れて最悪',
  'Great sound. The battery is fine.',
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: column('Review', REVIEWS) } } });
  await saveKey(h.emu);
  const chosen = await h.emu.run('saveSettings', [{ model: 'gpt-5-mini' }]);
  expect(chosen.error).toBeUndefined();
  for (const formula of ['=GPT_SENTIMENT(A2:A7)', '=GPT_SUMMARIZE(A2:A7, 5)']) {
    const r = await h.emu.evaluate('Sheet1', formula.includes('SENT') ? 'B2' : 'C2', formula);
    expect(r.error).toBeUndefined();
  }
});
afterAll(() => h.close());
beforeEach(() => h.stub.reset());

const chats = async (): Promise<CapturedExchange[]> =>
  (await h.stub.stats()).captured.filter((c) => c.path === '/v1/chat/completions');

test('the setup offers the preview: the current model, its shutdown date and the recorded rows', async () => {
  const r = await h.emu.run('getModelPreviewSetup', [], { user: OWNER });
  expect(r.error).toBeUndefined();
  expect(r.value).toMatchObject({ model: 'gpt-5-mini', modelShutdownDate: '2026-12-11', rows: 12 });
});

test.each([
  ['en', 'Preview a model change'],
  ['ja', 'モデル変更のプレビュー'],
])('the sidebar’s button opens the preview dialog (%s)', async (locale, title) => {
  const before = h.emu.ui.dialogs.length;
  const r = await h.emu.run('showModelPreview', [], { locale });
  expect(r.error).toBeUndefined();
  expect(h.emu.ui.dialogs.slice(before).map((d) => d.title)).toEqual([title]);
});

test('the estimate bounds what the preview will cost, before anything is sent', async () => {
  const r = await h.emu.run('estimateModelPreview', ['gpt-5.4-mini'], { user: OWNER });
  expect(r.value).toMatchObject({ from: 'gpt-5-mini', to: 'gpt-5.4-mini', rows: 12, tasks: 2 });
  expect((r.value as { usd: number }).usd).toBeGreaterThan(0);
  expect(await chats()).toHaveLength(0);
});

test('the preview asks only the new model, per task, and compares labels and free text', async () => {
  // The new model labels one review differently: the preview must show that flip.
  await h.stub.configure({ mistakes: [{ model: 'gpt-5.4-mini', contains: 'Tuesday', answer: 'negative' }] });
  const r = await h.emu.run('previewModelChange', ['gpt-5.4-mini'], { user: OWNER });
  await h.stub.configure({ mistakes: [] });
  expect(r.error).toBeUndefined();
  const p = r.value as ModelPreview;
  expect(p).toMatchObject({ from: 'gpt-5-mini', to: 'gpt-5.4-mini', rows: 12 });
  const sent = await chats();
  expect(sent.length).toBe(2); // one request per task: one wave
  expect(sent.every((c) => (c.body as { model: string }).model === 'gpt-5.4-mini')).toBe(true);
  const sentiment = p.tasks.find((t) => t.task === 'sentiment');
  expect(sentiment).toMatchObject({
    rows: 6,
    answered: 6,
    same: 5,
    flips: [{ from: 'neutral', to: 'negative', rows: 1 }],
  });
  expect(
    (sentiment?.same ?? 0) + (sentiment?.flips as Array<{ rows: number }>).reduce((n, f) => n + f.rows, 0),
  ).toBe(6);
  const summary = p.tasks.find((t) => t.task === 'summarize');
  expect(summary?.sideBySide.length).toBe(5);
  expect(p.current.usdPer1000).toBeGreaterThan(0);
  expect(p.next.usdPer1000).toBeGreaterThan(0);
  expect(p.next.secondsPer1000).not.toBeNull();
});

test.each([
  ['en', /Only the spreadsheet’s owner/],
  ['ja', /スプレッドシートのオーナー/],
])('an editor can neither preview nor switch (%s)', async (locale, message) => {
  for (const [fn, args] of [
    ['previewModelChange', ['gpt-5.4-mini']],
    ['switchFormulaModel', ['gpt-5.4-mini']],
  ] as const) {
    const r = await h.emu.run(fn, [...args], { user: EDITOR, locale });
    expect(r.error?.message).toMatch(message);
  }
});

test.each([
  ['en', /Pick a model other than/],
  ['ja', /以外を選んでください/],
])('previewing the current model says to pick another (%s)', async (locale, message) => {
  const r = await h.emu.run('previewModelChange', ['gpt-5-mini'], { user: OWNER, locale });
  expect(r.error?.message).toMatch(message);
});

test('the owner switches, and formulas use the new model from then on', async () => {
  const r = await h.emu.run('switchFormulaModel', ['gpt-5.4-mini'], { user: OWNER });
  expect(r.value).toMatchObject({ model: 'gpt-5.4-mini' });
  const s = await h.emu.run('getModelPreviewSetup', [], { user: OWNER });
  expect(s.value).toMatchObject({ model: 'gpt-5.4-mini', rows: 12 });
  await h.emu.run('saveSettings', [{ model: 'gpt-5-mini' }]);
});
