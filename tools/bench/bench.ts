// `npm run bench`: the built bundle in the emulator, with Apps Script's service latencies
// (REALISTIC_LATENCY), against the stub at a first-tier account's latency and rate limits. Prints
// figures and ratios from one run; asserts nothing (machines are noisy).
//
// BENCH_LATENCY=0 turns the service latencies off; BENCH_ROWS, BENCH_LONG_ROWS and BENCH_JOB_ROWS
// change the sizes; BENCH_SECTIONS=range,cells,lone,long,job runs a subset (BENCH_SECTIONS=job: the
// column job alone); BENCH_DIST=<folder> runs another build (for a before/after comparison).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { Emulator, REALISTIC_LATENCY, TOO_MANY_EXECUTIONS, type ExecutionResult } from '../emulator';
import { startStub, type StubConfig, type StubHandle } from '../openai-stub';

const ROWS = Number(process.env.BENCH_ROWS ?? 1000);
const LONG_ROWS = Number(process.env.BENCH_LONG_ROWS ?? 2000);
/**
 * A 10,000-row job: past the first minute's token allowance, so the rate-limit ceiling is what bounds
 * it (a 2,000-row job finishes inside that allowance and reads above the ceiling), and long enough
 * for a step's fixed spreadsheet calls to be shared by many rows.
 */
const JOB_ROWS = Number(process.env.BENCH_JOB_ROWS ?? 10_000);
const DIST = process.env.BENCH_DIST ?? 'dist';
const LATENCY = process.env.BENCH_LATENCY === '0' ? {} : REALISTIC_LATENCY;
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'range,cells,lone,long,job').split(','));
const KEY = 'sk-proj-bench0123456789abcdefghijklmnop';
/** Latency and limits in the range of a small current model on a first-tier account. */
const REALISTIC: Partial<StubConfig> = {
  latencyMs: 450,
  latencyJitterMs: 300,
  perOutputTokenMs: 4,
  rpm: 500,
  tpm: 200_000,
};
/** For filling the cache before a recalculation is measured: no waiting, no limits. */
const FAST: Partial<StubConfig> = {
  latencyMs: 0,
  latencyJitterMs: 0,
  perOutputTokenMs: 0,
  rpm: null,
  tpm: null,
};
const LABELS = ['positive', 'neutral', 'negative'];

type Figures = Record<string, string | number>;
/** Figures print as each section ends, names padded to this width. */
const WIDTH = 72;

function reviews(n: number, seed: string): unknown[][] {
  const moods = [
    'I love it, excellent quality',
    'Broken on arrival, terrible',
    'It arrived on Tuesday',
    '最高です、満足しています',
    '壊れていて最悪でした',
  ];
  return Array.from({ length: n }, (_, i) => [`${moods[i % moods.length]} (${seed} #${i})`]);
}

/** Texts whose summaries (the first sentence, cut to 30 words) are far longer than the durable store keeps. */
function longTexts(n: number): unknown[][] {
  return Array.from({ length: n }, (_, i) => [
    `Customer ${i} wrote that the parcel arrived ${i % 9} days late with a dented box, that the ` +
      `manual was missing two pages, that the charger stopped working after ${(i % 13) + 2} weeks, ` +
      `and that the support line kept them waiting for ${(i % 40) + 5} minutes before anyone ` +
      `answered and promised a replacement. They still liked the colour.`,
  ]);
}

async function emulator(stub: StubHandle, sheets: Record<string, unknown[][]>): Promise<Emulator> {
  const emu = await Emulator.create({
    codePath: join(DIST, 'Code.js'),
    hostMap: { 'https://api.openai.com': stub.baseUrl },
    spreadsheet: { sheets },
    serviceLatency: LATENCY,
  });
  const saved = await emu.run('saveApiKey', [KEY]);
  if (!saved.ok) throw new Error(`saveApiKey: ${saved.error?.message}`);
  return emu;
}

/** Each section gets its own stub, so one section's rate-limit window never slows the next. */
async function withStub(config: Partial<StubConfig>, fn: (stub: StubHandle) => Promise<void>): Promise<void> {
  const stub = await startStub(config);
  try {
    await fn(stub);
  } finally {
    await stub.stop();
  }
}

