// The sidebar in Japanese, and the screenshots of the sidebar at Sheets’ 300 px width in both languages: with a key
// saved, as arranged, and as a first-time user meets it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { saveKey, waitForText } from './bridge';
import { usePageSession } from './page-session';

// `UPDATE_SCREENSHOTS=1 npm run test:browser` refreshes the committed ones in docs/screenshots.
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(__dirname, '..', '..', 'docs', 'screenshots')
  : join(__dirname, '..', '..', '.cache', 'screenshots');

const SHEETS = {
  Reviews: [
    ['Review', 'Sentiment'],
    ['Great product, arrived early.', ''],
    ['Terrible support, never again.', ''],
    ['It is okay, nothing special.', ''],
    ['とても使いやすいです。', ''],
    ['期待外れでした。', ''],
  ],
  Notes: [['']],
};

const session = usePageSession({ sheets: SHEETS });

test('with a Japanese locale every section, server message and number is in Japanese', async () => {
  session.bridge.locale = 'ja';
  const page = await session.open();
  expect(await page.getAttribute('html', 'lang')).toBe('ja');
  expect(await page.textContent('#key-heading')).toBe('OpenAI API キー');
  expect(await page.textContent('#model-heading')).toBe('モデル');
  expect(await page.textContent('#try-heading')).toBe('試してみる');
  expect(await page.textContent('#usage-heading')).toBe('予算と使用量');
  expect(await page.textContent('#key-save')).toBe('テストして保存');
  expect(await page.textContent('#key-owner-note')).toMatch(/オーナーのキー/);

  await page.fill('#key-input', 'not-a-key-at-all-1234567890');
  await page.click('#key-save');
  await waitForText(page, '#key-message', /「sk-」で始まります/);

  await page.fill('#usage-spreadsheet .tokens', '1000000');
  await page.click('#usage-spreadsheet .save');
  await waitForText(page, '#usage-spreadsheet .status', /予算を保存しました/);
  expect(await page.textContent('#usage-spreadsheet .usage-used')).toBe('今月 0 / 1,000,000 トークン');
  expect(await page.textContent('#cache-clear')).toBe('キャッシュを消去');
});

/** Every section opened and used once (a Try it answer, Advanced open): nothing may overflow. */
async function everythingOpen(locale: 'en' | 'ja'): Promise<Page> {
  session.bridge.locale = locale;
  const p = await session.open({ width: 300, height: 600 });
  await p.fill(
    '#try-input',
    locale === 'ja' ? 'スプレッドシートについて一言' : 'One line about spreadsheets',
  );
  await p.click('#try-send');
  await p.locator('#try-answer').waitFor();
  await p.click('#usage-refresh');
  await p.locator('#usage-message').waitFor({ state: 'hidden' });
  await p.click('#advanced summary');
  await p.locator('#jobs-list .job[data-state="done"]').waitFor();
  return p;
}

async function fitsWidth(p: Page): Promise<void> {
  const widths = (await p.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as number[];
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
}

test('the sidebar fits 300 px in English and Japanese, and its screenshots are saved', async () => {
  await saveKey(session.bridge.emu);
  for (const budget of [
    { tokens: 1_000_000, period: 'monthly' },
    { tokens: 20_000, period: 'daily', sheet: 'Reviews' },
  ]) {
    expect((await session.bridge.emu.run('setBudget', [budget])).ok).toBe(true);
  }
  const formula = await session.bridge.emu.evaluate('Reviews', 'B2', '=GPT_SENTIMENT(A2:A6)');
  expect(formula.error).toBeUndefined();
  // A finished column job for the Column jobs section.
  const job = await session.bridge.emu.run('startColumnJob', [
    { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'C', task: 'sentiment' },
  ]);
  expect(job.ok).toBe(true);
  const step = await session.bridge.emu.run('runJobStep', [(job.value as { jobId: string }).jobId]);
  expect((step.value as { state: string }).state).toBe('done');
  mkdirSync(SHOTS, { recursive: true });

  for (const locale of ['en', 'ja'] as const) {
    const everything = await everythingOpen(locale);
    await fitsWidth(everything);
    await everything.context().close();

    // As a reader meets it with a key saved: usage and jobs open, the settings folded.
    const page = await session.open({ width: 300, height: 600, folds: 'arranged' });
    await page.locator('#jobs-list .job[data-state="done"]').waitFor();
    await page.locator('#usage-spreadsheet .chart-figure').waitFor();
    await fitsWidth(page);
    const shot = await page.screenshot({ path: join(SHOTS, `sidebar-${locale}.png`), fullPage: true });
    expect(shot.length).toBeGreaterThan(20_000);
    await page.context().close();
  }
});

test('the first-time sidebar (no key yet) fits 300 px in English and Japanese, and its screenshots are saved', async () => {
  mkdirSync(SHOTS, { recursive: true });
  await session.bridge.reset({ spreadsheet: { sheets: SHEETS } });
  for (const locale of ['en', 'ja'] as const) {
    session.bridge.locale = locale;
    const page = await session.open({ width: 300, height: 600, folds: 'arranged' });
    await fitsWidth(page);
    const shot = await page.screenshot({ path: join(SHOTS, `sidebar-start-${locale}.png`), fullPage: true });
    expect(shot.length).toBeGreaterThan(10_000);
    await page.context().close();
  }
});
