// `npm run bench`: the built bundle in the emulator against the stub with realistic latency and
// rate limits. Prints figures and ratios from one run; asserts nothing (machines are noisy).
import { readFileSync, statSync } from 'node:fs';
import vm from 'node:vm';
import { Emulator, type ExecutionResult } from '../emulator';
import { startStub, type StubHandle } from '../openai-stub';

const ROWS = Number(process.env.BENCH_ROWS ?? 1000);
const KEY = 'sk-proj-bench0123456789abcdefghijklmnop';
/** Latency and limits in the range of a small current model on a first-tier account. */
const REALISTIC = { latencyMs: 450, latencyJitterMs: 300, perOutputTokenMs: 4, rpm: 500, tpm: 200_000 };

interface Figures {
  [name: string]: string | number;
}

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

async function emulator(stub: StubHandle, sheet: unknown[][]): Promise<Emulator> {
  const emu = await Emulator.create({
    hostMap: { 'https://api.openai.com': stub.baseUrl },
    spreadsheet: { sheets: { Reviews: sheet } },
  });
  const saved = await emu.run('saveApiKey', [KEY]);
  if (!saved.ok) throw new Error(`saveApiKey: ${saved.error?.message}`);
  return emu;
}

function sum(results: ExecutionResult[], pick: (r: ExecutionResult) => number): number {
  return results.reduce((n, r) => n + pick(r), 0);
}

async function rangeForm(stub: StubHandle, out: Figures): Promise<void> {
  const emu = await emulator(stub, reviews(ROWS, 'range'));
  await stub.reset();
  const t0 = Date.now();
  const first = await emu.evaluate('Reviews', 'B1', `=GPT_SENTIMENT(A1:A${ROWS})`);
  const seconds = (Date.now() - t0) / 1000;
  const stats = await stub.stats();
  const cells = (first.value as string[][] | undefined)?.flat() ?? [];
  out['range: finished inside one 30 s execution'] =
    first.ok && !first.stopped ? 'yes' : `no (${first.error?.message})`;
  out['range: seconds'] = seconds.toFixed(1);
  out['range: rows per second'] = (ROWS / seconds).toFixed(1);
  out['range: rows answered'] = cells.filter((c) => ['positive', 'neutral', 'negative'].includes(c)).length;
  out['range: API requests per row'] = (stats.chatCompletions / ROWS).toFixed(3);
  out['range: tokens billed per row'] = (stats.totalTokens / ROWS).toFixed(1);
  out['range: 429 responses'] = stats.rateLimited;

  const cached = await emu.evaluate('Reviews', 'B1', `=GPT_SENTIMENT(A1:A${ROWS})`);
  out['cached recompute: service calls'] = cached.serviceCalls;
  out['cached recompute: service calls per row'] = (cached.serviceCalls / ROWS).toFixed(4);
  out['cached recompute: API requests'] = cached.urlFetchRequests;
  out['cached recompute: ms'] = cached.durationMs;

  emu.advanceClock(24 * 3600 * 1000);
  await stub.reset();
  const dayLater = await emu.evaluate('Reviews', 'B1', `=GPT_SENTIMENT(A1:A${ROWS})`);
  out['24 h later (cache expired): API calls'] = (await stub.stats()).chatCompletions;
  out['24 h later: service calls'] = dayLater.serviceCalls;
  await emu.close();
}

async function singleCellForm(stub: StubHandle, out: Figures): Promise<void> {
  const emu = await emulator(stub, reviews(ROWS, 'single'));
  await stub.reset();
  const t0 = Date.now();
  const results = await Promise.all(
    Array.from({ length: ROWS }, (_, i) => emu.evaluate('Reviews', `B${i + 1}`, `=GPT_SENTIMENT(A${i + 1})`)),
  );
  const seconds = (Date.now() - t0) / 1000;
  const stats = await stub.stats();
  out['single cells: seconds (30 executions at once, as Sheets allows)'] = seconds.toFixed(1);
  const answered = results.filter((r) => r.ok).length;
  out['single cells: cells answered'] = answered;
  out['single cells: cells failed (429 past the 30 s limit)'] = ROWS - answered;
  out['single cells: answered rows per second'] = (answered / seconds).toFixed(1);
  out['single cells: API requests per row'] = (sum(results, (r) => r.urlFetchRequests) / ROWS).toFixed(3);
  out['single cells: tokens billed per answered row'] = (stats.totalTokens / Math.max(1, answered)).toFixed(
    1,
  );
  out['single cells: 429 responses'] = stats.rateLimited;
  out['single cells: service calls per row'] = (sum(results, (r) => r.serviceCalls) / ROWS).toFixed(1);

  const cached = await emu.evaluate('Reviews', 'B1', '=GPT_SENTIMENT(A1)');
  out['one cached cell: load bundle + answer, ms (emulator execution)'] = cached.durationMs;
  await emu.close();
}

