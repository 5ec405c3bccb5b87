// The demo's preview of a model change: the texts the demo's formulas and jobs answered with the
// model formulas use are asked of another model (the current one is not asked again), and the
// agreement per task and the cost and time per 1,000 rows are printed, old versus new.
import type { getModelPreviewSetup } from '../../src/main';
import type { ModelFigures, ModelPreview, PreviewEstimate } from '../../src/settings/model-preview';
import type { Emulator } from '../emulator';

/** Models worth previewing, in order: the announced replacement, then current small models. */
const CANDIDATES = ['gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-6-luna', 'gpt-4.1-mini'];

export async function showModelPreview(emu: Emulator): Promise<void> {
  const setup = await emu.run('getModelPreviewSetup');
  if (!setup.ok) throw new Error(`getModelPreviewSetup failed: ${setup.error?.message}`);
  const s = setup.value as ReturnType<typeof getModelPreviewSetup>;
  const usable = new Set(s.models.filter((m) => !m.shutdownDate && m.priced).map((m) => m.id));
  const target = [s.modelReplacement, ...CANDIDATES].find((m) => m && m !== s.model && usable.has(m));
  if (!target) {
    console.log(`\nModel preview: no other priced model to compare ${s.model} with.`);
    return;
  }
  const estimate = await emu.run('estimateModelPreview', [target]);
  if (!estimate.ok) throw new Error(`estimateModelPreview failed: ${estimate.error?.message}`);
  const e = estimate.value as PreviewEstimate;
  console.log(
    `\nModel preview ${s.model} -> ${target}: ${e.rows} recorded texts, ${e.requests} requests, ` +
      `at most ${e.tokens} tokens (${e.usd === null ? 'price unknown' : `$${e.usd.toFixed(4)}`}).`,
  );
  const run = await emu.run('previewModelChange', [target]);
  if (!run.ok) throw new Error(`previewModelChange failed: ${run.error?.message}`);
  printPreview(run.value as ModelPreview);
}

function printPreview(p: ModelPreview): void {
  for (const t of p.tasks) {
    const share = t.answered ? ((t.same / t.answered) * 100).toFixed(1) : '–';
    const kind = t.labels ? 'stay the same' : 'word for word the same';
    const name = `${t.task}${t.labels ? ` (${t.labels.join('/')})` : ''}${t.context ? ', with examples or instructions' : ''}`;
    console.log(`  ${name}, ${t.rows} rows: ${t.same}/${t.answered} ${kind} (${share} %)`);
    for (const f of t.flips) console.log(`      ${f.from} -> ${f.to}: ${f.rows}`);
    for (const x of t.sideBySide.slice(0, 2))
      console.log(`      "${x.text.slice(0, 40)}": "${x.current.slice(0, 30)}" | "${x.next.slice(0, 30)}"`);
    if (t.problem) console.log(`      not answered: ${t.problem}`);
  }
  const money = (f: ModelFigures) =>
    f.usdPer1000 === null ? 'price unknown' : `$${f.usdPer1000.toFixed(4)}`;
  const time = (f: ModelFigures) => (f.secondsPer1000 === null ? '–' : `${f.secondsPer1000.toFixed(0)} s`);
  console.log('  per 1,000 rows     cost           time');
  for (const f of [p.current, p.next])
    console.log(`  ${f.model.padEnd(16)} ${money(f).padEnd(14)} ${time(f)}`);
}