function sum(results: ExecutionResult[], pick: (r: ExecutionResult) => number): number {
  return results.reduce((n, r) => n + pick(r), 0);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** A cell failed when its execution threw (#ERROR!) or it holds a message instead of an answer. */
function failure(r: ExecutionResult, answered: (value: unknown) => boolean): string | undefined {
  if (!r.ok) return `#ERROR! ${r.stopped ?? ''} ${r.error?.message ?? ''}`.replace(/\s+/g, ' ').slice(0, 70);
  return answered(r.value) ? undefined : String(r.value).slice(0, 70);
}

function failureKinds(results: ExecutionResult[], answered: (value: unknown) => boolean): string {
  const kinds = new Map<string, number>();
  for (const r of results) {
    const f = failure(r, answered);
    if (f) kinds.set(f, (kinds.get(f) ?? 0) + 1);
  }
  return [...kinds].map(([k, n]) => `${n} x "${k}"`).join('; ') || 'none';
}

/**
 * `count` single-cell formulas, one per row, all started at once: 30 run, and (as in Apps Script) the
 * ones started while 30 run fail with "too many scripts running simultaneously".
 */
async function dragDown(
  emu: Emulator,
  sheet: string,
  count: number,
  formula: (row: number) => string,
): Promise<{ results: ExecutionResult[]; seconds: number }> {
  const t0 = Date.now();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => emu.evaluate(sheet, `B${i + 1}`, formula(i + 1))),
  );
  return { results, seconds: (Date.now() - t0) / 1000 };
}

async function rangeForm(out: Figures): Promise<void> {
  await withStub(REALISTIC, async (stub) => {
    const emu = await emulator(stub, { Reviews: reviews(ROWS, 'range') });
    await stub.reset();
    const t0 = Date.now();
    const first = await emu.evaluate('Reviews', 'B1', `=GPT_SENTIMENT(A1:A${ROWS})`);
    const seconds = (Date.now() - t0) / 1000;
    const stats = await stub.stats();
    const cells = (first.value as string[][] | undefined)?.flat() ?? [];
    out['range: finished inside one 30 s execution'] =
      first.ok && !first.stopped ? 'yes' : `no (${first.error?.message})`;
    out['range: seconds'] = seconds.toFixed(1);
    out['range: rows answered'] = cells.filter((c) => LABELS.includes(c)).length;
    out['range: API requests'] = stats.chatCompletions;
    out['range: tokens billed per row'] = (stats.totalTokens / ROWS).toFixed(1);
    out['range: 429 responses'] = stats.rateLimited;

    const cached = await emu.evaluate('Reviews', 'B1', `=GPT_SENTIMENT(A1:A${ROWS})`);
    out['range, cached recalculation: service calls'] = cached.serviceCalls;
    out['range, cached recalculation: API requests'] = cached.urlFetchRequests;
    out['range, cached recalculation: ms'] = cached.durationMs;

    emu.advanceClock(24 * 3600 * 1000);
    await stub.reset();
    const dayLater = await emu.evaluate('Reviews', 'B1', `=GPT_SENTIMENT(A1:A${ROWS})`);
    out['range, 24 h later (cache expired): API requests'] = (await stub.stats()).chatCompletions;
    out['range, 24 h later: service calls'] = dayLater.serviceCalls;
    await emu.close();
  });
}

