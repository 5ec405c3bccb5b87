// The column-job dialog's form: defaults from the header row and the cursor, task arguments, the
// estimate following the form, Japanese, and tab names and headers that look like HTML.
import type { Page } from 'playwright-core';
import { waitForText } from './bridge';
import { usePageSession } from './page-session';
import { reviewRows, waitForState } from './column-job-fixtures';

const SHEETS = {
  Reviews: reviewRows(40),
  Second: [
    ['', 'Comment', 'Answer'],
    ...Array.from({ length: 9 }, (_, i) => ['', `Comment ${i}`, `Old ${i}`]),
  ],
};

const session = usePageSession({ sheets: SHEETS, key: true });

async function optionTexts(p: Page, select: string): Promise<string[]> {
  return p.locator(`${select} option`).allTextContents();
}

function estimateCalls(): Array<Record<string, unknown>> {
  return session.bridge.calls
    .filter((c) => c.fn === 'estimateColumnJob')
    .map((c) => c.args[0] as Record<string, unknown>);
}

test('defaults come from the header row and the cursor: tab, input, the next empty column, rows 2 to the last', async () => {
  session.bridge.activeCell = { sheet: 'Reviews', a1: 'B5' };
  const page = await session.open({ page: 'ColumnJob' });
  expect(await page.title()).toBe('Process a column');
  expect(await optionTexts(page, '#tab')).toEqual(['Reviews', 'Second']);
  expect(await page.inputValue('#tab')).toBe('Reviews');
  expect(await optionTexts(page, '#input-column')).toEqual([
    'A — ID',
    'B — Review',
    'C — Notes',
    'D (empty)',
  ]);
  expect(await page.inputValue('#input-column')).toBe('B');
  // C has a header: the first column right of B with an empty header is D.
  expect(await page.inputValue('#output-column')).toBe('D');
  expect(await page.isDisabled('#output-column option[value="B"]')).toBe(true);
  expect(await page.inputValue('#task')).toBe('sentiment');
  expect(await page.inputValue('#first-row')).toBe('2');
  expect(await page.inputValue('#last-row')).toBe('41');
  expect(await page.isChecked('#overwrite')).toBe(false);
  expect(await page.isVisible('#arg-labels')).toBe(true);
  expect(await page.isVisible('#arg-categories')).toBe(false);

  // Choosing the input column moves the output to the next empty column after it.
  await page.selectOption('#input-column', 'C');
  expect(await page.inputValue('#output-column')).toBe('D');
  await page.selectOption('#input-column', 'A');
  expect(await page.inputValue('#output-column')).toBe('D');

  // Another tab: its first column with a header, the column after it, its own last row.
  await page.selectOption('#tab', 'Second');
  expect(await optionTexts(page, '#input-column')).toEqual([
    'A (empty)',
    'B — Comment',
    'C — Answer',
    'D (empty)',
  ]);
  expect(await page.inputValue('#input-column')).toBe('B');
  expect(await page.inputValue('#output-column')).toBe('D');
  expect(await page.inputValue('#last-row')).toBe('10');

  // Each task shows its own arguments; a required one that is empty is named instead of an estimate.
  await page.selectOption('#task', 'classify');
  expect(await page.isVisible('#arg-categories')).toBe(true);
  expect(await page.isVisible('#arg-labels')).toBe(false);
  await waitForText(page, '#estimate-problem', /Fill in “Categories”/);
  expect(await page.isDisabled('#start')).toBe(false);
  await page.selectOption('#task', 'translate');
  expect(await page.isVisible('#arg-target-language')).toBe(true);
  expect(await page.isVisible('#arg-source-language')).toBe(true);
  await page.selectOption('#task', 'prompt');
  expect(await page.isVisible('#arg-prompt')).toBe(true);
  await page.click('#start');
  await waitForText(page, '#form-message', /Fill in “Instruction”/);
  expect(session.bridge.calls.some((c) => c.fn === 'startColumnJob')).toBe(false);
});

