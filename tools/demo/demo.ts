// `npm run demo`: the built add-on (dist/Code.js) in the Apps Script emulator on the sample
// spreadsheet. Offline against the local OpenAI stub by default; against the real API when
// OPENAI_API_KEY is set. It says which one it used.
import { readFileSync } from 'node:fs';
import { Emulator } from '../emulator';
import { startStub, type StubHandle } from '../openai-stub';
import { showModelPreview } from './model-preview';

interface Sample {
  name: string;
  locale: string;
  timeZone: string;
  sheets: Record<string, unknown[][]>;
}

const SHEET = 'Reviews';

async function main(): Promise<void> {
  const realKey = process.env.OPENAI_API_KEY?.trim();
  const sample = JSON.parse(readFileSync('samples/reviews.json', 'utf8')) as Sample;
  let stub: StubHandle | undefined;
  if (!realKey) stub = await startStub({ latencyMs: 120, latencyJitterMs: 80 });
  const emu = await Emulator.create({
    spreadsheet: {
      name: sample.name,
      locale: sample.locale,
      timeZone: sample.timeZone,
      sheets: sample.sheets,
    },
    hostMap: stub ? { 'https://api.openai.com': stub.baseUrl } : undefined,
  });
  try {
    console.log(
      realKey
        ? 'Using the REAL OpenAI API (OPENAI_API_KEY is set): this run is billed to that key.'
        : `Using the LOCAL OpenAI stub at ${stub?.baseUrl} (offline; set OPENAI_API_KEY to use the real API).`,
    );
    const saved = await emu.run('saveApiKey', [realKey ?? `  sk-demo-${'x'.repeat(32)}\n`]);
    const key = saved.value as { ok: boolean; maskedKey?: string; model?: string; message: string };
    if (!saved.ok || !key.ok) throw new Error(`saveApiKey failed: ${saved.error?.message ?? key.message}`);
    console.log(`saveApiKey: ${key.maskedKey}: ${key.message}`);
    console.log(`Model chosen from the key's model list: ${key.model}`);

    const rows = sample.sheets[SHEET].length;
    await show(emu, 'C2', `=GPT_SENTIMENT(B2:B${rows})`);
    for (let r = 2; r <= rows; r++) await show(emu, `D${r}`, `=GPT_SENTIMENT(B${r}, "良い,普通,悪い")`, true);
    const beforeTopics = await usedTokens(emu);
    await show(emu, 'E2', `=GPT_CLASSIFY(B2:B${rows}, "quality,delivery,price,other")`);
    const topicTokens = (await usedTokens(emu)) - beforeTopics;
    await runColumnJob(emu, {
      sheet: SHEET,
      inputColumn: 'B',
      outputColumn: 'F',
      task: 'summarize',
      args: { max_words: 6 },
    });
    printTable(emu.sheet(SHEET).getValues());
    if (stub)
      console.log(
        '\nOffline, the answers come from the stub: a small keyword model for sentiment and common\n' +
          'categories, stand-ins that look plausible, not a model’s judgement.',
      );
    await evaluateTopics(emu, rows, key.model ?? '', topicTokens);
    await showModelPreview(emu);

    const again = await emu.evaluate(SHEET, 'C2', `=GPT_SENTIMENT(B2:B${rows})`);
    console.log(
      `\nRecalculating the range: ${again.urlFetchRequests} API requests, ${again.serviceCalls} service calls (all cached).`,
    );
    const usage = await emu.run('getUsage');
    const spreadsheet = (usage.value as { spreadsheet: Record<string, unknown> }).spreadsheet;
    console.log(
      `Budget: ${spreadsheet.used} tokens used of ${spreadsheet.limit} (${spreadsheet.period}); estimated cost $${spreadsheet.costUsd}.`,
    );
    if (stub) {
      const stats = await stub.stats();
      console.log(
        `Stub served ${stats.chatCompletions} chat requests, ${stats.totalTokens} tokens in all ` +
          '(including the one tiny billing check made when the key was saved, which is not charged to the budget).',
      );
    }
  } finally {
    await emu.close();
    await stub?.stop();
  }
}

/**
 * Evaluates GPT_CLASSIFY's topics against the labelled column G with the default model, without and
 * with the examples on the "Topic examples" tab, and prints the two side by side.
 */