async function draggedCells(out: Figures): Promise<void> {
  await withStub(REALISTIC, async (stub) => {
    const emu = await emulator(stub, { Reviews: reviews(ROWS, 'single') });
    await stub.reset();
    const { results, seconds } = await dragDown(emu, 'Reviews', ROWS, (r) => `=GPT_SENTIMENT(A${r})`);
    const stats = await stub.stats();
    const answered = (v: unknown) => LABELS.includes(String(v));
    const failed = results.filter((r) => failure(r, answered)).length;
    out['dragged cells: seconds to fill every row (30 executions at once)'] = seconds.toFixed(1);
    out['dragged cells: cells answered'] = ROWS - failed;
    out['dragged cells: cells failed'] = failed;
    out['dragged cells: failures'] = failureKinds(results, answered);
    out['dragged cells: API requests'] = stats.chatCompletions;
    out['dragged cells: API requests per 10 cells'] = ((stats.chatCompletions / ROWS) * 10).toFixed(2);
    out['dragged cells: tokens billed per row'] = (stats.totalTokens / ROWS).toFixed(1);
    out['dragged cells: 429 responses'] = stats.rateLimited;
    out['dragged cells: service calls per cell'] = (sum(results, (r) => r.serviceCalls) / ROWS).toFixed(1);
    const ms = results.map((r) => r.durationMs);
    out['dragged cells: execution ms, median / 95th percentile / slowest'] =
      `${percentile(ms, 50)} / ${percentile(ms, 95)} / ${Math.max(...ms)}`;

    // Apps Script runs at most 30 executions of a user at once; the 31st fails at once. The cells that
    // failed so are recalculated (as Sheets does, or Refresh failed cells): what that costs.
    const tooMany = results
      .map((r, i) => ({ r, row: i + 1 }))
      .filter(({ r }) => r.error?.message === TOO_MANY_EXECUTIONS);
    out['dragged cells: failed with "too many scripts running simultaneously"'] = tooMany.length;
    // Recalculated 30 at a time (what can run at once), until every cell holds its answer.
    const before = await stub.stats();
    const t1 = Date.now();
    let left = tooMany.map(({ row }) => row);
    let waves = 0;
    for (; left.length && waves < 200; waves++) {
      const wave = left.slice(0, 30);
      const again = await Promise.all(
        wave.map((row) => emu.evaluate('Reviews', `B${row}`, `=GPT_SENTIMENT(A${row})`)),
      );
      left = [...wave.filter((_, k) => failure(again[k], answered)), ...left.slice(30)];
    }
    const after = await stub.stats();
    out['dragged cells, recalculating those 30 at a time: waves, cells still failed, seconds'] =
      `${waves}, ${left.length}, ${((Date.now() - t1) / 1000).toFixed(1)}`;
    out['dragged cells, recalculating those: API requests, tokens billed'] =
      `${after.chatCompletions - before.chatCompletions}, ${after.totalTokens - before.totalTokens}`;
    out['dragged cells, all 1,000 answered: API requests, tokens billed per row'] =
      `${after.chatCompletions}, ${(after.totalTokens / ROWS).toFixed(1)}`;

    await emu.close();
  });
}

/** One cell with no neighbours, as today: what sharing adds to it (stub latency without jitter, median of 5). */
async function loneCell(out: Figures): Promise<void> {
  await withStub({ ...REALISTIC, latencyJitterMs: 0 }, async (stub) => {
    const texts = Array.from({ length: 5 }, (_, i) => [`One review, all alone (${i})`]);
    const emu = await emulator(stub, { Lone: texts });
    const runs: ExecutionResult[] = [];
    // Each in a column of its own: no formula around it to share with.
    const columns = ['B', 'D', 'F', 'H', 'J'];
    for (let i = 1; i <= 5; i++)
      runs.push(await emu.evaluate('Lone', `${columns[i - 1]}${i}`, `=GPT_SENTIMENT(A${i})`));
    const median = [...runs].sort((a, b) => a.durationMs - b.durationMs)[2];
    out['lone cell (no neighbours), not cached: ms (median of 5, stub at 450 ms)'] = median.durationMs;
    out['lone cell: service calls, API requests'] = `${median.serviceCalls}, ${median.urlFetchRequests}`;
    const cached = await emu.evaluate('Lone', 'B1', '=GPT_SENTIMENT(A1)');
    out['lone cell, cached: ms, service calls'] = `${cached.durationMs}, ${cached.serviceCalls}`;
    await emu.close();
  });
}