test('the estimate appears, follows the row range after a pause in typing, and the spec uses column letters', async () => {
  session.bridge.activeCell = { sheet: 'Reviews', a1: 'B2' };
  const page = await session.open({ page: 'ColumnJob' });
  await waitForText(page, '#estimate-rows', /^39 of 40 rows have text to process\.$/);
  const full = (await page.textContent('#estimate-tokens')) ?? '';
  expect(full).toMatch(/^At most [\d,]+ tokens, about (< )?\$0\.\d+\.$/);
  expect(await page.textContent('#estimate-budget')).toMatch(
    /Budget left: [\d,]+ tokens\.|No token budget is set\./,
  );
  expect(estimateCalls().at(-1)).toEqual({
    sheet: 'Reviews',
    inputColumn: 'B',
    outputColumn: 'D',
    task: 'sentiment',
    args: {},
    firstRow: 2,
    lastRow: 41,
    overwrite: false,
    untilBudget: false,
    mode: 'now',
    personalData: 'mask',
  });

  const before = estimateCalls().length;
  await page.fill('#last-row', '');
  await page.locator('#last-row').pressSequentially('11', { delay: 50 });
  await waitForText(page, '#estimate-rows', /^10 of 10 rows have text to process\.$/);
  const fewer = (await page.textContent('#estimate-tokens')) ?? '';
  const tokens = (s: string) => Number(/At most ([\d,]+)/.exec(s)?.[1].replace(/,/g, ''));
  expect(tokens(fewer)).toBeLessThan(tokens(full));
  // Typing "", "1", "11" quickly is one request, not three.
  expect(estimateCalls().length - before).toBe(1);
  expect(estimateCalls().at(-1)).toMatchObject({ lastRow: 11 });

  // A range that cannot be right says why, in place of the numbers, without asking the server.
  await page.fill('#last-row', '1');
  await waitForText(page, '#estimate-problem', /whole numbers from 1/);
  expect(await page.isHidden('#estimate-numbers')).toBe(true);
});

test('the mode choice: Now or Economy on the Batch API, both estimates side by side, and Economy starts a batch job', async () => {
  session.bridge.activeCell = { sheet: 'Reviews', a1: 'B2' };
  const page = await session.open({ page: 'ColumnJob' });
  expect(await page.textContent('#mode legend')).toBe('How to run it');
  expect(await page.textContent('label[for="mode-now"]')).toBe('Now');
  expect(await page.textContent('label[for="mode-batch"]')).toBe(
    'Economy: Batch API, half price, results within 24 hours',
  );
  expect(await page.isChecked('#mode-now')).toBe(true);
  expect(await page.isHidden('#mode-batch-hint')).toBe(true);
  await waitForText(
    page,
    '#estimate-now',
    /^Now: at most [\d,]+ tokens, about (< )?\$0\.\d+, (less than a minute|about \d+ min)\.$/,
  );
  const now = (await page.textContent('#estimate-now')) ?? '';
  const batch = (await page.textContent('#estimate-batch')) ?? '';
  expect(batch).toMatch(
    /^Economy: at most [\d,]+ tokens, about (< )?\$0\.\d+, results within 24 hours \(often sooner\)\.$/,
  );
  const tokens = (s: string) => Number(/at most ([\d,]+)/.exec(s)?.[1].replace(/,/g, ''));
  const usd = (s: string) => Number(/\$([\d.]+)/.exec(s)?.[1]);
  // The same requests, billed at half price.
  expect(tokens(batch)).toBe(tokens(now));
  expect(usd(batch)).toBeCloseTo(usd(now) / 2, 3);
  expect(await page.getAttribute('#estimate-now', 'class')).toMatch(/chosen/);
  expect(await page.textContent('#estimate-tokens')).toContain(
    `about ${/about ((< )?\$[\d.]+)/.exec(now)?.[1]}.`,
  );

  const asked = estimateCalls().length;
  await page.check('#mode-batch');
  expect(await page.isVisible('#mode-batch-hint')).toBe(true);
  expect(await page.getAttribute('#estimate-batch', 'class')).toMatch(/chosen/);
  expect(await page.textContent('#estimate-tokens')).toContain(
    `about ${/about ((< )?\$[\d.]+)/.exec(batch)?.[1]}.`,
  );
  // Both figures came with the first estimate: switching asks for nothing.
  expect(estimateCalls().length).toBe(asked);

  await page.click('#start');
  await page.locator('#progress-view .job[data-mode="batch"]').waitFor();
  const started = session.bridge.calls.find((c) => c.fn === 'startColumnJob')?.args[0];
  expect(started).toMatchObject({ sheet: 'Reviews', inputColumn: 'B', outputColumn: 'D', mode: 'batch' });
  expect(await page.textContent('#progress-view .job-title')).toBe(
    'Reviews · B → D · Sentiment · Economy (Batch API)',
  );
  await waitForText(page, '#progress-view .job-batch', /^Batches: 1 uploaded · 1 (validating|in progress)$/);
  await waitForText(page, '#progress-view .job-queued', /^3\d rows queued at OpenAI, results by /);
  expect(await page.textContent('#progress-view .job-note')).toMatch(
    /^You can close this page: the batches run at OpenAI\./,
  );
  expect(
    (await session.bridge.emu.run('cancelJob', [await page.getAttribute('.job', 'data-job-id')])).ok,
  ).toBe(true);
});

