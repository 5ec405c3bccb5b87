// The sidebar as a first-time user meets it, at Sheets' 300 px: the key step first and the rest
// folded; after a key is saved, usage and jobs open and the key field folds under the saved key; no
// talk of replacing or backing up a key that does not exist; a pasted key's removed characters
// named; the model choice and the dollar budget's placeholder not cut off; the 30-day chart with
// one day of use labelled.
import type { Page } from 'playwright-core';
import { GOOD_KEY, REVOKED_KEY, saveKey, waitForText } from './bridge';
import { usePageSession } from './page-session';

const SHEETS = { Reviews: [['Review'], ['Great product'], ['Broke in a week']] };

const session = usePageSession({ sheets: SHEETS, freshEach: true });

const openFolds = (p: Page) =>
  p.$$eval('details.fold', (all) => all.filter((d) => d.hasAttribute('open')).map((d) => d.id));

test('without a key the sidebar shows the key step first, every other section folded', async () => {
  const page = await session.open({ folds: 'arranged' });
  const p = page;
  expect(await p.$eval('#app', (app) => app.firstElementChild?.id)).toBe('key');
  expect(await p.isVisible('#key-input')).toBe(true);
  expect(await p.textContent('label[for="key-input"]')).toBe('Paste your OpenAI API key');
  expect(await openFolds(p)).toEqual([]);
  expect(await p.$$eval('details.fold > summary h2', (hs) => hs.map((h) => h.textContent))).toEqual([
    'Budget and usage',
    'Column jobs',
    'Model',
    'Try it',
  ]);
  // Nothing to replace and nothing to back up yet.
  const visible = await p.locator('#key').innerText();
  expect(visible).not.toMatch(/replace/i);
  expect(await p.isHidden('#backup')).toBe(true);
  expect(await p.isHidden('#key-delete')).toBe(true);
});

test('saving a key opens usage and jobs, folds the key field under the saved key, and offers a backup key', async () => {
  const page = await session.open({ folds: 'arranged' });
  const p = page;
  await p.fill('#key-input', GOOD_KEY);
  await p.click('#key-save');
  await waitForText(p, '#key-message', /Key saved/);
  expect(await p.textContent('#key-status')).toBe(`Saved key: sk-...${GOOD_KEY.slice(-4)}`);
  expect(await openFolds(p)).toEqual(['usage-fold', 'jobs-fold']);
  expect(await p.isHidden('#key-input')).toBe(true);
  expect(await p.textContent('#key-change > summary')).toBe('Replace or delete the key');
  expect(await p.isVisible('#backup')).toBe(true);

  await p.click('#key-change > summary');
  expect(await p.textContent('label[for="key-input"]')).toBe('Paste a new key to replace the saved one');
});

test('reopened with a key saved, the sidebar opens on usage and jobs with the settings folded', async () => {
  await saveKey(session.bridge.emu);
  const page = await session.open({ folds: 'arranged' });
  expect(await openFolds(page)).toEqual(['usage-fold', 'jobs-fold']);
  await waitForText(page, '#usage-spreadsheet .usage-used', /tokens/);
  expect(await page.isHidden('#model-select')).toBe(true);
});

test('a pasted key with a space and an invisible character gets a word about what was removed', async () => {
  const page = await session.open({ folds: 'arranged' });
  const p = page;
  await p.fill('#key-input', `${GOOD_KEY.slice(0, 12)} ${GOOD_KEY.slice(12, 20)}\u200b${GOOD_KEY.slice(20)}`);
  await p.click('#key-save');
  const saved = await waitForText(p, '#key-message', /Key saved/);
  expect(saved).toContain('Spaces and line breaks around or inside the key were removed.');
  expect(saved).toContain('U+200B ZERO WIDTH SPACE');

  await p.click('#key-change > summary');
  await p.fill('#key-input', `${REVOKED_KEY.slice(0, 12)} ${REVOKED_KEY.slice(12)}\u200b`);
  await p.click('#key-save');
  const refused = await waitForText(p, '#key-message', /new key/);
  expect(refused).toContain('Spaces and line breaks around or inside the key were removed.');
  expect(refused).toContain('U+200B ZERO WIDTH SPACE');
});

/** Controls whose shown text (a select's chosen option, an empty input's placeholder) is wider than its box. */
async function cutOff(p: Page): Promise<string[]> {
  return (await p.evaluate(`(() => {
    const canvas = document.createElement('canvas').getContext('2d');
    const cut = [];
    for (const node of document.querySelectorAll('select, input[placeholder]')) {
      if (!node.offsetParent) continue;
      const style = getComputedStyle(node);
      canvas.font = style.font;
      const text = node.tagName === 'SELECT' ? node.selectedOptions[0]?.text ?? '' : node.value ? '' : node.placeholder;
      const pad = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + (node.tagName === 'SELECT' ? 20 : 0);
      if (canvas.measureText(text).width > node.clientWidth - pad) cut.push(text);
    }
    return cut;
  })()`)) as string[];
}

for (const locale of ['en', 'ja'] as const) {
  test(`no select or placeholder text is cut off at 300 px (${locale})`, async () => {
    await saveKey(session.bridge.emu);
    expect(
      (await session.bridge.emu.run('setBudget', [{ tokens: 20_000, period: 'daily', sheet: 'Reviews' }])).ok,
    ).toBe(true);
    session.bridge.locale = locale;
    const page = await session.open();
    await page.locator('#usage-spreadsheet .usd').waitFor();
    await page.locator('#usage-tabs .scope').first().waitFor();
    expect(await page.isVisible('#model-select')).toBe(true);
    expect(await cutOff(page)).toEqual([]);
  });
}

test('the 30-day chart with one day of use is labelled: what it counts, the highest day, first day and today', async () => {
  await saveKey(session.bridge.emu);
  const formula = await session.bridge.emu.evaluate('Reviews', 'B2', '=GPT_SENTIMENT(A2:A3)');
  expect(formula.error).toBeUndefined();
  const page = await session.open();
  const p = page;
  const chart = p.locator('#usage-spreadsheet .chart-figure');
  await chart.waitFor();
  const used = await p.$$eval('#usage-spreadsheet rect.day', (bars) =>
    bars.map((b) => Number(b.getAttribute('data-tokens'))).filter((n) => n > 0),
  );
  expect(used).toHaveLength(1);
  expect(await chart.locator('figcaption').textContent()).toBe(
    `Tokens per day, last 30 days (highest: ${used[0].toLocaleString('en-US')})`,
  );
  expect(await chart.locator('.chart-last').textContent()).toBe('today');
  expect(await chart.locator('.chart-first').textContent()).toMatch(/^\d\d\/\d\d$/);
  // The baseline spans the thirty days, so the one bar stands at the end of a month.
  expect(await p.locator('#usage-spreadsheet rect.baseline').getAttribute('width')).toBe('150');
});