/** 2,000 distinct long answers (summaries, not in the durable store), recalculated from the cache. */
async function longAnswers(out: Figures): Promise<void> {
  await withStub(FAST, async (stub) => {
    const fill = async (emu: Emulator) => {
      for (let first = 1; first <= LONG_ROWS; first += 250) {
        const last = Math.min(LONG_ROWS, first + 249);
        const r = await emu.evaluate('Long', `C${first}`, `=GPT_SUMMARIZE(A${first}:A${last})`);
        if (!r.ok) throw new Error(`filling the cache: ${r.error?.message}`);
      }
      await stub.configure(REALISTIC);
      await stub.reset();
    };
    const answered = (v: unknown) => typeof v === 'string' && v.length > 100 && !v.startsWith('⚠');

    let emu = await emulator(stub, { Long: longTexts(LONG_ROWS) });
    await fill(emu);
    const cache = emu.cacheEntries('document');
    const bytes = Object.values(cache).map((v) => Buffer.byteLength(v));
    out['long answers: rows (distinct summaries over 100 characters)'] = LONG_ROWS;
    out['long answers: document cache items, largest item KB'] =
      `${bytes.length}, ${(Math.max(0, ...bytes) / 1024).toFixed(1)}`;
    const dragged = await dragDown(emu, 'Long', LONG_ROWS, (r) => `=GPT_SUMMARIZE(A${r})`);
    out['long answers, dragged cells recalculated: API requests'] = (await stub.stats()).chatCompletions;
    out['long answers, dragged cells recalculated: cells failed'] = dragged.results.filter((r) =>
      failure(r, answered),
    ).length;
    out['long answers, dragged cells recalculated: seconds'] = dragged.seconds.toFixed(1);
    out['long answers, dragged cells recalculated: service calls per cell'] = (
      sum(dragged.results, (r) => r.serviceCalls) / LONG_ROWS
    ).toFixed(1);
    await emu.close();

    await stub.configure(FAST);
    emu = await emulator(stub, { Long: longTexts(LONG_ROWS) });
    await fill(emu);
    const range = await emu.evaluate('Long', 'B1', `=GPT_SUMMARIZE(A1:A${LONG_ROWS})`);
    const rows = (range.value as unknown[][] | undefined)?.flat() ?? [];
    out['long answers, one range formula recalculated: API requests'] = (await stub.stats()).chatCompletions;
    out['long answers, one range formula recalculated: rows answered'] = rows.filter(answered).length;
    out['long answers, one range formula recalculated: service calls, ms'] =
      `${range.serviceCalls}, ${range.durationMs}`;
    await emu.close();
  });
}

