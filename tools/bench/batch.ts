// `npm run bench:batch`: a 30,000-row sentiment column job through the built bundle in the emulator,
// against the stub, in `now` mode and in `batch` mode. Prints, for each run, cost per 1,000 rows, API
// requests, Apps Script executions, tokens and minutes, and the ratios batch / now. Asserts nothing.
//
// Three runs: both modes without service latency (like for like: the ratios, per row), and batch
// mode with Apps Script's service latencies (REALISTIC_LATENCY). The `now` job runs on 3,000 rows
// (BENCH_NOW_ROWS) and its figures are also given scaled to the batch job's rows: every step of a
// `now` job finds the job's rows again through one developer-metadata item per row it has marked,
// so a 30,000-row `now` job takes far longer than this benchmark may, and at realistic latencies
// longer still (opt-in: BENCH_NOW_LATENCY=realistic).
//
// The batch job runs as a page drives it: one step at a time, waiting the pollAfterMs each step
// names (the emulator's clock is moved on instead of sleeping). The stub finishes a batch at the
// first look after it was created, so the executions counted are the fewest a batch job takes; a
// batch that takes OpenAI's whole 24 hours adds the looks printed on their own line.
//
// BENCH_BATCH_ROWS changes the size; BENCH_LATENCY=0 turns the service latencies of the third run off;
// BENCH_MODES=now,batch runs a subset; BENCH_VERBOSE=1 prints each step.
import { join } from 'node:path';
import { Emulator, REALISTIC_LATENCY } from '../emulator';
import { startStub, type StubConfig, type StubHandle, type StubStats } from '../openai-stub';
import { checkInterval } from '../../src/jobs/batch/state';

const ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 30_000);
const NOW_ROWS = Number(process.env.BENCH_NOW_ROWS ?? 3_000);
const LATENCY = process.env.BENCH_LATENCY === '0' ? {} : REALISTIC_LATENCY;
const NOW_LATENCY = process.env.BENCH_NOW_LATENCY === 'realistic' ? REALISTIC_LATENCY : {};
const MODES = new Set((process.env.BENCH_MODES ?? 'now,batch').split(','));
/** BENCH_VERBOSE=1: each step's duration and progress on stderr. */
const VERBOSE = process.env.BENCH_VERBOSE === '1';
const KEY = 'sk-proj-bench0123456789abcdefghijklmnop';
/**
 * A small model on a second-tier account (gpt-5-nano, Tier 2: 5,000 requests and 2,000,000 tokens a
 * minute, 20,000,000 batch queue tokens; OpenAI's model page), at a small model's latency. The first
 * tier's 200,000 tokens a minute would make the `now` run alone take over six minutes.
 */
const STUB: Partial<StubConfig> = {
  latencyMs: 450,
  latencyJitterMs: 300,
  perOutputTokenMs: 4,
  rpm: 5_000,
  tpm: 2_000_000,
  batchSecondsPerStage: 0,
};
const WIDTH = 64;

interface Run {
  rows: number;
  state: string;
  done: number;
  failed: number;
  costUsd: number;
  savedUsd: number;
  tokens: number;
  apiRequests: number;
  executions: number;
  minutes: number;
  batchCalls?: Record<string, number>;
}

function reviews(n: number): unknown[][] {
  const moods = [
    'I love it, excellent quality',
    'Broken on arrival, terrible',
    'It arrived on Tuesday',
    '最高です、満足しています',
    '壊れていて最悪でした',
  ];
  return [['Review', 'Sentiment'], ...Array.from({ length: n }, (_, i) => [`${moods[i % 5]} (#${i})`, ''])];
}

type Latency = typeof REALISTIC_LATENCY | Record<string, never>;

async function emulator(stub: StubHandle, latency: Latency, rows: number): Promise<Emulator> {
  const emu = await Emulator.create({
    codePath: join('dist', 'Code.js'),
    hostMap: { 'https://api.openai.com': stub.baseUrl },
    spreadsheet: { sheets: { Reviews: reviews(rows) } },
    serviceLatency: latency,
  });
  const saved = await emu.run('saveApiKey', [KEY]);
  if (!saved.ok) throw new Error(`saveApiKey: ${saved.error?.message}`);
  const budget = await emu.run('setBudget', [{ tokens: 100_000_000, period: 'monthly' }]);
  if (!budget.ok) throw new Error(`setBudget: ${budget.error?.message}`);
  return emu;
}

type Status = {
  state: string;
  done: number;
  failed: number;
  tokens: number;
  costUsd: number;
  pollAfterMs: number | null;
  batch: { savedUsd: number } | null;
};

/** The Batch API calls by kind, and every request to the API. */
function apiCalls(stats: StubStats): { all: number; batch: Record<string, number> } {
  const batch: Record<string, number> = {};
  for (const c of stats.captured) {
    if (!c.path.startsWith('/v1/files') && !c.path.startsWith('/v1/batches')) continue;
    const kind = `${c.method} ${c.path.replace(/\/(file|batch)[-_][\w-]+/g, '/{id}').replace(/\?.*$/, '')}`;
    batch[kind] = (batch[kind] ?? 0) + 1;
  }
  return { all: stats.requests, batch };
}