async function evaluateTopics(
  emu: Emulator,
  rows: number,
  model: string,
  formulaTokens: number,
): Promise<void> {
  const spec = {
    sheet: SHEET,
    inputColumn: 'B',
    labelColumn: 'G',
    task: 'classify',
    args: { categories: 'quality,delivery,price,other' },
    lastRow: rows,
    models: [model],
  };
  console.log(`\nEvaluation of the topics against the labelled column G (${model}):`);
  console.log('                     rows  accuracy  tokens/row  US$/1,000 rows  recommended');
  for (const [name, examples] of [
    ['without examples', undefined],
    ['with 3 examples', "'Topic examples'!A2:B4"],
  ] as const) {
    const started = await emu.run('startEvaluation', [{ ...spec, examples }]);
    if (!started.ok) throw new Error(`startEvaluation failed: ${started.error?.message}`);
    const { jobId } = started.value as { jobId: string };
    await driveJob(emu, jobId);
    const view = (await emu.run('getEvaluation', [jobId])).value as {
      results: Array<{ rows: number; accuracy: number; tokens: number; costPer1000Rows: number | null }>;
      recommended: string | null;
      reportSheet: string | null;
    };
    const [r] = view.results;
    const perRow = r.rows ? r.tokens / r.rows : 0;
    const cost = r.costPer1000Rows === null ? 'price unknown' : `$${r.costPer1000Rows.toFixed(4)}`;
    console.log(
      `${name.padEnd(20)} ${String(r.rows).padStart(4)}  ${(r.accuracy * 100).toFixed(1).padStart(7)} %` +
        `  ${perRow.toFixed(1).padStart(10)}  ${cost.padStart(14)}  ${view.recommended ?? '–'}`,
    );
    if (!examples)
      console.log('  (answers without examples came from the cache: column E asked the same question)');
    else {
      const plain = r.rows ? formulaTokens / r.rows : 0;
      console.log(
        `Column E's formula billed ${plain.toFixed(1)} tokens per row, so the examples cost ` +
          `${(perRow - plain).toFixed(1)} more per row; the report is in the tab "${view.reportSheet}".`,
      );
    }
  }
}

async function usedTokens(emu: Emulator): Promise<number> {
  const usage = await emu.run('getUsage');
  return Number((usage.value as { spreadsheet: { used: number } }).spreadsheet.used);
}

/** Drives a job the way an open page does: step after step until it ends. */
async function driveJob(
  emu: Emulator,
  jobId: string,
): Promise<{ status: Record<string, unknown>; steps: number }> {
  let status: Record<string, unknown> = { state: 'running' };
  let steps = 0;
  while (status.state === 'running') {
    const step = await emu.run('runJobStep', [jobId]);
    if (!step.ok) throw new Error(`runJobStep failed: ${step.error?.message}`);
    status = step.value as Record<string, unknown>;
    steps++;
  }
  return { status, steps };
}

/** Starts a column job and drives it the way the open sidebar does: step after step until it ends. */
async function runColumnJob(emu: Emulator, spec: Record<string, unknown>): Promise<void> {
  const started = await emu.run('startColumnJob', [spec]);
  if (!started.ok) throw new Error(`startColumnJob failed: ${started.error?.message}`);
  const { jobId } = started.value as { jobId: string };
  const { status, steps } = await driveJob(emu, jobId);
  console.log(
    `Column job ${spec.task} ${spec.inputColumn} -> ${spec.outputColumn}: ${status.state} after ${steps} step(s); ` +
      `${status.done} done, ${status.failed} failed, ${status.tokens} tokens.`,
  );
}

async function show(emu: Emulator, a1: string, formula: string, quiet = false): Promise<void> {
  const result = await emu.evaluate(SHEET, a1, formula);
  if (!result.ok) throw new Error(`${formula} failed: ${result.error?.message}`);
  if (!quiet)
    console.log(`${a1} ${formula}: ${result.urlFetchRequests} API requests in ${result.durationMs} ms`);
}

function printTable(values: unknown[][]): void {
  const width = (s: string) =>
    [...s].reduce((w, ch) => w + ((ch.codePointAt(0) as number) > 0x2e80 ? 2 : 1), 0);
  const cut = (s: string, n: number) => {
    let out = '';
    for (const ch of s) {
      if (width(out + ch) > n) return `${out}…`;
      out += ch;
    }
    return out;
  };
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
  const cols = [11, 40, 9, 15, 9, 30, 10];
  console.log('');
  for (const row of values) {
    console.log(row.map((v, i) => pad(cut(String(v ?? ''), cols[i] - 1), cols[i])).join(' '));
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
