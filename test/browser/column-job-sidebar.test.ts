// The sidebar's Column jobs section: it picks up a running job and drives it to the end, lists the
// latest five jobs newest first, opens the dialog, and speaks Japanese.
import { GOOD_KEY, maxInFlight, saveKey, waitForText } from './bridge';
import { usePageSession } from './page-session';
import { checkLabels, reviewRows, shownJob, waitForState } from './column-job-fixtures';

const session = usePageSession({
  sheets: {
    Reviews: reviewRows(300),
    Other: reviewRows(20),
    // Reviews #300-#318, none of them answered (and cached) by a job on Reviews before.
    Batch: [reviewRows(0)[0], ...reviewRows(319).slice(301)],
  },
  key: true,
});

async function startJob(spec: Record<string, unknown>): Promise<string> {
  const result = await session.bridge.emu.run('startColumnJob', [
    { inputColumn: 'B', task: 'sentiment', ...spec },
  ]);
  if (!result.ok) throw new Error(result.error?.message);
  return (result.value as { jobId: string }).jobId;
}

test('a job started elsewhere and still running is shown and driven to the end by the open sidebar', async () => {
  const jobId = await startJob({ sheet: 'Reviews', outputColumn: 'D' });
  const calls = session.bridge.calls.length;
  const page = await session.open();
  const panel = `#jobs .job[data-job-id="${jobId}"]`;
  await page.locator(panel).waitFor();
  expect(await page.textContent(`${panel} .job-title`)).toBe('Reviews · B → D · Sentiment');
  await waitForState(page, 'done', panel);
  expect(await shownJob(page, panel)).toEqual({
    state: 'done',
    done: 300,
    failed: 0,
    skipped: 0,
    remaining: 0,
  });
  expect(checkLabels(session.bridge, 'Reviews', 'D', 301)).toBe(300);

  const steps = session.bridge.calls.slice(calls).filter((c) => c.fn === 'runJobStep');
  expect(steps.length).toBeGreaterThan(0);
  expect(steps.every((c) => c.args[0] === jobId)).toBe(true);
  expect(maxInFlight(session.bridge.calls, 'runJobStep')).toBeLessThanOrEqual(3);
  const status = (await session.bridge.emu.run('getJobStatus', [jobId])).value as { state: string };
  expect(status.state).toBe('done');
});

test('a batch job in the sidebar: its batches by state and rows queued, one step while they run, then the answers and the money saved', async () => {
  await session.bridge.stub.configure({ batchSecondsPerStage: null });
  try {
    const jobId = await startJob({ sheet: 'Batch', outputColumn: 'K', mode: 'batch' });
    expect((await session.bridge.emu.run('runJobStep', [jobId])).ok).toBe(true);
    const panel = `#jobs .job[data-job-id="${jobId}"]`;
    const stepsOf = (from: number) =>
      session.bridge.calls.slice(from).filter((c) => c.fn === 'runJobStep').length;
    let calls = session.bridge.calls.length;
    let page = await session.open();
    await page.locator(panel).waitFor();
    expect(await page.getAttribute(panel, 'data-mode')).toBe('batch');
    expect(await page.textContent(`${panel} .job-title`)).toBe(
      'Batch · B → K · Sentiment · Economy (Batch API)',
    );
    expect(await page.textContent(`${panel} .job-batch`)).toBe('Batches: 1 uploaded · 1 validating');
    await waitForText(page, `${panel} .job-queued`, /^18 rows queued at OpenAI, results by /);
    expect(await page.isHidden(`${panel} .job-saved`)).toBe(true);
    expect(await page.textContent(`${panel} .job-note`)).toMatch(/^You can close this page/);
    // While the batch runs, the panel waits for the server's next look instead of stepping again.
    await new Promise((r) => setTimeout(r, 3000));
    expect(stepsOf(calls)).toBeLessThanOrEqual(1);
    await page.context().close();

    await session.bridge.stub.advanceBatches({ to: 'completed' });
    session.bridge.emu.advanceClock(11 * 60_000);
    calls = session.bridge.calls.length;
    page = await session.open();
    await waitForState(page, 'done', panel);
    expect(await page.textContent(`${panel} .job-batch`)).toBe('Batches: 1 uploaded · 1 completed');
    expect(await page.textContent(`${panel} .job-saved`)).toMatch(
      /^Saved (< )?\$0\.\d+ against the normal price$/,
    );
    expect(await page.isHidden(`${panel} .job-queued`)).toBe(true);
    expect(stepsOf(calls)).toBeGreaterThanOrEqual(1);
    expect(checkLabels(session.bridge, 'Batch', 'K', 20)).toBe(19);
  } finally {
    await session.bridge.stub.configure({ batchSecondsPerStage: 3 });
  }
});

