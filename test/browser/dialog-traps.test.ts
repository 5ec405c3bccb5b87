// The traps a first-time user met in the two job dialogs, one test each: the evaluation estimate
// with two models, the expected-answers column's default, the message when no row was compared, the
// ticked model in the scrolled list, result cells that wrap mid-word, and, in both dialogs at their
// size in Sheets, the estimate and Start below the fold and the estimate saying one thing twice.
import type { Page } from 'playwright-core';
import { PAGES, waitForText } from './bridge';
import { usePageSession } from './page-session';
import { reviewRows, waitForState } from './column-job-fixtures';

const LABELLED = [
  ['Kettle', 'The zipper broke on the first trip', 'quality'],
  ['Kettle', 'The parcel arrived late', 'delivery'],
  ['Lamp', 'Too expensive for what it is', 'price'],
  ['Lamp', 'My cat likes it', 'other'],
];
const SHEETS = {
  // Column C holds the labels; D, the first column with an empty header, holds nothing.
  Labelled: [['Product', 'Review', 'Topic', ''], ...LABELLED.map((row) => [...row, ''])],
  Reviews: reviewRows(300),
};

const session = usePageSession({ sheets: SHEETS, freshEach: true, key: true });

async function openEvaluate(): Promise<Page> {
  session.bridge.activeCell = { sheet: 'Labelled', a1: 'B2' };
  const page = await session.open({ page: 'Evaluate' });
  await page.selectOption('#task', 'classify');
  await page.fill('#arg-categories', 'quality, delivery, price, other');
  return page;
}

/** The server's estimate of the form's evaluation with only `model`. */
async function tokensAlone(model: string): Promise<number> {
  const spec = {
    sheet: 'Labelled',
    inputColumn: 'B',
    labelColumn: 'C',
    task: 'classify',
    args: { categories: 'quality, delivery, price, other' },
    firstRow: 2,
    lastRow: 5,
    models: [model],
  };
  const run = await session.bridge.emu.run('estimateEvaluationRun', [spec]);
  return (run.value as { estimatedTokens: number }).estimatedTokens;
}

/** Cells whose text takes more than one line (the tests' TypeScript has no DOM: a page script). */
async function wrappedCells(p: Page, selector: string): Promise<string[]> {
  return (await p.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
    })
    .map((cell) => cell.textContent)`)) as string[];
}

/** Whether the element is entirely inside the window without scrolling. */
async function inView(p: Page, selector: string): Promise<boolean> {
  return (await p.evaluate(`(() => {
    const box = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  })()`)) as boolean;
}

test('the expected-answers column defaults to the column holding the labels, not an empty one', async () => {
  const p = await openEvaluate();
  expect(await p.inputValue('#input-column')).toBe('B');
  expect(await p.inputValue('#output-column')).toBe('C');
});

test('with two models ticked the evaluation estimate is the sum of both, and says it is for both', async () => {
  const p = await openEvaluate();
  await p.check('#models input[value="gpt-6-sol"]');
  const sum = (await tokensAlone('gpt-6-luna')) + (await tokensAlone('gpt-6-sol'));
  await waitForText(p, '#estimate-tokens', /for the 2 models together/);
  expect(await p.textContent('#estimate-tokens')).toContain(`At most ${sum.toLocaleString('en-US')} tokens`);
});

test('the ticked model is in view in the scrolled model list', async () => {
  const p = await openEvaluate();
  const [list, ticked] = await p.$eval('#models', (box) => {
    const label = box.querySelector('input:checked')?.parentElement;
    const a = box.getBoundingClientRect();
    const b = label?.getBoundingClientRect() ?? { top: -1, bottom: -1 };
    return [
      { top: a.top, bottom: a.bottom, scrolls: box.scrollHeight > box.clientHeight },
      { top: b.top, bottom: b.bottom },
    ];
  });
  expect(list.scrolls).toBe(true);
  expect(ticked.top).toBeGreaterThanOrEqual(list.top);
  expect(ticked.bottom).toBeLessThanOrEqual(list.bottom);
});

test('an evaluation with no expected answers says no row was compared and why, not that no model has a price', async () => {
  const p = await openEvaluate();
  await p.selectOption('#output-column', 'D');
  await waitForText(p, '#estimate-rows', /rows have text/);
  await p.click('#start');
  await waitForState(p, 'done');
  await waitForText(p, '#recommended', /No row was compared/);
  expect(await p.textContent('#recommended')).toContain('an expected answer in column D');
  expect(await p.textContent('#recommended')).not.toContain('known price');
});

test('result cells of two models keep model names and percentages on one line', async () => {
  const p = await openEvaluate();
  await p.check('#models input[value="gpt-6-sol"]');
  await waitForText(p, '#estimate-tokens', /tokens/);
  await p.click('#start');
  await waitForState(p, 'done');
  await waitForText(p, '#report-sheet', /is in the tab/);
  expect(await p.locator('#results td').count()).toBeGreaterThan(20);
  expect(await wrappedCells(p, '#results td, #results th[scope="row"]')).toEqual([]);
});

for (const locale of ['en', 'ja'] as const) {
  test(`at the evaluation dialog's size (${locale}) the estimate and Start are in view without scrolling`, async () => {
    session.bridge.locale = locale;
    const p = await openEvaluate();
    await waitForText(p, '#estimate-tokens', /\d/);
    expect(p.viewportSize()?.height).toBe(PAGES.Evaluate.height);
    expect(await inView(p, '#estimate-numbers')).toBe(true);
    expect(await inView(p, '#start')).toBe(true);
  });

  test(`at the column job dialog's 420 x 560 (${locale}) the estimate and Start are in view, each figure said once`, async () => {
    session.bridge.locale = locale;
    session.bridge.activeCell = { sheet: 'Reviews', a1: 'B2' };
    const p = await session.open({ page: 'ColumnJob' });
    await waitForText(p, '#estimate-now', /\d/);
    expect(p.viewportSize()).toEqual({ width: 420, height: 560 });
    expect(await inView(p, '#estimate-numbers')).toBe(true);
    expect(await inView(p, '#start')).toBe(true);
    // The now figures appear once: in the now line, not again in a line of their own above it.
    const shown = await p.locator('#estimate-numbers p:visible').allTextContents();
    const nowTokens = (await p.textContent('#estimate-now'))?.match(/[\d,]{2,}/)?.[0] ?? 'none';
    expect(shown.filter((line) => line.includes(nowTokens))).toHaveLength(2); // now and economy
    expect(await p.isHidden('#estimate-tokens')).toBe(true);
  });
}
