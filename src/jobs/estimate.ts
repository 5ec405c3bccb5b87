// What a job will cost at most, before it starts: the dialog shows it, and a job the budget cannot
// cover is refused unless it may run until the budget is reached.
import { planBatches, type Batch } from '../engine/batch';
import { cellText } from '../engine/values';
import { Ledger } from '../budget/ledger';
import { readLessons } from '../openai/lessons';
import { capabilitiesOf, boundUsd } from '../openai/models';
import type { JobDeps } from './deps';
import { withExampleCells } from './examples-range';
import { withContext } from '../engine/context';
import {
  jobOverrides,
  modeOf,
  parseEvaluationSpec,
  parseJobSpec,
  taskForJob,
  type JobMode,
  type JobSpec,
} from './spec';
import { BATCH_DISCOUNT } from '../openai/catalog';

/** What a job costs at most, and about how long it takes, in one mode. */
export interface ModeEstimate {
  /** An upper bound: input estimate plus the output cap of every request (the same in both modes). */
  estimatedTokens: number;
  /** Null when the model has no known price. The Batch API bills half. */
  estimatedCostUsd: number | null;
  requests: number;
  /**
   * About how long until every row is answered. Now: at a first-tier account's rate limits (200,000
   * tokens and 500 requests a minute) with a page open. Batch: OpenAI's completion window, 24 hours
   * (usually sooner; no time is promised).
   */
  expectedSeconds: number;
}

export interface JobEstimate {
  rows: number;
  nonBlank: number;
  /** The mode the spec asks for (`now` by default); the figures below are that mode's. */
  mode: JobMode;
  estimatedTokens: number;
  estimatedCostUsd: number | null;
  model: string;
  remainingBudget: number | null;
  fits: boolean;
  modes: Record<JobMode, ModeEstimate>;
}

/** The rate a job in `now` mode is assumed to have: a first-tier account for a small model. */
const ASSUMED_TOKENS_PER_MINUTE = 200_000;
const ASSUMED_REQUESTS_PER_MINUTE = 500;
const BATCH_WINDOW_SECONDS = 24 * 3600;

/** The last row with content of a tab, or null when there is no tab of that name. */
export function lastRowOf(deps: Pick<JobDeps, 'sheets'>): (sheet: string) => number | null {
  return (sheet) => {
    const tab = deps.sheets.tabByName(sheet);
    return tab ? deps.sheets.lastRow(tab.id) : null;
  };
}

export function estimateJob(input: unknown, deps: JobDeps): JobEstimate {
  return estimateSpec(parseJobSpec(withExampleCells(input, deps.sheets).input, lastRowOf(deps)), deps);
}

export function estimateEvaluation(input: unknown, deps: JobDeps): JobEstimate {
  const given = withExampleCells(input, deps.sheets);
  return estimateSpec(
    parseEvaluationSpec(given.input, lastRowOf(deps), deps.defaultModel, given.range),
    deps,
  );
}

/** An evaluation asks every row of every model: the sum of one estimate per model, in each mode. */
export function estimateSpec(spec: JobSpec, deps: JobDeps): JobEstimate {
  const models = spec.evaluation?.models;
  if (!models?.length) return estimateOne(spec, deps);
  const each = models.map((model) => estimateOne({ ...spec, args: { ...spec.args, model } }, deps));
  const modes = {} as Record<JobMode, ModeEstimate>;
  for (const mode of ['now', 'batch'] as const) modes[mode] = sumModes(each.map((e) => e.modes[mode]));
  const mode = each[0].mode;
  const remaining = each[0].remainingBudget;
  return {
    ...each[0],
    model: models.join(', '),
    estimatedTokens: modes[mode].estimatedTokens,
    estimatedCostUsd: modes[mode].estimatedCostUsd,
    fits: remaining === null || modes[mode].estimatedTokens <= remaining,
    modes,
  };
}

/** Several models' estimates together: one after another, so their tokens, cost, requests and time add up. */
function sumModes(list: ModeEstimate[]): ModeEstimate {
  const costs = list.map((e) => e.estimatedCostUsd);
  return {
    estimatedTokens: list.reduce((n, e) => n + e.estimatedTokens, 0),
    estimatedCostUsd: costs.every((c) => c !== null) ? costs.reduce((n, c) => n + (c as number), 0) : null,
    requests: list.reduce((n, e) => n + e.requests, 0),
    expectedSeconds: list.reduce((n, e) => n + e.expectedSeconds, 0),
  };
}

function estimateOne(spec: JobSpec, deps: JobDeps): JobEstimate {
  const tab = deps.sheets.tabByName(spec.sheet);
  const texts = (tab ? deps.sheets.readColumn(tab.id, spec.inputColumn, spec.firstRow, spec.lastRow) : [])
    .map((v) => cellText(v))
    .filter((t) => t !== '');
  const overrides = jobOverrides(spec.args);
  const model = overrides.model || deps.defaultModel;
  const props = deps.store.getAll();
  const caps = capabilitiesOf(model, readLessons(props)[model]);
  const task = withContext(taskForJob(spec), { examples: spec.examples ?? [] });
  const batches = planBatches(
    texts,
    texts.map((_, i) => i),
    task,
    { ...overrides, model, caps },
  );
  const estimatedTokens = batches.reduce((n, b) => n + b.estimatedTokens, 0);
  const ledger = new Ledger(props, deps.clock.now(), deps.calendar);
  const remaining = deps.spender.holder
    ? Math.min(
        ledger.remaining({ kind: 'spreadsheet' }),
        tab ? ledger.remaining({ kind: 'sheet', id: String(tab.id) }) : Infinity,
      )
    : Infinity;
  const nowCost = upperCostUsd(model, batches, 1);
  const minutes = Math.max(
    estimatedTokens / ASSUMED_TOKENS_PER_MINUTE,
    batches.length / ASSUMED_REQUESTS_PER_MINUTE,
  );
  const modes: Record<JobMode, ModeEstimate> = {
    now: {
      estimatedTokens,
      estimatedCostUsd: nowCost,
      requests: batches.length,
      expectedSeconds: batches.length ? Math.max(5, Math.ceil(minutes * 60)) : 0,
    },
    batch: {
      estimatedTokens,
      estimatedCostUsd: upperCostUsd(model, batches, BATCH_DISCOUNT),
      requests: batches.length,
      expectedSeconds: batches.length ? BATCH_WINDOW_SECONDS : 0,
    },
  };
  const mode = modeOf(spec);
  return {
    rows: spec.lastRow - spec.firstRow + 1,
    nonBlank: texts.length,
    mode,
    estimatedTokens,
    estimatedCostUsd: modes[mode].estimatedCostUsd,
    model,
    remainingBudget: Number.isFinite(remaining) ? Math.max(0, remaining) : null,
    fits: estimatedTokens <= remaining,
    modes,
  };
}

/** Input at the input price and the output cap at the output price: what the job costs at most. */
function upperCostUsd(model: string, batches: Batch[], discount: number): number | null {
  let usd = 0;
  for (const b of batches) {
    const output = b.spec.maxOutputTokens;
    const cost = boundUsd(model, { input: b.estimatedTokens - output, output }, undefined, discount);
    if (cost === undefined) return null;
    usd += cost;
  }
  return usd;
}