/** A column job driven as the open sidebar drives it: three runJobStep calls in flight. */
async function columnJob(stub: StubHandle, out: Figures): Promise<void> {
  // Long enough (several minutes) for the sliding rate-limit window to matter, not just the first burst.
  const rows = Number(process.env.BENCH_JOB_ROWS ?? 15000);
  const emu = await emulator(stub, [['Review', 'Sentiment'], ...reviews(rows, 'job').map((r) => [r[0], ''])]);
  await stub.reset();
  const started = await emu.run('startColumnJob', [
    { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' },
  ]);
  if (!started.ok) throw new Error(`startColumnJob: ${started.error?.message}`);
  const { jobId } = started.value as { jobId: string };
  const t0 = Date.now();
  let state = 'running';
  let status: Record<string, number | string> = {};
  const driver = async () => {
    while (state === 'running') {
      const r = await emu.run('runJobStep', [jobId]);
      if (r.ok) [status, state] = [r.value as typeof status, String((r.value as typeof status).state)];
    }
  };
  await Promise.all([driver(), driver(), driver()]);
  const minutes = (Date.now() - t0) / 60000;
  const stats = await stub.stats();
  const requests = stats.captured.filter((c) => c.path === '/v1/chat/completions' && c.status === 200);
  const rowsPerRequest = rows / Math.max(1, stats.chatCompletions - stats.rateLimited);
  const limiterTokens =
    stats.promptTokens +
    requests.reduce(
      (n, c) => n + Number((c.body as { max_completion_tokens?: number }).max_completion_tokens ?? 0),
      0,
    );
  const ceilingByRequests = REALISTIC.rpm * rowsPerRequest;
  const ceilingByTokens = REALISTIC.tpm / (limiterTokens / rows);
  const ceiling = Math.min(ceilingByRequests, ceilingByTokens);
  out['job: rows'] = rows;
  out['job: state, done, failed'] = `${state}, ${status.done}, ${status.failed}`;
  out['job: minutes'] = minutes.toFixed(2);
  out['job: rows per minute'] = (rows / minutes).toFixed(0);
  out['job: tokens billed per row'] = (stats.totalTokens / rows).toFixed(1);
  out['job: tokens per row as the rate limiter counts them (prompt + output cap)'] = (
    limiterTokens / rows
  ).toFixed(1);
  out['job: ceiling, RPM x rows per request'] = ceilingByRequests.toFixed(0);
  out['job: ceiling, TPM / tokens per row'] = ceilingByTokens.toFixed(0);
  out['job: 429 responses'] = stats.rateLimited;
  out['ratio: job rows/min over the rate-limit ceiling'] = (rows / minutes / ceiling).toFixed(2);
  await emu.close();
}

function bundleFigures(out: Figures): void {
  const code = readFileSync('dist/Code.js', 'utf8');
  out['bundle: dist/Code.js bytes'] = statSync('dist/Code.js').size;
  const runs = 50;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) vm.runInNewContext(code, {});
  out['bundle: load into a fresh V8 context, ms'] = (
    Number(process.hrtime.bigint() - t0) /
    1e6 /
    runs
  ).toFixed(2);
}

async function main(): Promise<void> {
  const stub = await startStub(REALISTIC);
  const out: Figures = {};
  try {
    console.log(
      `Benchmark: ${ROWS} rows of GPT_SENTIMENT; stub latency ${REALISTIC.latencyMs}+${REALISTIC.latencyJitterMs} ms, ${REALISTIC.rpm} RPM, ${REALISTIC.tpm} TPM.`,
    );
    bundleFigures(out);
    await rangeForm(stub, out);
    await stub.reset();
    await new Promise((r) => setTimeout(r, 61_000)); // let the rate-limit window empty before the next form
    await singleCellForm(stub, out);
    await stub.reset();
    await new Promise((r) => setTimeout(r, 61_000));
    await columnJob(stub, out);
    out['ratio: range rows/s over single-cell answered rows/s'] = (
      Number(out['range: rows per second']) / Number(out['single cells: answered rows per second'])
    ).toFixed(1);
    out['ratio: range tokens/row as a fraction of single-cell tokens/row'] = (
      Number(out['range: tokens billed per row']) /
      Number(out['single cells: tokens billed per answered row'])
    ).toFixed(3);
    out['ratio: range requests/row over single-cell requests/row'] = (
      Number(out['range: API requests per row']) / Number(out['single cells: API requests per row'])
    ).toFixed(3);
  } finally {
    await stub.stop();
  }
  const width = Math.max(...Object.keys(out).map((k) => k.length));
  for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(width)}  ${v}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
