// What sending and collecting a batch job's requests share: its task, model and parameters (the same
// the normal path uses), its cache keys, prices and the Batch API with the caller's key.
import { readIsolateRows } from '../../engine/isolation';
import { answerKey, EPOCH_PROPERTY } from '../../cache/answer-cache';
import type { PipelineDeps, TabRef } from '../../engine/pipeline';
import type { Task } from '../../engine/tasks';
import { UserError } from '../../i18n/messages';
import type { BatchApi } from '../../openai/batches';
import { BATCH_DISCOUNT } from '../../openai/catalog';
import { readLessons } from '../../openai/lessons';
import { capabilitiesOf, type ModelPrice } from '../../openai/models';
import type { PlanParams } from './plan';
import type { JobDeps } from '../deps';
import { jobOverrides, taskForJob } from '../spec';
import type { JobRecord } from '../store';

export interface BatchContext {
  pipeline: PipelineDeps;
  api: BatchApi;
  task: Task;
  model: string;
  plan: PlanParams;
  prices: Record<string, ModelPrice>;
  discount: number;
  epoch: string;
  /** The cache key of an answer to `text`, as the normal path makes it. */
  keyOf(text: string): string;
}

/** Throws UserError('job_no_key') when the caller has no key (deps.pipeline). */
export function batchContext(job: JobRecord, deps: JobDeps): BatchContext {
  const pipeline = deps.pipeline();
  if (!pipeline.batches) throw new UserError('job_no_key');
  const task = taskForJob(job.spec);
  const overrides = jobOverrides(job.spec.args);
  const model = job.batch?.model ?? (overrides.model || deps.defaultModel);
  const props = pipeline.documentProps();
  const caps = capabilitiesOf(model, readLessons(props)[model]);
  const epoch = props[EPOCH_PROPERTY] ?? '';
  return {
    pipeline,
    api: pipeline.batches,
    task,
    model,
    plan: {
      ...overrides,
      model,
      caps,
      alone: readIsolateRows(props),
      jobId: job.id,
      prices: pipeline.prices,
      discount: BATCH_DISCOUNT,
    },
    prices: pipeline.prices,
    discount: BATCH_DISCOUNT,
    epoch,
    keyOf: (text) =>
      answerKey({
        epoch,
        model,
        signature: task.signature,
        temperature: overrides.temperature,
        maxTokens: overrides.maxTokens,
        text,
        endpoint: pipeline.endpoint,
      }),
  };
}

/** The job's tab by id (budgets are kept by tab id), also after a rename. */
export function tabOf(job: JobRecord, deps: JobDeps): TabRef | undefined {
  const tab = job.place ? deps.sheets.tabById(job.place.sheetId) : deps.sheets.tabByName(job.spec.sheet);
  return tab ? { id: String(tab.id), name: tab.name } : undefined;
}
