// `npm run smoke`: for maintainers with a key. The built bundle in the emulator calls the REAL
// OpenAI API: one key check (the model list and one tiny completion) and one request per formula.
// It checks that labels are in their enum and prints the model, tokens, cost and latency of each.
// Without OPENAI_API_KEY it says so and exits 0 (CI has no network).
import { Emulator } from '../emulator';

const SHEET = 'Smoke';
const ROWS: string[][] = [
  ['Review'],
  ['The kettle boils fast and looks great. Contact: shop@example.com'],
  ['届いた箱が潰れていて、蓋が閉まりません。'],
];

interface Check {
  formula: string;
  /** Allowed answers, for labelled tasks. */
  labels?: string[];
}

const CHECKS: Check[] = [
  { formula: '=GPT_SENTIMENT(A2:A3)', labels: ['positive', 'neutral', 'negative'] },
  { formula: '=GPT_SENTIMENT(A2:A3, "良い,普通,悪い")', labels: ['良い', '普通', '悪い'] },
  {
    formula: '=GPT_CLASSIFY(A2:A3, "quality,delivery,price,other")',
    labels: ['quality', 'delivery', 'price', 'other'],
  },
  { formula: '=GPT_EXTRACT(A2:A3, "email addresses")' },
  { formula: '=GPT_SUMMARIZE(A2:A3, 8)' },
  { formula: '=GPT_TRANSLATE(A2:A3, "Japanese")' },
  { formula: '=GPT("Answer in five words or fewer", A2:A3)' },
];

interface Spent {
  totalTokens: number;
  costUsd: number;
  reasoningTokens: number;
  cachedInputTokens: number;
}

async function spent(emu: Emulator): Promise<Spent> {
  const usage = await emu.run('getUsage');
  return (usage.value as { spreadsheet: Spent }).spreadsheet;
}

async function main(): Promise<number> {
  const key = process.env.OPENAI_API_KEY?.trim();
  if (!key) {
    console.log(
      'npm run smoke: OPENAI_API_KEY is not set, so nothing was sent. It calls the real OpenAI API; set the variable to run it.',
    );
    return 0;
  }
  const emu = await Emulator.create({ spreadsheet: { sheets: { [SHEET]: ROWS } } });
  let failures = 0;
  try {
    const t0 = Date.now();
    const saved = await emu.run('saveApiKey', [key]);
    const result = saved.value as { ok: boolean; model?: string; message: string; code?: string };
    console.log(
      `key check: ${result.ok ? 'ok' : `refused (${result.code})`} in ${Date.now() - t0} ms: ${result.message}`,
    );
    if (!result.ok) return 1;
    const settings = (await emu.run('getSettings')).value as {
      model: string;
      modelShutdownDate: string | null;
    };
    console.log(
      `model: ${settings.model} (shutdown date: ${settings.modelShutdownDate ?? 'none announced'})`,
    );
    for (const [i, check] of CHECKS.entries()) {
      const before = await spent(emu);
      const cell = await emu.evaluate(SHEET, `${String.fromCharCode(66 + i)}2`, check.formula);
      const after = await spent(emu);
      const answers = ((cell.value as string[][] | undefined) ?? []).flat();
      const bad = check.labels ? answers.filter((a) => !check.labels?.includes(a)) : [];
      const ok = cell.ok && answers.length === 2 && bad.length === 0;
      if (!ok) failures++;
      console.log(
        `${ok ? 'ok  ' : 'FAIL'} ${check.formula}: ${cell.durationMs} ms, ${cell.urlFetchRequests} request(s), ` +
          `${after.totalTokens - before.totalTokens} tokens (${after.reasoningTokens - before.reasoningTokens} reasoning, ` +
          `${after.cachedInputTokens - before.cachedInputTokens} cached), US$${(after.costUsd - before.costUsd).toFixed(6)}` +
          `${cell.ok ? '' : ` error: ${cell.error?.message}`}${bad.length ? ` answers outside the labels: ${bad.join(', ')}` : ''}`,
      );
      console.log(`       ${answers.map((a) => JSON.stringify(a)).join(' | ')}`);
    }
  } finally {
    await emu.close();
  }
  console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