async function runJob(mode: 'now' | 'batch', latency: Latency, rows: number): Promise<Run> {
  const stub = await startStub(STUB);
  const emu = await emulator(stub, latency, rows);
  try {
    await stub.reset();
    const before = emu.totals().executions;
    const t0 = Date.now();
    const started = await emu.run('startColumnJob', [
      { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment', mode },
    ]);
    if (!started.ok) throw new Error(`startColumnJob: ${started.error?.message}`);
    const { jobId } = started.value as { jobId: string };
    let status = { state: 'running' } as Status;
    const step = async () => {
      const r = await emu.run('runJobStep', [jobId]);
      if (r.ok) status = r.value as Status;
      if (VERBOSE) {
        const calls = Object.entries(r.serviceCallsByMethod ?? {}).sort((a, b) => b[1] - a[1]);
        const top = calls.slice(0, 6).map(([k, n]) => `${n} ${k.replace('SpreadsheetApp.', '')}`);
        console.error(`${mode} step ${r.durationMs} ms: ${status.state} ${status.done}; ${top.join(', ')}`);
        if (r.error) console.error(r.error.message);
      }
    };
    if (mode === 'now') {
      // As the open dialog drives it: three steps in flight.
      const driver = async () => {
        while (status.state === 'running') await step();
      };
      await Promise.all([driver(), driver(), driver()]);
    } else {
      while (status.state === 'running') {
        await step();
        if (status.pollAfterMs) emu.advanceClock(status.pollAfterMs);
      }
    }
    const minutes = (Date.now() - t0) / 60_000;
    const stats = await stub.stats();
    const calls = apiCalls(stats);
    return {
      rows,
      state: status.state,
      done: status.done,
      failed: status.failed,
      costUsd: status.costUsd,
      savedUsd: status.batch?.savedUsd ?? 0,
      tokens: status.tokens,
      apiRequests: calls.all,
      executions: emu.totals().executions - before,
      minutes,
      ...(mode === 'batch' ? { batchCalls: calls.batch } : {}),
    };
  } finally {
    await emu.close();
    await stub.stop();
  }
}

/** Looks at a batch job's batches while OpenAI takes its whole 24 hours, a page open throughout. */
function looksOverADay(): number {
  let t = 0;
  let looks = 0;
  while (t < 24 * 3600_000) {
    t += checkInterval(t, 0);
    looks++;
  }
  return looks;
}

function print(label: string, value: string | number): void {
  console.log(`${label.padEnd(WIDTH)}  ${value}`);
}

function figures(name: string, r: Run): void {
  print(`${name}: rows, state, done, failed`, `${r.rows}, ${r.state}, ${r.done}, ${r.failed}`);
  print(`${name}: cost per 1,000 rows (US$)`, (r.costUsd / (r.rows / 1000)).toFixed(5));
  print(`${name}: API requests`, r.apiRequests);
  print(`${name}: Apps Script executions (start and steps)`, r.executions);
  print(`${name}: tokens billed`, r.tokens);
  print(`${name}: tokens per row`, (r.tokens / r.rows).toFixed(1));
  print(`${name}: minutes`, r.minutes.toFixed(2));
  if (r.rows !== ROWS) {
    const k = ROWS / r.rows;
    const scaled = `x ${k.toFixed(1)}, per ${ROWS} rows`;
    print(`${name}: API requests (${scaled})`, Math.round(r.apiRequests * k));
    print(`${name}: Apps Script executions (${scaled})`, Math.round(r.executions * k));
    print(`${name}: tokens billed (${scaled})`, Math.round(r.tokens * k));
  }
}

async function main(): Promise<void> {
  const named = (l: Latency) => (l === REALISTIC_LATENCY ? 'realistic latencies' : 'no service latency');
  console.log(
    `Batch benchmark (dist/Code.js): a ${ROWS}-row sentiment job; stub ` +
      `${STUB.latencyMs}+${STUB.latencyJitterMs} ms, ${STUB.rpm} RPM, ${STUB.tpm} TPM.`,
  );
  const plan: Array<{ name: string; mode: 'now' | 'batch'; latency: Latency; rows: number }> = [
    { name: `now (${named(NOW_LATENCY)})`, mode: 'now', latency: NOW_LATENCY, rows: NOW_ROWS },
    { name: 'batch (no service latency)', mode: 'batch', latency: {}, rows: ROWS },
    { name: `batch (${named(LATENCY)})`, mode: 'batch', latency: LATENCY, rows: ROWS },
  ];
  const runs: Run[] = [];
  for (const { name, mode, latency, rows } of plan) {
    if (!MODES.has(mode)) continue;
    if (
      mode === 'batch' &&
      latency === LATENCY &&
      runs.some((r) => r.batchCalls) &&
      LATENCY !== REALISTIC_LATENCY
    )
      continue;
    const r = await runJob(mode, latency, rows);
    runs.push(r);
    figures(name, r);
    if (r.batchCalls) {
      const calls = Object.entries(r.batchCalls).map(([k, n]) => `${n} x ${k}`);
      print(`${name}: Batch API calls`, calls.join(', '));
      print(`${name}: saved against the normal price (US$)`, r.savedUsd.toFixed(5));
    }
  }
  if (runs.some((r) => r.batchCalls))
    print('batch: more executions if OpenAI takes the 24 hours (looks)', looksOverADay());
  const now = runs.find((r) => !r.batchCalls);
  const batch = runs.find((r) => r.batchCalls);
  if (!now || !batch) return;
  // Per row, so that runs of different sizes compare.
  const ratio = (pick: (r: Run) => number) => {
    const b = pick(batch) / batch.rows;
    const n = pick(now) / now.rows;
    return n ? (b / n).toFixed(4) : 'n/a';
  };
  const perRow: Array<[string, (r: Run) => number]> = [
    ['cost per 1,000 rows', (r) => r.costUsd],
    ['API requests per row', (r) => r.apiRequests],
    ['Apps Script executions per row', (r) => r.executions],
    ['tokens per row', (r) => r.tokens],
  ];
  for (const [what, pick] of perRow) print(`ratio batch/now: ${what}`, ratio(pick));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
