// The model-change preview in Chromium, answered by the bundle in the emulator: offered in the
// sidebar when the model formulas use shuts down within 30 days, the estimate before anything is
// sent, the comparison per task, cost per 1,000 rows, Japanese, and the owner switching.
import { waitForText } from './bridge';
import { usePageSession } from './page-session';

const REVIEWS = ['I love it, excellent', 'Broken and terrible', 'It arrived on Tuesday', '最高です、満足'];

const session = usePageSession({
  sheets: { Sheet1: [['Review'], ...REVIEWS.map((r) => [r])] },
  key: true,
  prepare: async (bridge) => {
    await bridge.emu.run('saveSettings', [{ model: 'gpt-5-mini' }]);
    for (const [cell, formula] of [
      ['B2', '=GPT_SENTIMENT(A2:A5)'],
      ['C2', '=GPT_SUMMARIZE(A2:A5, 5)'],
    ]) {
      const r = await bridge.emu.evaluate('Sheet1', cell, formula);
      expect(r.error).toBeUndefined();
    }
  },
});

test('the sidebar offers the preview before the model formulas use shuts down', async () => {
  const page = await session.open();
  const offer = await waitForText(page, '#preview-offer-text', /shuts down/);
  expect(offer).toBe(
    `gpt-5-mini shuts down on 2026-12-11. Preview how the answers here change with ${await replacement()} before then.`,
  );
  await page.click('#open-preview');
  const opened = () =>
    session.bridge.calls.some((c) => c.fn === 'showModelPreview' && c.endedAt !== undefined);
  for (let i = 0; i < 100 && !opened(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(opened()).toBe(true);
  expect(session.bridge.emu.ui.dialogs.at(-1)?.title).toBe('Preview a model change');
});

async function replacement(): Promise<string> {
  const r = await session.bridge.emu.run('getSettings');
  const s = r.value as { modelReplacement: string | null; defaultModel: string };
  return s.modelReplacement ?? s.defaultModel;
}

test('the dialog estimates, compares per task, shows cost per 1,000 rows, and the owner switches', async () => {
  const before = (await session.bridge.stub.stats()).chatCompletions;
  const page = await session.open({ page: 'ModelPreview' });
  expect(await page.textContent('#current')).toBe(
    'Formulas use gpt-5-mini, which OpenAI shuts down on 2026-12-11 (10 days).',
  );
  expect(await page.textContent('#recorded')).toBe(
    '8 texts answered with gpt-5-mini in the last 6 hours can be compared.',
  );
  await page.selectOption('#target', 'gpt-5.4-mini');
  await waitForText(
    page,
    '#preview-estimate',
    /^Asks 8 texts in 2 requests: at most [\d,]+ tokens, about \$0\.\d+/,
  );
  expect((await session.bridge.stub.stats()).chatCompletions).toBe(before);
  await session.bridge.stub.configure({
    mistakes: [{ model: 'gpt-5.4-mini', contains: 'Tuesday', answer: 'negative' }],
  });
  await page.click('#run');
  await waitForText(page, '#results h2', /gpt-5-mini → gpt-5\.4-mini/);
  await session.bridge.stub.configure({ mistakes: [] });
  expect(await page.textContent('[data-task="sentiment"] .same')).toBe(
    '3 of 4 answers stay the same (75 %).',
  );
  expect(await page.locator('[data-task="sentiment"] tbody tr').allTextContents()).toEqual([
    'neutralnegative1',
  ]);
  expect(await page.locator('[data-task="summarize"] tbody tr').count()).toBe(4);
  const cost = await page.locator('#cost-table tbody tr').allTextContents();
  expect(cost[0]).toMatch(/^gpt-5-mini\$\d/);
  expect(cost[1]).toMatch(/^gpt-5\.4-mini\$\d/);
  expect(await page.textContent('#keep')).toBe('Keep gpt-5-mini until 2026-12-11');
  await page.click('#switch');
  await waitForText(page, '#decision-message', /Formulas now use gpt-5\.4-mini/);
  const s = await session.bridge.emu.run('getSettings');
  expect(s.value).toMatchObject({ model: 'gpt-5.4-mini' });
  await session.bridge.emu.run('saveSettings', [{ model: 'gpt-5-mini' }]);
});

test('in Japanese', async () => {
  session.bridge.locale = 'ja';
  const page = await session.open({ page: 'ModelPreview' });
  expect(await page.textContent('#current')).toBe(
    '数式は gpt-5-mini を使っています。OpenAI は 2026-12-11 に提供を終了します（あと 10 日）。',
  );
  await page.selectOption('#target', 'gpt-5.4-mini');
  await page.click('#run');
  await waitForText(page, '[data-task="sentiment"] .same', /件の回答が変わりません/);
  expect(await page.textContent('#keep')).toBe('2026-12-11 まで gpt-5-mini のままにする');
});