test('the section lists the five newest jobs, drives none that is not running, and opens the dialog', async () => {
  const ids: string[] = [];
  for (const column of ['E', 'F', 'G', 'H', 'I', 'J']) {
    const id = await startJob({ sheet: 'Other', outputColumn: column, lastRow: 3 });
    expect((await session.bridge.emu.run('cancelJob', [id])).ok).toBe(true);
    ids.push(id);
    session.bridge.emu.advanceClock(1000);
  }
  const calls = session.bridge.calls.length;
  const page = await session.open();
  await page.locator('#jobs-list .job[data-state="cancelled"]').first().waitFor();
  const shown = await page
    .locator('#jobs-list .job')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-job-id')));
  expect(shown).toEqual(ids.slice(1).reverse());
  expect(await page.locator('#jobs-list .job .job-resume:visible').count()).toBe(0);
  expect(await page.textContent('#jobs-list .job .job-message')).toBe(
    'Cancelled. Rows already written stay as they are.',
  );

  await page.click('#jobs-open');
  for (let i = 0; i < 50 && !session.bridge.calls.find((c) => c.fn === 'showColumnJob')?.endedAt; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(session.bridge.emu.ui.dialogs.at(-1)).toMatchObject({ title: 'Process a column', modal: false });
  expect(session.bridge.calls.slice(calls).some((c) => c.fn === 'runJobStep')).toBe(false);
});

test('in Japanese the section and a job’s progress are Japanese', async () => {
  session.bridge.locale = 'ja';
  const page = await session.open();
  expect(await page.textContent('#jobs-heading')).toBe('列の処理');
  expect(await page.textContent('#jobs-open')).toBe('列を処理…');
  await page.locator('#jobs-list .job').first().waitFor();
  expect(await page.textContent('#jobs-list .job .job-state-label')).toMatch(/^(完了|キャンセル済み)$/);
  expect(await page.textContent('#jobs-list .job .stat-done .stat-label')).toBe('処理済み');
  expect(await page.textContent('#jobs-list .job .job-title')).toMatch(/ · 感情分析$/);
  await waitForText(page, '#jobs-list .job .job-usage', /トークン · 推定費用/);
});

test('while a job runs the sidebar says plainly to keep it open, in English and Japanese', async () => {
  const texts = {
    en: 'Keep this sidebar open: the job runs only while this sidebar or the column dialog is open. Closing it pauses the job until you reopen it.',
    ja: 'このサイドバーは開いたままにしてください。ジョブはこのサイドバーか列の処理ダイアログが開いている間だけ進みます。閉じるとジョブは一時停止し、もう一度開くと再開します。',
  };
  for (const [locale, column] of [
    ['en', 'E'],
    ['ja', 'F'],
  ] as const) {
    session.bridge.locale = locale;
    // Each step is held for 1.5 s, so the running state lasts long enough to be seen on a busy machine.
    session.bridge.callDelays = { runJobStep: 1500 };
    const jobId = await startJob({ sheet: 'Reviews', outputColumn: column });
    const page = await session.open();
    const panel = `#jobs .job[data-job-id="${jobId}"]`;
    await page.locator(`${panel}[data-state="running"]`).waitFor();
    expect(await page.isVisible(`${panel} .job-note`)).toBe(true);
    expect(await page.textContent(`${panel} .job-note`)).toBe(texts[locale]);
    expect(await page.textContent('#jobs .note')).toMatch(
      locale === 'en' ? /runs while this sidebar/ : /開いている間に進みます/,
    );
    session.bridge.callDelays = {};
    await waitForState(page, 'done', panel);
    expect(await page.isHidden(`${panel} .job-note`)).toBe(true);
    await page.context().close();
  }
});

test('someone else’s job: the owner sees it with only Cancel, the sidebar never runs it, and Cancel works', async () => {
  const editor = 'editor@example.com';
  await saveKey(session.bridge.emu, GOOD_KEY, editor);
  // A formula shows who the owner is (the person whose key formulas spend).
  await session.bridge.emu.evaluate('Reviews', 'Z1', '=GPT_SENTIMENT("fine")');
  const started = await session.bridge.emu.run(
    'startColumnJob',
    [{ sheet: 'Reviews', inputColumn: 'B', outputColumn: 'G', task: 'sentiment' }],
    { user: editor },
  );
  const jobId = (started.value as { jobId: string }).jobId;
  const calls = session.bridge.calls.length;
  const page = await session.open();
  const panel = `#jobs .job[data-job-id="${jobId}"]`;
  await page.locator(panel).waitFor();
  expect(await page.isVisible(`${panel} .job-someone-else`)).toBe(true);
  expect(await page.isHidden(`${panel} .job-note`)).toBe(true);
  expect(await page.isHidden(`${panel} .job-resume`)).toBe(true);
  expect(await page.isVisible(`${panel} .job-cancel`)).toBe(true);
  await new Promise((r) => setTimeout(r, 1500));
  expect(session.bridge.calls.slice(calls).some((c) => c.fn === 'runJobStep')).toBe(false);
  await page.click(`${panel} .job-cancel`);
  await waitForState(page, 'cancelled', panel);
  expect(await page.textContent(`${panel} .job-message`)).toBe(
    'Cancelled by the spreadsheet’s owner. Rows already written stay as they are.',
  );
});
