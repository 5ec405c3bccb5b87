// A step's work outside the lock: the claimed texts through the same pipeline as formulas (cache,
// batching, budget, parallel requests). Texts the personal-data rule keeps from being sent are answered
// with a note saying why.
import { answerTexts, type PipelineReport, type TabRef } from '../../engine/pipeline';
import { UserError } from '../../i18n/messages';
import type { Claimed } from './claim';
import type { JobDeps } from '../deps';
import { readHolder } from '../../budget/ledger';
import { readInstructions, withContext } from '../../engine/context';
import type { Task } from '../../engine/tasks';
import { jobOverrides, personalDataOf, taskForJob } from '../spec';
import { personalKinds, skipsRow } from '../../engine/personal-data';
import { format, type Locale } from '../../i18n/messages';
import type { JobRecord } from '../store';

export type RowAnswer =
  { kind: 'answer'; text: string } | { kind: 'retry' } | { kind: 'fail'; reason: UserError };

export interface Answered {
  /** By text. */
  answers: Map<string, RowAnswer>;
  report?: PipelineReport;
  /** What stopped the whole chunk (no key, the budget, a busy lock...). */
  stop?: UserError;
}

export function answerChunk({ job, texts }: Claimed, deps: JobDeps, deadline: number): Answered {
  const rule = personalDataOf(job.spec);
  const answers = new Map<string, RowAnswer>();
  texts.forEach((t) => {
    if (t && skipsRow(rule, t)) answers.set(t, skippedNote(t, deps.locale ?? 'en'));
  });
  const positions = texts.map((t, i) => (t && !skipsRow(rule, t) ? i : -1)).filter((i) => i >= 0);
  if (!positions.length) return { answers };
  let report: PipelineReport | undefined;
  let stop: UserError | undefined;
  try {
    const overrides = jobOverrides(job.spec.args);
    const pipeline = deps.pipeline();
    report = answerTexts(
      positions.map((i) => texts[i]),
      jobTask(job, pipeline.documentProps()),
      pipeline,
      {
        ...overrides,
        model: overrides.model || deps.defaultModel,
        deadline,
        sheet: () => jobTab(job, deps),
        spender: deps.spender,
        maskPersonalData: rule === 'mask',
      },
    );
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    stop = e;
  }
  positions.forEach((i, k) => answers.set(texts[i], toRowAnswer(report?.outcomes[k])));
  return { answers, report, stop };
}

/** What a skipped row's output cell says: which kinds of personal data kept it from being sent. */
export function skippedNote(text: string, locale: Locale): RowAnswer {
  const kinds = [...personalKinds(text)].map((k) => format(locale, `personal_kind_${k}`)).join(', ');
  return { kind: 'answer', text: format(locale, 'personal_data_skipped', { kinds }) };
}

/** The job's task with the spreadsheet's instructions (the owner's) and the job's examples. */
export function jobTask(job: JobRecord, props: Record<string, string>): Task {
  const instructions = readInstructions(props, readHolder(props));
  return withContext(taskForJob(job.spec), { instructions, examples: job.spec.examples ?? [] });
}

/** The job's tab by id (budgets are kept by tab id), also after a rename. */
export function jobTab(job: JobRecord, deps: JobDeps): TabRef | undefined {
  const tab = job.place ? deps.sheets.tabById(job.place.sheetId) : deps.sheets.tabByName(job.spec.sheet);
  return tab ? { id: String(tab.id), name: tab.name } : undefined;
}

function toRowAnswer(outcome: PipelineReport['outcomes'][number] | undefined): RowAnswer {
  if (!outcome) return { kind: 'retry' };
  if (outcome.ok) return { kind: 'answer', text: outcome.answer };
  if (outcome.error === 'unfinished') return { kind: 'retry' };
  return { kind: 'fail', reason: outcome.error };
}
