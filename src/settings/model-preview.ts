// Preview of a model change: the texts this spreadsheet already answered with the model formulas use
// (cache/answer-sample.ts; none asked again of that model) are asked of the new model in one wave of
// batched requests per task, through the pipeline (cache, budget reservation, batching), and the
// answers compared: for labelled tasks how many stay and which flip, for free text a sample side by
// side; cost and time per 1,000 rows from what each model's answers actually cost and took here.
import { EPOCH_PROPERTY } from '../cache/answer-cache';
import { readSample, type AnswerSample, type ModelRecord } from '../cache/answer-sample';
import { planBatches } from '../engine/batch';
import { answerTexts, type PipelineDeps } from '../engine/pipeline';
import type { Task, TaskName } from '../engine/tasks';
import type { Spender } from '../budget/ledger';
import { UserError } from '../i18n/messages';
import { readLessons } from '../openai/lessons';
import { capabilitiesOf, costUsd } from '../openai/models';

/** The most distinct texts a preview asks (the sample holds as many). */
export const PREVIEW_ROWS = 300;
/** Free-text answers shown side by side, per task. */
const SIDE_BY_SIDE = 5;
/** A preview stops sending this long after it started (a server call may run 6 minutes). */
const PREVIEW_MS = 240_000;

export interface PreviewDeps {
  pipeline: PipelineDeps;
  /** The model formulas use now. */
  currentModel: string;
  spender: Spender;
  maskPersonalData: boolean;
  now: number;
  /** A row's failure as the reader reads it. */
  render(error: UserError): string;
}

export interface PreviewEstimate {
  from: string;
  to: string;
  rows: number;
  tasks: number;
  requests: number;
  /** An upper bound: the input estimate and every request's output cap. */
  tokens: number;
  usd: number | null;
}

export interface Flip {
  from: string;
  to: string;
  rows: number;
}

export interface TaskPreview {
  task: TaskName;
  /** What the task asks, in short (its instructions without the common preamble). */
  about: string;
  labels: string[] | null;
  /** The task carries the spreadsheet's instructions or examples besides its own. */
  context: boolean;
  rows: number;
  /** Rows the new model answered (the others failed: budget, key...; `problem` says why). */
  answered: number;
  same: number;
  flips: Flip[];
  sideBySide: Array<{ text: string; current: string; next: string }>;
  /** Why some rows have no answer of the new model, when some have none. */
  problem: string | null;
}

export interface ModelFigures {
  model: string;
  /** US dollars per 1,000 rows; null when nothing priced was recorded. */
  usdPer1000: number | null;
  /** Seconds per 1,000 rows, from the time the requests took here. */
  secondsPer1000: number | null;
  rows: number;
}

export interface ModelPreview {
  from: string;
  to: string;
  rows: number;
  tasks: TaskPreview[];
  current: ModelFigures;
  next: ModelFigures;
}

interface Group {
  task: Task;
  texts: string[];
  answers: string[];
}

function sampleOf(deps: PreviewDeps): AnswerSample {
  const epoch = deps.pipeline.documentProps()[EPOCH_PROPERTY] ?? '';
  return readSample(deps.pipeline.cache, epoch);
}

/** The current model's recorded texts by task, newest first, at most PREVIEW_ROWS in all. */
function groups(sample: AnswerSample, model: string): Group[] {
  const byTask = new Map<string, Group>();
  let count = 0;
  for (const [id, m, text, answer] of [...sample.items].reverse()) {
    const task = sample.tasks[id];
    if (m !== model || !task || count >= PREVIEW_ROWS) continue;
    const group = byTask.get(id) ?? { task, texts: [], answers: [] };
    if (group.texts.includes(text)) continue;
    group.texts.push(text);
    group.answers.push(answer);
    byTask.set(id, group);
    count++;
  }
  return [...byTask.values()];
}

function checkTarget(deps: PreviewDeps, model: string, sample: AnswerSample): Group[] {
  if (!model || model === deps.currentModel)
    throw new UserError('preview_same_model', { model: deps.currentModel });
  const found = groups(sample, deps.currentModel);
  if (!found.length) throw new UserError('preview_no_answers', { model: deps.currentModel });
  return found;
}

