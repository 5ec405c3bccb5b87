// The evaluation dialog: the form in its evaluation mode, an evaluation of two models run from the
// page to its report, the figures and the confusion heat map, making the recommended model the
// default, Japanese, and the screenshots of both languages.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { saveKey, waitForText } from './bridge';
import { usePageSession } from './page-session';
import { waitForState } from './column-job-fixtures';

// `UPDATE_SCREENSHOTS=1 npm run test:browser` refreshes the committed ones in docs/screenshots.
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(__dirname, '..', '..', 'docs', 'screenshots')
  : join(__dirname, '..', '..', '.cache', 'screenshots');

const LABELLED: Array<[string, string]> = [
  ['The zipper broke on the first trip', 'quality'],
  ['Faulty switch, stopped working', 'quality'],
  ['壊れていました', 'quality'],
  ['The parcel arrived late', 'delivery'],
  ['配送が遅い', 'delivery'],
  ['Too expensive for what it is', 'price'],
  ['値段が高い', 'price'],
  ['My cat likes it', 'other'],
  ['Nothing to add', 'other'],
  ['<b>Bold</b> claim <img src=x onerror=alert(1)>', 'other'],
];
const SHEETS = {
  Labelled: [
    ['Review', 'Topic', '', 'Example', 'Its topic'],
    ...LABELLED.map(([text, topic], i) => [
      text,
      topic,
      '',
      ...(i === 0 ? ['The lid does not close', 'quality'] : ['', '']),
    ]),
  ],
};
const MISTAKES = [
  { model: 'gpt-6-luna', contains: 'zipper', answer: 'delivery' },
  { model: 'gpt-6-luna', contains: '値段', answer: 'other' },
];

const session = usePageSession({
  sheets: SHEETS,
  freshEach: true,
  key: true,
  prepare: (bridge) => bridge.stub.configure({ mistakes: MISTAKES }),
});

async function fillForm(p: Page): Promise<void> {
  await p.selectOption('#task', 'classify');
  await p.fill('#arg-categories', 'quality, delivery, price, other');
  await p.selectOption('#output-column', 'B');
  await p.check('#models input[value="gpt-6-sol"]');
}

test('the form asks for the expected answers and models, and sends an evaluation', async () => {
  const page = await session.open({ page: 'Evaluate' });
  const p = page;
  expect(await p.title()).toBe('Evaluate a task');
  expect(await p.textContent('label[for="output-column"]')).toBe('Expected answers column');
  expect(await p.isVisible('#overwrite')).toBe(false);
  expect(await p.isChecked('#models input[value="gpt-6-luna"]')).toBe(true);
  await fillForm(p);
  await p.check('#models input[value="gpt-5-mini"]');
  await p.check('#models input[value="gpt-5-nano"]');
  await waitForText(p, '#estimate-problem', /Choose one to three models/);
  expect(await p.isDisabled('#start')).toBe(false);
  await p.uncheck('#models input[value="gpt-5-mini"]');
  await p.uncheck('#models input[value="gpt-5-nano"]');
  await p.fill('#examples', 'A2:B3');
  await waitForText(p, '#estimate-problem', /examples come from the rows being evaluated/);
  await p.fill('#examples', 'D2:E2');
  await waitForText(p, '#estimate-tokens', /tokens/);
  const sent = session.bridge.calls.filter((c) => c.fn === 'estimateEvaluationRun').at(-1)?.args[0];
  expect(sent).toEqual({
    sheet: 'Labelled',
    inputColumn: 'A',
    labelColumn: 'B',
    task: 'classify',
    args: { categories: 'quality, delivery, price, other' },
    firstRow: 2,
    lastRow: 11,
    untilBudget: false,
    mode: 'now',
    personalData: 'mask',
    examples: 'D2:E2',
    models: ['gpt-6-luna', 'gpt-6-sol'],
  });
  // An evaluation always runs now: no mode choice, no batch estimate.
  expect(await p.locator('#mode').count()).toBe(0);
  expect(await p.isHidden('#estimate-modes')).toBe(true);
});

test('an evaluation runs from the dialog to its figures, heat map and report, and the recommended model becomes the default', async () => {
  const page = await session.open({ page: 'Evaluate' });
  const p = page;
  await fillForm(p);
  await waitForText(p, '#estimate-tokens', /tokens/);
  await p.click('#start');
  await waitForState(p, 'done');
  await waitForText(p, '#report-sheet', /is in the tab “Evaluation 2026-12-01/);
  const rows = await p.locator('table.figures').first().locator('tbody tr').allTextContents();
  expect(rows).toHaveLength(2);
  // luna: 8 of 10 (two planted mistakes); sol: 10 of 10.
  expect(
    await p.locator('table.figures').first().locator('tbody tr').nth(0).locator('td').nth(1).textContent(),
  ).toBe('80.0 %');
  expect(
    await p.locator('table.figures').first().locator('tbody tr').nth(1).locator('td').nth(1).textContent(),
  ).toBe('100.0 %');
  expect(await p.textContent('#recommended p')).toBe(
    'gpt-6-sol is the cheapest model within 2 points of the best accuracy.',
  );
  // The heat map: luna's zipper row counted as delivery, in a coloured "miss" cell.
  const luna = p.locator('figure.confusion').nth(0);
  expect(await luna.locator('figcaption').textContent()).toBe('Confusion table · gpt-6-luna');
  const quality = luna.locator('tbody tr').nth(0);
  expect(await quality.locator('td').allTextContents()).toEqual(['2', '1', '0', '0']);
  expect(await quality.locator('td.miss').count()).toBe(1);
  const strength = await quality
    .locator('td.hit')
    .evaluate(
      (cell) =>
        (
          globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
        ).getComputedStyle(cell).backgroundColor,
    );
  expect(strength).toMatch(/^rgba\(24, 128, 56, 0\.(49|5)/);
  // A review that looks like HTML is shown as text in the report tab, never as markup here.
  expect(await p.locator('img').count()).toBe(0);

  await p.click('#use-recommended');
  await waitForText(p, '#default-message', /gpt-6-sol is now your default model/);
  const settings = (await session.bridge.emu.run('getSettings')).value as { model: string };
  expect(settings.model).toBe('gpt-6-sol');
});

test('the dialog fits 560 x 640 in English and Japanese, and its screenshots are saved', async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const locale of ['en', 'ja'] as const) {
    await session.bridge.reset({ spreadsheet: { sheets: SHEETS } });
    await saveKey(session.bridge.emu);
    await session.bridge.stub.configure({ mistakes: MISTAKES });
    session.bridge.locale = locale;
    const p = await session.open({ page: 'Evaluate' });
    const fits = async () => {
      const [scroll, client] = (await p.evaluate(
        '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
      )) as number[];
      expect(scroll).toBeLessThanOrEqual(client);
    };
    await fillForm(p);
    await waitForText(p, '#estimate-tokens', /\d/);
    await fits();
    await p.screenshot({ path: join(SHOTS, `evaluate-form-${locale}.png`) });
    await p.click('#start');
    await waitForState(p, 'done');
    await waitForText(p, '#report-sheet', locale === 'en' ? /Evaluation/ : /評価/);
    expect(await p.textContent('#results-heading')).toBe(locale === 'en' ? 'Results' : '結果');
    await fits();
    await p.locator('#results').scrollIntoViewIfNeeded();
    const shot = await p.screenshot({ path: join(SHOTS, `evaluate-results-${locale}.png`), fullPage: true });
    expect(shot.length).toBeGreaterThan(15_000);
    await p.context().close();
  }
});
