// What every custom function shares: a value or a range in, the same shape out, blank for blank
// without a call, and failures as messages in the spreadsheet's language.
import type { PipelineDeps, PipelineReport, RowOutcome, RunParams } from '../engine/pipeline';
import { answerTexts } from '../engine/pipeline';
import type { Task } from '../engine/tasks';
import { cellText, toGrid } from '../engine/values';
import { isAccountWide, quotaAsUserError } from '../engine/failures';
import { UserError, type Locale } from '../i18n/messages';
import { readLessons } from '../openai/lessons';
import {
  decideModel,
  isKnownModel,
  isRetired,
  replacementFor,
  retiredOn,
  utcDay,
  type ModelSnapshot,
} from '../openai/model-choice';
import type { Lessons, ModelPrice } from '../openai/models';
import type { PropertyStore } from '../platform/ports';
import { KEY_PROPERTY, readModelSnapshot, readSettings } from '../settings/settings';

/** One formula handles at most this many non-blank cells; more belong to a column job. */
export const MAX_FORMULA_CELLS = 2000;
/** Custom functions get 30 s; stop sending at 25 s so answers and charges are saved in time. */
export const FORMULA_BUDGET_MS = 25000;
const UNFINISHED_MARK = '⚠';

export interface FormulaEnv {
  startedAt: number;
  /** The store the key and settings live in (in a custom function, the spreadsheet owner's). */
  userStore(): PropertyStore;
  pipeline(apiKey: string, baseUrl: string, prices: Record<string, ModelPrice>): PipelineDeps;
  sheetName(): string | undefined;
  locale(): Locale;
}

export interface CallOverrides {
  model?: string;
  temperature?: number;
  maxTokens?: number;
}

/** Runs `task` over a value or a range; throws a readable Error for anything the whole call cannot do. */
export function runFormula(
  env: FormulaEnv,
  input: unknown,
  task: () => Task,
  overrides: () => CallOverrides = () => ({}),
): unknown {
  return withMessages(env, () => answerGrid(env, input, task, overrides()));
}

/** Turns a UserError into an Error whose message is in the spreadsheet's language (the cell's tooltip). */
export function withMessages<T>(env: FormulaEnv, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const error = quotaAsUserError(e);
    if (error instanceof UserError) throw new Error(error.render(env.locale()), { cause: e });
    throw error;
  }
}

function answerGrid(env: FormulaEnv, input: unknown, task: () => Task, overrides: CallOverrides): unknown {
  const { grid, isRange } = toGrid(input);
  const texts = grid.map((row) => row.map(cellText));
  const filled = texts.flat().filter((t) => t !== '');
  if (!filled.length) return isRange ? texts.map((row) => row.map(() => '')) : '';
  if (filled.length > MAX_FORMULA_CELLS) {
    throw new UserError('range_too_large', { rows: filled.length, limit: MAX_FORMULA_CELLS });
  }
  const resolvedTask = task();
  const store = env.userStore();
  const apiKey = store.get(KEY_PROPERTY);
  if (!apiKey) throw new UserError('no_key');
  const settings = readSettings(store);
  const deps = env.pipeline(apiKey, settings.baseUrl, settings.prices);
  const models = new ModelContext(utcDay(env.startedAt), readModelSnapshot(store), deps);
  const params = (model: string): RunParams => ({
    model,
    temperature: overrides.temperature,
    maxTokens: overrides.maxTokens,
    deadline: env.startedAt + FORMULA_BUDGET_MS,
    sheet: env.sheetName,
  });
  let report: PipelineReport;
  if (overrides.model) {
    models.refuseRetired(overrides.model);
    report = answerTexts(filled, resolvedTask, deps, params(overrides.model));
    if (report.modelMissing) models.refuseRetired(overrides.model, true);
  } else {
    const model = decideModel(settings.model, models.today, models.snapshot, models.lessons()).model;
    report = answerTexts(filled, resolvedTask, deps, params(model));
    // The settings' model stopped answering (retired early, or gone from this key): move on once.
    const replacement = report.modelMissing ? models.replacementAfterMissing(model) : undefined;
    if (replacement) report = answerTexts(filled, resolvedTask, deps, params(replacement));
  }
  failWholeCallIfNothingWorked(report.outcomes);
  let k = 0;
  const out = texts.map((row) =>
    row.map((t) => (t === '' ? '' : cellValue(report.outcomes[k++], env.locale))),
  );
  return isRange ? out : out[0][0];
}

/** The model decisions of one formula: shutdown dates from the key's list, lessons from the spreadsheet. */
class ModelContext {
  constructor(
    readonly today: string,
    readonly snapshot: ModelSnapshot | undefined,
    private readonly deps: PipelineDeps,
  ) {}

  lessons(): Lessons {
    return readLessons(this.deps.documentProps(), this.today);
  }

  /** A model argument naming a retired model: say so, with what to use instead, before any request. */
  refuseRetired(model: string, missing = false): void {
    if (!isKnownModel(model, this.snapshot)) return;
    const lessons = this.lessons();
    const lesson = missing ? { missingSince: this.today } : lessons[model];
    if (!isRetired(model, this.today, this.snapshot, lesson)) return;
    throw new UserError('model_retired', {
      model,
      date: retiredOn(model, this.today, this.snapshot, lesson),
      replacement: replacementFor(model, this.today, this.snapshot, lessons),
    });
  }

  replacementAfterMissing(model: string): string | undefined {
    if (!isKnownModel(model, this.snapshot)) return undefined;
    const lessons = { ...this.lessons(), [model]: { missingSince: this.today } };
    const replacement = replacementFor(model, this.today, this.snapshot, lessons);
    return replacement !== model ? replacement : undefined;
  }
}

/** When no row got an answer and the cause is one for all (a bad key, no budget), say it once. */
function failWholeCallIfNothingWorked(outcomes: RowOutcome[]): void {
  if (outcomes.some((o) => o.ok)) return;
  const errors = outcomes.map((o) => (o.ok ? undefined : o.error));
  const first = errors.find((e): e is UserError => e instanceof UserError && isAccountWide(e));
  if (first) throw first;
  if (outcomes.length === 1 && errors[0] instanceof UserError) throw errors[0];
  if (outcomes.length === 1) throw new UserError('timeout');
}

function cellValue(outcome: RowOutcome, locale: () => Locale): string {
  if (outcome.ok) return outcome.answer;
  if (outcome.error === 'unfinished') return new UserError('unfinished').render(locale());
  return `${UNFINISHED_MARK} ${outcome.error.render(locale())}`;
}

export function isMarkedFailure(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(UNFINISHED_MARK);
}