/** A column job driven as the open sidebar drives it: three runJobStep calls in flight. */
async function columnJob(out: Figures): Promise<void> {
  await withStub(REALISTIC, async (stub) => {
    const rows = JOB_ROWS;
    const emu = await emulator(stub, {
      Reviews: [['Review', 'Sentiment'], ...reviews(rows, 'job').map((r) => [r[0], ''])],
    });
    await stub.reset();
    const t0 = Date.now();
    const started = await emu.run('startColumnJob', [
      { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' },
    ]);
    if (!started.ok) throw new Error(`startColumnJob: ${started.error?.message}`);
    const { jobId } = started.value as { jobId: string };
    const runs: ExecutionResult[] = [started];
    let state = 'running';
    let status: Record<string, number | string> = {};
    const driver = async () => {
      while (state === 'running') {
        const r = await emu.run('runJobStep', [jobId]);
        runs.push(r);
        if (r.ok) [status, state] = [r.value as typeof status, String((r.value as typeof status).state)];
      }
    };
    await Promise.all([driver(), driver(), driver()]);
    const minutes = (Date.now() - t0) / 60000;
    if (process.env.BENCH_DEBUG)
      for (const r of runs)
        console.log(
          r.durationMs,
          r.serviceCalls,
          (r.value as { done?: number })?.done,
          JSON.stringify(r.serviceCallsByMethod),
        );
    const spreadsheetCalls = sum(runs, (r) =>
      Object.entries(r.serviceCallsByMethod)
        .filter(([m]) => m.startsWith('SpreadsheetApp.'))
        .reduce((n, [, c]) => n + c, 0),
    );
    const stats = await stub.stats();
    const requests = stats.captured.filter((c) => c.path === '/v1/chat/completions' && c.status === 200);
    const rowsPerRequest = rows / Math.max(1, stats.chatCompletions - stats.rateLimited);
    const limiterTokens =
      stats.promptTokens +
      requests.reduce(
        (n, c) => n + Number((c.body as { max_completion_tokens?: number }).max_completion_tokens ?? 0),
        0,
      );
    const ceiling = Math.min(
      Number(REALISTIC.rpm) * rowsPerRequest,
      Number(REALISTIC.tpm) / (limiterTokens / rows),
    );
    out['job: rows'] = rows;
    out['job: state, done, failed'] = `${state}, ${status.done}, ${status.failed}`;
    out['job: minutes (from startColumnJob to done)'] = minutes.toFixed(2);
    out['job: rows per minute'] = (rows / minutes).toFixed(0);
    out['job: tokens billed per row'] = (stats.totalTokens / rows).toFixed(1);
    out['job: 429 responses'] = stats.rateLimited;
    out['job: rate-limit ceiling, rows per minute (RPM x rows/request, TPM / limiter tokens per row)'] =
      ceiling.toFixed(0);
    out['ratio: job rows/min over the rate-limit ceiling'] = (rows / minutes / ceiling).toFixed(2);
    out['job: spreadsheet service calls per row (start and steps)'] = (spreadsheetCalls / rows).toFixed(3);
    out['job: metadata items on the tab while it ran, after'] =
      `4 at most, ${emu.developerMetadata().length}`;
    await emu.close();
  });
}

function bundleFigures(out: Figures): void {
  const path = join(DIST, 'Code.js');
  const code = readFileSync(path, 'utf8');
  out['bundle: Code.js bytes'] = statSync(path).size;
  const runs = 50;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) vm.runInNewContext(code, {});
  out['bundle: load into a fresh V8 context, ms'] = (
    Number(process.hrtime.bigint() - t0) /
    1e6 /
    runs
  ).toFixed(2);
}

function ratios(out: Figures): void {
  const n = (k: string) => Number(out[k]);
  if (
    !('range: seconds' in out) ||
    !('dragged cells: seconds to fill every row (30 executions at once)' in out)
  )
    return;
  out['ratio: dragged-cell seconds over range seconds'] = (
    n('dragged cells: seconds to fill every row (30 executions at once)') / n('range: seconds')
  ).toFixed(1);
  out['ratio: dragged-cell requests over range requests'] = (
    n('dragged cells: API requests') / n('range: API requests')
  ).toFixed(2);
  out['ratio: dragged-cell tokens per row over range tokens per row'] = (
    n('dragged cells: tokens billed per row') / n('range: tokens billed per row')
  ).toFixed(2);
}

async function main(): Promise<void> {
  const out: Figures = {};
  const latency = LATENCY === REALISTIC_LATENCY ? 'realistic Apps Script latencies' : 'no service latency';
  console.log(
    `Benchmark (${DIST}/Code.js, ${latency}): ${ROWS} rows of GPT_SENTIMENT, ${LONG_ROWS} long summaries, ` +
      `a ${JOB_ROWS}-row job; stub ${REALISTIC.latencyMs}+${REALISTIC.latencyJitterMs} ms, ${REALISTIC.rpm} RPM, ${REALISTIC.tpm} TPM.`,
  );
  const t0 = Date.now();
  let printed = 0;
  const print = () => {
    const lines = Object.entries(out).slice(printed);
    printed += lines.length;
    for (const [k, v] of lines) console.log(`${k.padEnd(WIDTH)}  ${v}`);
  };
  const run = async (name: string, fn: (o: Figures) => Promise<void>) => {
    if (!SECTIONS.has(name)) return;
    await fn(out);
    print();
  };
  bundleFigures(out);
  print();
  await run('range', rangeForm);
  await run('cells', draggedCells);
  await run('lone', loneCell);
  ratios(out);
  print();
  await run('long', longAnswers);
  await run('job', columnJob);
  out['benchmark: minutes in all'] = ((Date.now() - t0) / 60000).toFixed(1);
  print();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
