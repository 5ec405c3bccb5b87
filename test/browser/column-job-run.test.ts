// Column jobs started from the dialog and driven by it: a 300-row job to the end with at most
// three steps in flight, a short budget, cancelling, failed rows and their retry, and screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, maxInFlight, saveKey, startBridge, waitForText, type Bridge } from './bridge';
import { checkLabels, reviewRows, shownJob, waitForState } from './column-job-fixtures';
import { ownerKnown } from '../integration/harness';

// `UPDATE_SCREENSHOTS=1 npm run test:browser` refreshes the committed ones in docs/screenshots.
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(__dirname, '..', '..', 'docs', 'screenshots')
  : join(__dirname, '..', '..', '.cache', 'screenshots');

const OPTIONS = { spreadsheet: { sheets: { Reviews: reviewRows(300) } } };

let browser: Browser;
let bridge: Bridge;
let page: Page | undefined;

beforeAll(async () => {
  [browser, bridge] = await Promise.all([launchBrowser(), startBridge(OPTIONS)]);
});
beforeEach(async () => {
  await bridge.reset(OPTIONS);
  await saveKey(bridge.emu);
  bridge.activeCell = { sheet: 'Reviews', a1: 'B2' };
});
afterEach(async () => {
  bridge.locale = 'en';
  await bridge.stub.configure({ faults: [], latencyMs: 0 });
  await page?.context().close();
  page = undefined;
});
afterAll(async () => {
  await bridge?.close();
  await browser?.close();
});

const callsOf = (fn: string) => bridge.calls.filter((c) => c.fn === fn);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openDialog(): Promise<Page> {
  const p = await bridge.open(browser, { page: 'ColumnJob' });
  await p.locator('#estimate-numbers').waitFor();
  return p;
}

/** No runJobStep is sent once the job has left `running`. */
async function expectNoMoreSteps(): Promise<void> {
  const before = callsOf('runJobStep').length;
  await sleep(1500);
  expect(callsOf('runJobStep').length).toBe(before);
}

test('a 300-row sentiment job is driven to the end by the dialog with at most three steps in flight', async () => {
  page = await openDialog();
  await page.click('#start');
  await page.locator('#progress-view .job').waitFor();
  expect(await page.isHidden('#form-view')).toBe(true);
  await waitForState(page, 'done');

  const jobId = await page.getAttribute('.job', 'data-job-id');
  expect(callsOf('startColumnJob')[0].args[0]).toMatchObject({
    sheet: 'Reviews',
    inputColumn: 'B',
    outputColumn: 'D',
    task: 'sentiment',
    firstRow: 2,
    lastRow: 301,
    untilBudget: false,
  });
  expect(await shownJob(page)).toEqual({ state: 'done', done: 300, failed: 0, skipped: 0, remaining: 0 });
  expect(checkLabels(bridge, 'Reviews', 'D', 301)).toBe(300);
  expect(await page.textContent('.job-title')).toBe('Reviews · B → D · Sentiment');
  expect(await page.textContent('.job-state')).toBe('Finished 100% of 300 rows');
  expect(await page.getAttribute('.job-bar', 'aria-valuenow')).toBe('300');
  expect(await page.textContent('.job-usage')).toMatch(/^[\d,]+ tokens · est\. (< )?\$0\.\d+$/);
  expect(await page.isHidden('.job-note')).toBe(true);
  expect(await page.isHidden('.job-cancel')).toBe(true);

  const steps = callsOf('runJobStep');
  expect(steps.length).toBeGreaterThanOrEqual(2);
  expect(steps.every((c) => c.args[0] === jobId)).toBe(true);
  expect(maxInFlight(bridge.calls, 'runJobStep')).toBeLessThanOrEqual(3);
  expect(maxInFlight(bridge.calls, 'runJobStep')).toBeGreaterThanOrEqual(2);
  await expectNoMoreSteps();
});

test('a budget too small is explained, "Run until the budget is reached" ends paused with the budget message, and Resume finishes', async () => {
  ownerKnown(bridge.emu); // the owner's job counts against the budget once a formula has shown the owner
  expect((await bridge.emu.run('setBudget', [{ tokens: 3000, period: 'total' }])).ok).toBe(true);
  page = await openDialog();
  await waitForText(page, '#budget-short-text', /budget left \(3,000 tokens\) may not cover this job/);
  expect(await page.textContent('#estimate-budget')).toBe('Budget left: 3,000 tokens.');
  expect(await page.isDisabled('#start')).toBe(true);

  await page.click('#open-settings');
  for (let i = 0; i < 50 && !callsOf('showSettings')[0]?.endedAt; i++) await sleep(100);
  expect(bridge.emu.ui.sidebars).toHaveLength(1);

  await page.click('#run-until-budget');
  await waitForState(page, 'paused');
  expect(callsOf('startColumnJob')[0].args[0]).toMatchObject({ untilBudget: true });
  const shown = await shownJob(page);
  expect(shown.done).toBeGreaterThan(0);
  expect(shown.remaining).toBeGreaterThan(0);
  expect(await page.textContent('.job-message')).toMatch(
    /Paused: the token budget is used up\. Raise it in Settings, then resume\./,
  );
  expect(await page.textContent('.job-state-label')).toBe('Paused');
  expect(await page.isVisible('.job-resume')).toBe(true);
  expect(await page.isVisible('.job-cancel')).toBe(true);
  await expectNoMoreSteps();

  // With the budget raised, Resume drives the rest.
  expect((await bridge.emu.run('setBudget', [{ tokens: 1_000_000, period: 'total' }])).ok).toBe(true);
  await page.click('.job-resume');
  await waitForState(page, 'done');
  expect(callsOf('resumeColumnJob').map((c) => c.args.slice(1))).toEqual([[false]]);
  expect(await shownJob(page)).toEqual({ state: 'done', done: 300, failed: 0, skipped: 0, remaining: 0 });
  expect(checkLabels(bridge, 'Reviews', 'D', 301)).toBe(300);
});

