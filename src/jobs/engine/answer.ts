// A step's work outside the lock: the claimed texts through the same pipeline as formulas (cache,
// batching, budget, parallel requests).
import { answerTexts, type PipelineReport, type TabRef } from '../../engine/pipeline';
import { UserError } from '../../i18n/messages';
import type { Claimed } from './claim';
import type { JobDeps } from '../deps';
import { readHolder } from '../../budget/ledger';
import { readInstructions, withContext } from '../../engine/context';
import type { Task } from '../../engine/tasks';
import { jobOverrides, taskForJob } from '../spec';
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
  const answers = new Map<string, RowAnswer>();
  if (!texts.length) return { answers };
  let report: PipelineReport | undefined;
  let stop: UserError | undefined;
  try {
    const overrides = jobOverrides(job.spec.args);
    const pipeline = deps.pipeline();
    report = answerTexts(texts, jobTask(job, pipeline.documentProps()), pipeline, {
      ...overrides,
      model: overrides.model || deps.defaultModel,
      deadline,
      sheet: () => jobTab(job, deps),
      spender: deps.spender,
    });
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    stop = e;
  }
  texts.forEach((text, k) => answers.set(text, toRowAnswer(report?.outcomes[k])));
  return { answers, report, stop };
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
