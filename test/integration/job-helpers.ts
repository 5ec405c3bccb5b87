// Column jobs through the bundle: reviews with known labels, steps, and the checks every living-sheet
// test makes (each surviving input row holds its own answer; nothing outside the job's cells changed).
import type { Emulator } from '../../tools/emulator';
import type { Harness } from './harness';

export interface Status {
  jobId: string;
  state: string;
  sheet: string;
  inputColumn: string;
  outputColumn: string;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  remaining: number;
  deleted: number;
  tokens: number;
  message: string | null;
  notes: string[];
  changes: { inserted: number; deleted: number; edited: number; moved: number; renamed?: string };
  failures: Array<{ code: string; reason: string; rows: number }>;
  mine: boolean;
  canCancel: boolean;
}

/** Review texts whose sentiment the stub answers as `expectedLabel` says. */
export const MOODS = [
  'I love it, excellent',
  'Broken and terrible',
  'It arrived on Tuesday',
  '最高です、満足',
  '壊れて最悪',
];
const EXPECTED: Record<string, string> = {
  'I love it, excellent': 'positive',
  'Broken and terrible': 'negative',
  'It arrived on Tuesday': 'neutral',
  '最高です、満足': 'positive',
  壊れて最悪: 'negative',
};

/** A header and `n` reviews tagged `#<tag><i>` (every 97th from the 6th blank), outputs empty. */
export function sheetRows(n: number, tag: string): unknown[][] {
  return [
    ['Review', 'Sentiment'],
    ...Array.from({ length: n }, (_, i) => [
      i % 97 === 5 ? '' : `${MOODS[i % MOODS.length]} #${tag}${i}`,
      '',
    ]),
  ];
}

export function expectedLabel(text: unknown): string {
  return EXPECTED[String(text).replace(/ #.*$/, '')] ?? '';
}

export async function start(h: Harness, spec: Record<string, unknown>, opts = {}): Promise<string> {
  const r = await h.emu.run('startColumnJob', [spec], opts);
  if (!r.ok) throw new Error(r.error?.message);
  return (r.value as { jobId: string }).jobId;
}

export async function step(h: Harness, jobId: string, opts = {}): Promise<Status | undefined> {
  const r = await h.emu.run('runJobStep', [jobId], opts);
  return r.ok ? (r.value as Status) : undefined;
}

export async function status(h: Harness, jobId: string, opts = {}): Promise<Status> {
  const r = await h.emu.run('getJobStatus', [jobId], opts);
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as Status;
}

/** Steps until the job leaves `running` (at most `rounds`). */
export async function finish(h: Harness, jobId: string, rounds = 20, opts = {}): Promise<Status> {
  let s = await status(h, jobId, opts);
  for (let i = 0; s.state === 'running' && i < rounds; i++) s = (await step(h, jobId, opts)) ?? s;
  return s;
}

/** Five minutes of emulator clock: more than a step keeps for itself (4.5 minutes). */
const PAST_A_STEP_MS = 5 * 60_000;

/**
 * Runs one step that does exactly one chunk: while its first requests are in flight the emulator's
 * clock passes the step's deadline, so it commits that chunk and returns. Between this and the next
 * step a test plays a person.
 */
export async function oneChunk(h: Harness, jobId: string, opts = {}): Promise<Status> {
  await h.stub.configure({ latencyMs: 400 });
  const before = (await h.stub.stats()).requests;
  const running = h.emu.run('runJobStep', [jobId], opts);
  while ((await h.stub.stats()).requests === before) await new Promise((r) => setTimeout(r, 10));
  h.emu.advanceClock(PAST_A_STEP_MS);
  const r = await running;
  await h.stub.configure({ latencyMs: 0 });
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as Status;
}

/** Calls `during` once a step's first requests are in flight (after its claim, before its commit). */
export async function duringStep(
  h: Harness,
  jobId: string,
  during: () => void,
  opts = {},
): Promise<Status | undefined> {
  await h.stub.configure({ latencyMs: 600 });
  const before = (await h.stub.stats()).requests;
  const running = h.emu.run('runJobStep', [jobId], opts);
  while ((await h.stub.stats()).requests === before) await new Promise((r) => setTimeout(r, 10));
  during();
  h.emu.advanceClock(PAST_A_STEP_MS);
  const r = await running;
  await h.stub.configure({ latencyMs: 0 });
  return r.ok ? (r.value as Status) : undefined;
}

export interface Layout {
  sheet: string;
  input: string;
  output: string;
  /** Sheet rows the job still owns (its surviving rows), where they are now. */
  rows: number[];
  spreadsheet?: string;
}

/**
 * Each of the job's surviving rows holds the answer to its own input (blank for blank); every other
 * cell of the tab was never written by a script. Returns how many rows were checked.
 */
export function checkJob(emu: Emulator, layout: Layout): number {
  const { sheet, input, output, rows, spreadsheet } = layout;
  const view = emu.sheet(sheet, spreadsheet);
  const owned = new Set(rows);
  // Each column read once over the rows' span (a job may have tens of thousands of rows).
  const first = Math.min(...rows);
  const last = Math.max(...rows);
  const texts = view.getValues(`${input}${first}:${input}${last}`);
  const answers = view.getValues(`${output}${first}:${output}${last}`);
  const formulas = view.getFormulas(`${output}${first}:${output}${last}`);
  const wrong = rows
    .map((row) => ({ row, answer: answers[row - first][0], formula: formulas[row - first][0] }))
    .filter(({ row, answer, formula }) => answer !== expectedLabel(texts[row - first][0]) || formula !== '');
  expect(wrong.slice(0, 5)).toEqual([]);
  const strayWrites: Array<{ column: string; row: number; writes: number }> = [];
  for (const column of 'ABCDEFGH') {
    const counts = emu.writeCounts(sheet, column, spreadsheet);
    counts.forEach((n, i) => {
      const row = i + 1;
      const mine = column === output && owned.has(row);
      if ((!mine && n !== 0) || (mine && n > 2)) strayWrites.push({ column, row, writes: n });
    });
  }
  expect(strayWrites.slice(0, 5)).toEqual([]);
  return rows.length;
}

/** 2..n+1: the rows of a job that started on rows 2..n+1. */
export function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
