// What a column job is asked to do, checked once when it is started.
import {
  classifyTask,
  extractTask,
  promptTask,
  sentimentTask,
  summarizeTask,
  translateTask,
  TASK_NAMES,
  type Task,
  type TaskName,
} from '../engine/tasks';
import { listArgument } from '../engine/values';
import { optionalInteger, optionalNumber, optionalText, requiredText } from '../functions/args';
import { DEFAULT_SUMMARY_WORDS } from '../functions/text';
import { UserError } from '../i18n/messages';
import { parseExamples, type Example } from '../engine/context';
import { lettersToNumber } from './columns';
import type { ExamplesRange } from './examples-range';
import { checkModels, type EvaluationSpec } from './evaluation/scoring';
import { PERSONAL_DATA_RULES, type PersonalDataRule } from '../engine/personal-data';

/** The most rows a job may have (what one look at its columns reads in one call each). */
export const MAX_JOB_ROWS = 50000;

export interface JobArgs {
  labels?: string;
  categories?: string;
  what?: string;
  max_words?: number;
  target_language?: string;
  source_language?: string;
  prompt?: string;
  model?: string;
  temperature?: number;
  max_tokens?: number;
}

/** `now`: synchronous requests while a page drives the job; `batch`: OpenAI's Batch API (half price, within 24 h). */
export type JobMode = 'now' | 'batch';
export const JOB_MODES: readonly JobMode[] = ['now', 'batch'];

export interface JobSpec {
  sheet: string;
  /** 1-based column numbers. */
  inputColumn: number;
  outputColumn: number;
  task: TaskName;
  args: JobArgs;
  firstRow: number;
  lastRow: number;
  overwrite: boolean;
  /** Run until the budget is reached instead of refusing a job the budget cannot cover. */
  untilBudget: boolean;
  /** Absent in jobs started before batch mode: `now`. */
  mode?: JobMode;
  /** Examples of inputs and expected answers, in every request's prompt (engine/context.ts). */
  examples?: Example[];
  /** An evaluation: the output column holds the expected answers (read, never written). */
  evaluation?: EvaluationSpec;
  /** Rows with personal data: masked, skipped or sent; absent in jobs started before the guard: sent. */
  personalData?: PersonalDataRule;
}

export function personalDataOf(spec: Pick<JobSpec, 'personalData'>): PersonalDataRule {
  return spec.personalData ?? 'send';
}

/** Default: mask when the job runs now; the Batch API path cannot put values back, so it skips. */
function parsePersonalData(value: unknown, mode: JobMode): PersonalDataRule {
  if (value === undefined || value === null || value === '') return mode === 'batch' ? 'skip' : 'mask';
  if (!PERSONAL_DATA_RULES.includes(value as PersonalDataRule))
    throw new UserError('invalid_argument', { name: 'personalData', detail: PERSONAL_DATA_RULES.join(', ') });
  if (value === 'mask' && mode === 'batch') throw new UserError('personal_data_batch_mask');
  return value as PersonalDataRule;
}

export function modeOf(spec: Pick<JobSpec, 'mode'>): JobMode {
  return spec.mode ?? 'now';
}

function parseMode(value: unknown): JobMode {
  if (value === undefined || value === null || value === '') return 'now';
  if (!JOB_MODES.includes(value as JobMode))
    throw new UserError('invalid_argument', { name: 'mode', detail: JOB_MODES.join(', ') });
  return value as JobMode;
}

/** "C", "c", 3 or "3" -> 3. */
export function columnNumber(name: string, value: unknown): number {
  const text = String(value ?? '')
    .trim()
    .toUpperCase();
  let n = 0;
  if (/^\d+$/.test(text)) n = Number(text);
  else if (/^[A-Z]{1,3}$/.test(text)) n = lettersToNumber(text);
  if (n < 1 || n > 18278) throw new UserError('invalid_argument', { name, detail: 'A, B, C… / 1, 2, 3…' });
  return n;
}

/** Fields a page sends as one text or number; an object or a list there is refused, never turned into text. */
const SCALAR_FIELDS = [
  'sheet',
  'task',
  'inputColumn',
  'outputColumn',
  'labelColumn',
  'firstRow',
  'lastRow',
  'mode',
];

