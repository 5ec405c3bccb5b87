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
      `\nRecalculating the range: ${plural(again.urlFetchRequests, 'API request')}, ` +
        `${plural(again.serviceCalls, 'service call')} (all cached).`,
    );
    const usage = await emu.run('getUsage');
    const spreadsheet = (usage.value as { spreadsheet: Record<string, unknown> }).spreadsheet;
    console.log(
      `Budget: ${count(Number(spreadsheet.used))} tokens used of ${count(Number(spreadsheet.limit))} ` +
        `(${spreadsheet.period}); estimated cost US$${spreadsheet.costUsd}.`,
    );
    if (stub) {
      const stats = await stub.stats();
      console.log(
        `Stub served ${plural(stats.chatCompletions, 'chat request')}, ${count(stats.totalTokens)} tokens in all ` +
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
  const reports: string[] = [];
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
          `${(perRow - plain).toFixed(1)} more per row.`,
      );
    }
    reports.push(view.reportSheet ?? '');
  }
  console.log(
    `Each evaluation writes its report to a new tab named for the minute it ended: "${reports.join('" and "')}"` +
      (reports.some((r) => / \(\d+\)$/.test(r))
        ? ' (a tab name already taken gets a number, as Sheets does for copies).'
        : '.'),
  );
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
    `Column job ${spec.task} ${spec.inputColumn} -> ${spec.outputColumn}: ${status.state} after ${plural(steps, 'step')}; ` +
      `${count(Number(status.done))} done, ${count(Number(status.failed))} failed, ${count(Number(status.tokens))} tokens.`,
  );
}

async function show(emu: Emulator, a1: string, formula: string, quiet = false): Promise<void> {
  const result = await emu.evaluate(SHEET, a1, formula);
  if (!result.ok) throw new Error(`${formula} failed: ${result.error?.message}`);
  if (!quiet)
    console.log(
      `${a1} ${formula}: ${plural(result.urlFetchRequests, 'API request')} in ${count(result.durationMs)} ms`,
    );
}

/** The sheet as Sheets shows it: column letters above, row numbers beside, long texts cut. */
function printTable(values: unknown[][]): void {
  const width = (text: string) =>
    [...text].reduce((w, ch) => w + ((ch.codePointAt(0) as number) > 0x2e80 ? 2 : 1), 0);
  const cut = (text: string, n: number) => {
    if (width(text) <= n) return text;
    let out = '';
    for (const ch of text) {
      if (width(`${out}${ch}…`) > n) return `${out}…`;
      out += ch;
    }
    return out;
  };
  const pad = (text: string, n: number) => text + ' '.repeat(Math.max(0, n - width(text)));
  // Room for the contents, never less than the header: a header is what says what a column is.
  const room = [10, 40, 8, 8, 8, 30, 8];
  const cols = values[0].map((header, i) => Math.max(room[i] ?? 10, width(String(header ?? ''))));
  const rowNumbers = String(values.length).length;
  const line = (label: string, cells: string[]) =>
    [pad(label, rowNumbers), ...cells.map((c, i) => pad(cut(c, cols[i]), cols[i]))].join(' | ').trimEnd();
  console.log('');
  console.log(
    line(
      '',
      cols.map((_, i) => String.fromCharCode(65 + i)),
    ),
  );
  values.forEach((row, r) =>
    console.log(
      line(
        String(r + 1),
        row.map((v) => String(v ?? '')),
      ),
    ),
  );
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