test('in Japanese every label, option and estimate line is Japanese', async () => {
  session.bridge.locale = 'ja';
  session.bridge.activeCell = { sheet: 'Reviews', a1: 'B2' };
  const page = await session.open({ page: 'ColumnJob' });
  expect(await page.getAttribute('html', 'lang')).toBe('ja');
  expect(await page.title()).toBe('列を処理');
  expect(await page.textContent('label[for="tab"]')).toBe('シート');
  expect(await page.textContent('label[for="input-column"]')).toBe('入力列');
  expect(await page.textContent('label[for="output-column"]')).toBe('出力列');
  expect(await page.textContent('label[for="first-row"]')).toBe('開始行');
  expect(await optionTexts(page, '#task')).toEqual([
    '感情分析',
    '分類',
    '抽出',
    '要約',
    '翻訳',
    '自由な指示',
  ]);
  expect(await optionTexts(page, '#output-column')).toContain('D（空）');
  expect(await page.textContent('#start')).toBe('開始');
  expect(await page.textContent('label.check')).toBe('すでに値が入っているセルも上書きする');
  await waitForText(page, '#estimate-rows', /^40 行のうち 39 行に処理するテキストがあります。$/);
  expect(await page.textContent('#estimate-tokens')).toMatch(/^最大 [\d,]+ トークン、約 /);
  expect(await page.textContent('label[for="mode-batch"]')).toBe(
    'エコノミー: Batch API、半額、24 時間以内に結果',
  );
  expect(await page.textContent('#estimate-batch')).toMatch(
    /^エコノミー: 最大 [\d,]+ トークン、約 .*24 時間以内に結果/,
  );
  await page.selectOption('#task', 'extract');
  await waitForText(page, '#estimate-problem', /「抽出する内容」を入力してください/);
});

test('the server’s refusals are shown next to the form, in the reader’s language', async () => {
  // Someone without a key of their own.
  session.bridge.user = 'editor@example.com';
  session.bridge.activeCell = { sheet: 'Reviews', a1: 'B2' };
  let page = await session.open({ page: 'ColumnJob' });
  await page.locator('#estimate-numbers').waitFor();
  await page.click('#start');
  await waitForText(
    page,
    '#form-message',
    /You have no OpenAI API key saved\. Open Extensions > GPT Functions > Settings.*the person who starts them/,
  );
  expect(await page.getAttribute('#form-message', 'class')).toMatch(/error/);
  expect(await page.isVisible('#job-form')).toBe(true);
  await page.context().close();

  // A job already writing to the same output column.
  session.bridge.user = undefined;
  session.bridge.locale = 'ja';
  const running = await session.bridge.emu.run('startColumnJob', [
    { sheet: 'Reviews', inputColumn: 'B', outputColumn: 'D', task: 'sentiment' },
  ]);
  expect(running.ok).toBe(true);
  page = await session.open({ page: 'ColumnJob' });
  await page.locator('#estimate-numbers').waitFor();
  await page.click('#start');
  await waitForText(
    page,
    '#form-message',
    /別のジョブが「Reviews」の D 列の 2～41 行目にまだ書き込む予定です/,
  );
  expect(await page.isHidden('#progress-view')).toBe(true);
  // Typing again clears the message.
  await page.fill('#first-row', '3');
  expect(await page.isHidden('#form-message')).toBe(true);
  await session.bridge.emu.run('cancelJob', [(running.value as { jobId: string }).jobId]);
});

test('a tab name and a header that look like HTML are shown as text, in the form and in the progress', async () => {
  const payload = '<img src=x onerror="window.__pwned=1">';
  session.bridge.emu.addSheet(payload, [
    ['ID', payload],
    [1, 'I love it, excellent'],
    [2, payload],
  ]);
  const page = await session.open({ page: 'ColumnJob' });
  expect(await optionTexts(page, '#tab')).toContain(payload);
  await page.selectOption('#tab', payload);
  expect(await optionTexts(page, '#input-column')).toContain(`B — ${payload}`);
  await page.selectOption('#input-column', 'B');
  await page.waitForFunction(
    'document.querySelector("#estimate-rows") && !document.querySelector("#estimate-numbers").hidden',
  );
  await page.click('#start');
  await waitForState(page, 'done');
  expect(await page.textContent('.job-title')).toBe(`${payload} · B → C · Sentiment`);
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
  // The answers are plain values in the sheet.
  expect(session.bridge.emu.sheet(payload).getValues('C2:C3')).toEqual([['positive'], [expect.any(String)]]);
  expect(session.bridge.blocked).toEqual([]);
});