/** How many recorded texts of the current model a preview would ask. */
export function recordedRows(deps: PreviewDeps): number {
  return groups(sampleOf(deps), deps.currentModel).reduce((n, g) => n + g.texts.length, 0);
}

export function estimatePreview(deps: PreviewDeps, model: string): PreviewEstimate {
  const found = checkTarget(deps, model, sampleOf(deps));
  const caps = capabilitiesOf(model, readLessons(deps.pipeline.documentProps())[model]);
  let tokens = 0;
  let usd: number | null = 0;
  let requests = 0;
  for (const g of found) {
    for (const b of planBatches(
      g.texts,
      g.texts.map((_, i) => i),
      g.task,
      { model, caps },
    )) {
      const output = b.spec.maxOutputTokens;
      tokens += b.estimatedTokens;
      requests++;
      const cost = costUsd(model, { input: b.estimatedTokens - output, output }, deps.pipeline.prices);
      usd = cost === undefined || usd === null ? null : usd + cost;
    }
  }
  const rows = found.reduce((n, g) => n + g.texts.length, 0);
  return { from: deps.currentModel, to: model, rows, tasks: found.length, requests, tokens, usd };
}

export function runPreview(deps: PreviewDeps, model: string): ModelPreview {
  const found = checkTarget(deps, model, sampleOf(deps));
  const deadline = deps.now + PREVIEW_MS;
  const tasks = found.map((g) => compare(g, deps, model, deadline));
  const after = sampleOf(deps); // the new model's answers were recorded with what they cost and took
  return {
    from: deps.currentModel,
    to: model,
    rows: tasks.reduce((n, t) => n + t.rows, 0),
    tasks,
    current: figures(deps.currentModel, after.models[deps.currentModel]),
    next: figures(model, after.models[model]),
  };
}

function compare(g: Group, deps: PreviewDeps, model: string, deadline: number): TaskPreview {
  const report = answerTexts(g.texts, g.task, deps.pipeline, {
    model,
    deadline,
    spender: deps.spender,
    maskPersonalData: deps.maskPersonalData,
  });
  const flips = new Map<string, Flip>();
  const sideBySide: TaskPreview['sideBySide'] = [];
  let answered = 0;
  let same = 0;
  let problem: string | null = null;
  report.outcomes.forEach((o, i) => {
    if (!o.ok) {
      problem ??= o.error === 'unfinished' ? null : deps.render(o.error);
      return;
    }
    answered++;
    const current = g.answers[i];
    const equal = g.task.labels ? current.toLowerCase() === o.answer.toLowerCase() : current === o.answer;
    if (equal) same++;
    else if (g.task.labels) {
      const key = `${current}\u0000${o.answer}`;
      const flip = flips.get(key) ?? { from: current, to: o.answer, rows: 0 };
      flip.rows++;
      flips.set(key, flip);
    }
    if (!g.task.labels && sideBySide.length < SIDE_BY_SIDE)
      sideBySide.push({ text: g.texts[i], current, next: o.answer });
  });
  return {
    task: g.task.name,
    about: about(g.task),
    labels: g.task.labels ?? null,
    context: g.task.instructions.split('\n').length > 2,
    rows: g.texts.length,
    answered,
    same,
    flips: [...flips.values()].sort((a, b) => b.rows - a.rows),
    sideBySide,
    problem,
  };
}

/** The task's own instructions: the line after the preamble every task shares. */
function about(task: Task): string {
  const line = task.instructions.split('\n')[1] ?? task.instructions;
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

function figures(model: string, record: ModelRecord | undefined): ModelFigures {
  if (!record || !record.rows) return { model, usdPer1000: null, secondsPer1000: null, rows: 0 };
  return {
    model,
    rows: record.rows,
    usdPer1000: record.unpriced > 0 ? null : (record.usd / record.rows) * 1000,
    secondsPer1000: record.ms / record.rows,
  };
}