test('Cancel stops the driving at once and shows the job cancelled', async () => {
  await bridge.stub.configure({ latencyMs: 1500 });
  page = await openDialog();
  await page.click('#start');
  await waitForState(page, 'running');
  await page.click('.job-cancel');
  await waitForState(page, 'cancelled');
  const cancel = callsOf('cancelJob');
  expect(cancel).toHaveLength(1);
  expect(await page.textContent('.job-state-label')).toBe('Cancelled');
  expect(await page.textContent('.job-message')).toBe('Cancelled. Rows already written stay as they are.');
  expect(await page.isHidden('.job-cancel')).toBe(true);
  expect(await page.isHidden('.job-resume')).toBe(true);
  await sleep(3000); // steps already on their way finish; none is sent after the cancel
  const after = callsOf('runJobStep').filter((c) => c.startedAt > (cancel[0].endedAt ?? 0));
  expect(after).toHaveLength(0);
  expect(maxInFlight(bridge.calls, 'runJobStep')).toBeLessThanOrEqual(3);
  const status = (await bridge.emu.run('listColumnJobs')).value as Array<{ state: string; done: number }>;
  expect(status[0].state).toBe('cancelled');
  expect(status[0].done).toBeLessThan(300);
});

test('failed rows are listed by reason, and Retry failed rows brings them to zero', async () => {
  // Enough for every attempt of every request of the first pass (three steps of two requests, three tries).
  await bridge.stub.configure({ faults: [{ kind: 'server_error', count: 30 }] });
  page = await openDialog();
  await page.fill('#last-row', '101');
  await waitForText(page, '#estimate-rows', /of 100 rows/);
  await page.click('#start');
  await waitForState(page, 'done');
  const failed = await shownJob(page);
  expect(failed.failed).toBeGreaterThan(0);
  expect(failed.done + failed.failed).toBe(100);
  const reasons = page.locator('.job-failures li');
  expect(await reasons.count()).toBe(1);
  expect(await reasons.first().getAttribute('data-code')).toBe('server');
  expect(await reasons.first().textContent()).toMatch(new RegExp(`^${failed.failed} rows \\S`));
  expect(await page.isVisible('.job-retry')).toBe(true);
  expect(await page.isVisible('.stat-failed.has-failed')).toBe(true);

  await bridge.stub.configure({ faults: [] });
  await page.click('.job-retry');
  await page.waitForFunction(
    `document.querySelector('.job')?.dataset.state === 'done' && document.querySelector('.stat-failed .stat-value').textContent === '0'`,
    undefined,
    { timeout: 30_000 },
  );
  expect(await shownJob(page)).toEqual({ state: 'done', done: 100, failed: 0, skipped: 0, remaining: 0 });
  expect(await page.isHidden('.job-failures')).toBe(true);
  expect(await page.isHidden('.job-retry')).toBe(true);
  expect(callsOf('resumeColumnJob').map((c) => c.args)).toEqual([[expect.any(String), true]]);
  expect(checkLabels(bridge, 'Reviews', 'D', 101)).toBe(100);
});

test('the dialog fits 420 x 560 in English and Japanese, and its screenshots are saved', async () => {
  mkdirSync(SHOTS, { recursive: true });
  // 1,000 rows: three steps answer 750 of them together, then one step works on the last 250
  // while the page shows the job mid-way.
  const big = { spreadsheet: { sheets: { Reviews: reviewRows(1000) } } };
  await bridge.stub.configure({ latencyMs: 2500 });
  for (const locale of ['en', 'ja'] as const) {
    await bridge.reset(big);
    await saveKey(bridge.emu);
    bridge.locale = locale;
    const p = await openDialog();
    page = p;
    const fits = async () => {
      const [scroll, client] = (await p.evaluate(
        '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
      )) as number[];
      expect(scroll).toBeLessThanOrEqual(client);
    };
    await fits();
    await p.screenshot({ path: join(SHOTS, `column-job-form-${locale}.png`) });

    // Mid-job: some steps have answered, one is still working.
    await p.click('#start');
    await p.waitForFunction(
      `document.querySelector('.job')?.dataset.state === 'running' && document.querySelector('.stat-done .stat-value').textContent !== '0'`,
      undefined,
      { timeout: 30_000 },
    );
    expect(await p.isVisible('.job-note')).toBe(true);
    expect(await p.textContent('.job-note')).toBe(
      locale === 'en'
        ? 'Keep this dialog open (or open the Settings sidebar): the job runs only while one of them is open. Closing it pauses the job until you reopen one.'
        : 'このダイアログ（または設定サイドバー）は開いたままにしてください。ジョブはどちらかが開いている間だけ進みます。閉じるとジョブは一時停止し、どちらかをもう一度開くと再開します。',
    );
    expect(await p.textContent('.job-usage')).toMatch(locale === 'en' ? / left$/ : /残り/);
    await fits();
    const shot = await p.screenshot({ path: join(SHOTS, `column-job-${locale}.png`) });
    expect(shot.length).toBeGreaterThan(15_000);
    await waitForState(p, 'done');
    await p.context().close();
    page = undefined;
  }
});