export function specRecord(input: unknown): Record<string, unknown> {
  const o = (input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Record<
    string,
    unknown
  >;
  for (const name of SCALAR_FIELDS) {
    const v = o[name];
    if (v !== null && typeof v === 'object') throw new UserError('argument_required', { name });
  }
  if (o.args !== undefined && o.args !== null && (typeof o.args !== 'object' || Array.isArray(o.args))) {
    throw new UserError('argument_required', { name: 'args' });
  }
  return o;
}

export function parseJobSpec(input: unknown, lastRowOf: (sheet: string) => number | null): JobSpec {
  const o = specRecord(input);
  const sheet = requiredText('sheet', o.sheet);
  const lastRow = lastRowOf(sheet);
  if (lastRow === null) throw new UserError('sheet_not_found', { sheet });
  const task = String(o.task ?? '') as TaskName;
  if (!TASK_NAMES.includes(task))
    throw new UserError('invalid_argument', { name: 'task', detail: TASK_NAMES.join(', ') });
  const inputColumn = columnNumber('inputColumn', o.inputColumn);
  const outputColumn = columnNumber('outputColumn', o.outputColumn);
  if (inputColumn === outputColumn) throw new UserError('job_same_column');
  const firstRow = optionalNumber('firstRow', o.firstRow, 1, 10_000_000) ?? 2;
  const last = optionalNumber('lastRow', o.lastRow, firstRow, 10_000_000) ?? Math.max(firstRow, lastRow);
  if (!Number.isInteger(firstRow) || !Number.isInteger(last)) {
    throw new UserError('invalid_argument', { name: 'firstRow/lastRow', detail: '1, 2, 3…' });
  }
  if (last - firstRow + 1 > MAX_JOB_ROWS)
    throw new UserError('job_too_large', { rows: last - firstRow + 1, limit: MAX_JOB_ROWS });
  const args = (o.args && typeof o.args === 'object' ? o.args : {}) as JobArgs;
  const spec: JobSpec = {
    sheet,
    inputColumn,
    outputColumn,
    task,
    args,
    firstRow,
    lastRow: last,
    overwrite: o.overwrite === true,
    untilBudget: o.untilBudget === true,
    mode: parseMode(o.mode),
  };
  spec.personalData = parsePersonalData(o.personalData, modeOf(spec));
  const labels = taskForJob(spec).labels; // refuses bad arguments now rather than at the first step
  const examples = parseExamples(o.examples, labels);
  if (examples.length) spec.examples = examples;
  return spec;
}

/**
 * An evaluation ({sheet, inputColumn, labelColumn, task, args?, examples?, models?, firstRow?,
 * lastRow?}): a job whose output column is the column of expected answers, answered by each model.
 */
export function parseEvaluationSpec(
  input: unknown,
  lastRowOf: (sheet: string) => number | null,
  defaultModel: string,
  examplesFrom?: ExamplesRange,
): JobSpec {
  const o = specRecord(input);
  const spec = parseJobSpec({ ...o, outputColumn: o.labelColumn, overwrite: false, mode: 'now' }, lastRowOf);
  if (examplesFrom && overlaps(examplesFrom, spec)) throw new UserError('examples_overlap');
  return { ...spec, evaluation: { models: checkModels(o.models, defaultModel) } };
}

/** Examples taken from the rows being evaluated would score the model on answers it was shown. */
function overlaps(range: ExamplesRange, spec: JobSpec): boolean {
  const columns = [range.left, range.left + 1];
  return (
    range.sheet === spec.sheet &&
    range.top <= spec.lastRow &&
    range.bottom >= spec.firstRow &&
    columns.some((c) => c === spec.inputColumn || c === spec.outputColumn)
  );
}

export function taskForJob(spec: Pick<JobSpec, 'task' | 'args'>): Task {
  const a = spec.args;
  switch (spec.task) {
    case 'sentiment': {
      if (!optionalText(a.labels)) return sentimentTask();
      const labels = listArgument(a.labels);
      if (labels.length !== 3 || new Set(labels).size !== 3) throw new UserError('labels_count');
      return sentimentTask(labels);
    }
    case 'classify': {
      const categories = [...new Set(listArgument(a.categories))];
      if (categories.length < 2) throw new UserError('categories_missing');
      return classifyTask(categories);
    }
    case 'extract':
      return extractTask(requiredText('what', a.what));
    case 'summarize':
      return summarizeTask(optionalInteger('max_words', a.max_words, 1, 500) ?? DEFAULT_SUMMARY_WORDS);
    case 'translate':
      return translateTask(
        requiredText('target_language', a.target_language),
        optionalText(a.source_language),
      );
    case 'prompt':
      return promptTask(
        requiredText('prompt', a.prompt),
        true,
        optionalNumber('max_tokens', a.max_tokens, 1, 16000),
      );
  }
}

export function jobOverrides(args: JobArgs): { model?: string; temperature?: number; maxTokens?: number } {
  return {
    model: optionalText(args.model),
    temperature: optionalNumber('temperature', args.temperature, 0, 2),
    maxTokens: optionalNumber('max_tokens', args.max_tokens, 1, 16000),
  };
}
