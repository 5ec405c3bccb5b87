// Sheets and helpers shared by the column-job browser tests.
import type { Page } from 'playwright-core';
import type { Bridge } from './bridge';

const MOODS: Array<[string, string]> = [
  ['I love it, excellent', 'positive'],
  ['Broken and terrible', 'negative'],
  ['It arrived on Tuesday', 'neutral'],
  ['最高です、満足', 'positive'],
  ['壊れて最悪', 'negative'],
];

/** A review tab: header row, then `n` reviews in column B (every 37th blank), ids in A. */
export function reviewRows(n: number): unknown[][] {
  return [
    ['ID', 'Review', 'Notes'],
    ...Array.from({ length: n }, (_, i) => [
      i + 1,
      i % 37 === 20 ? '' : `${MOODS[i % MOODS.length][0]} #${i}`,
      '',
    ]),
  ];
}

/** The label the stub gives a review of reviewRows, or '' for a blank one. */
export function expectedLabel(text: unknown): string {
  const mood = MOODS.find(([t]) => String(text).startsWith(`${t} #`));
  return mood ? mood[1] : '';
}

/** Every review of rows 2..last of `sheet` has its label in `output`; returns how many rows were checked. */
export function checkLabels(bridge: Bridge, sheet: string, output: string, last: number): number {
  const inputs = bridge.emu.sheet(sheet).getValues(`B2:B${last}`);
  const outputs = bridge.emu.sheet(sheet).getValues(`${output}2:${output}${last}`);
  inputs.forEach(([input], i) => expect([i + 2, outputs[i][0]]).toEqual([i + 2, expectedLabel(input)]));
  return inputs.length;
}

export interface ShownJob {
  state: string | null;
  done: number;
  failed: number;
  skipped: number;
  remaining: number;
}

/** The numbers a job panel shows. */
export async function shownJob(page: Page, panel = '.job'): Promise<ShownJob> {
  const p = page.locator(panel).first();
  const n = async (cls: string) =>
    Number(((await p.locator(`.${cls} .stat-value`).textContent()) ?? '').replace(/,/g, ''));
  return {
    state: await p.getAttribute('data-state'),
    done: await n('stat-done'),
    failed: await n('stat-failed'),
    skipped: await n('stat-skipped'),
    remaining: await n('stat-remaining'),
  };
}

/** Waits until a job panel is in `state`. */
export async function waitForState(
  page: Page,
  state: string,
  panel = '.job',
  timeout = 60_000,
): Promise<void> {
  await page.locator(`${panel}[data-state="${state}"]`).first().waitFor({ timeout });
}
