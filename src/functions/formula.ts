// What every custom function shares: a value or a range in, the same shape out, blank for blank
// without a call, and failures as messages in the spreadsheet's language.
import type { PipelineDeps, PipelineReport, RowOutcome, RunParams, Share } from '../engine/pipeline';
import { answerTexts } from '../engine/pipeline';
import type { Task } from '../engine/tasks';
import { cellText, toGrid, type ZoneOffset } from '../engine/values';
import { readInstructions, withContext, type Example } from '../engine/context';
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
import type { CallingCell, PropertyStore } from '../platform/ports';
import { neighbourTexts, type SharedFormula } from './neighbours';
import { readHolder, type Spender } from '../budget/ledger';
import type { TabRef } from '../engine/pipeline';
import { DEFAULT_PROMPT_TOKENS } from '../engine/tasks';
import { HOLDER_KEY, holderToPublish, storeIdentity } from '../settings/identity';
import type { Reach } from '../settings/access';
import { formulaKeys, isRevoked, markRevoked } from '../settings/keys';
import { readModelSnapshot, readSettings, type UserSettings } from '../settings/settings';

/** One formula handles at most this many non-blank cells; more belong to a column job. */
export const MAX_FORMULA_CELLS = 2000;
/** Custom functions get 30 s; stop sending at 25 s so answers and charges are saved in time. */
export const FORMULA_BUDGET_MS = 25000;
const UNFINISHED_MARK = '⚠';

export interface FormulaEnv {
  startedAt: number;
  /** The store the key and settings live in (in a custom function, the spreadsheet owner's). */
  userStore(): PropertyStore;
  /** How the function was reached: a cell (the default) or a page, menu or google.script.run. */
  reach?: () => Reach;
  pipeline(apiKey: string, baseUrl: string, prices: Record<string, ModelPrice>): PipelineDeps;
  /** The calling cell's tab (by id, so a renamed tab keeps its budget). */
  sheet(): TabRef | undefined;
  locale(): Locale;
  /** Whose key pays (default: the owner's, whose budgets apply). */
  spender?: Spender;
  /** The spreadsheet's time zone, for dates in cells (asked only when a cell holds a date). */
  dateOffset?: ZoneOffset;
  /** The cell the custom function runs in; absent outside custom functions. */
  callingCell?: () => CallingCell | undefined;
}

/** What a formula may add: examples from a range, and how its cell shares requests with neighbours. */
export interface FormulaOptions {
  examples?: () => Example[];
  shared?: SharedFormula;
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
  options: FormulaOptions = {},
): unknown {
  return withMessages(env, () => answerGrid(env, input, task, overrides(), options));
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

function answerGrid(
  env: FormulaEnv,
  input: unknown,
  task: () => Task,
  overrides: CallOverrides,
  options: FormulaOptions,
): unknown {
  const { grid, isRange } = toGrid(input);
  const texts = grid.map((row) => row.map((v) => cellText(v, env.dateOffset)));
  const filled = texts.flat().filter((t) => t !== '');
  if (!filled.length) return isRange ? texts.map((row) => row.map(() => '')) : '';
  if (filled.length > MAX_FORMULA_CELLS) {
    throw new UserError('range_too_large', { rows: filled.length, limit: MAX_FORMULA_CELLS });
  }
  const store = env.userStore();
  const keys = formulaKeys(store);
  if (!keys) throw new UserError('no_key');
  const settings = readSettings(store);
  const bare = task();
  const given = options.examples?.() ?? [];
  let deps = env.pipeline(keys.first, settings.baseUrl, settings.prices);
  const { holder, spender } = whoRuns(env, store, deps);
  const props = deps.documentProps();
  const resolvedTask = withContext(bare, { instructions: readInstructions(props, holder), examples: given });
  const onBackup = !!keys.backup && isRevoked(keys.first, deps);
  if (onBackup) deps = env.pipeline(keys.backup as string, settings.baseUrl, settings.prices);
  const models = new ModelContext(utcDay(env.startedAt), readModelSnapshot(store), deps);
  const decided = decideModel(settings.model, models.today, models.snapshot, models.lessons()).model;
  if (overrides.model) models.refuseRetired(overrides.model);
  checkFormulaLimits(overrides, settings, decided);
  const share = isRange ? undefined : shareWithNeighbours(env, options.shared, filled[0]);
  const run = (d: PipelineDeps, alone = false) =>
    runOnModel(filled, resolvedTask, d, models.with(d), overrides, decided, alone ? undefined : share, {
      model: decided,
      temperature: overrides.temperature,
      maxTokens: overrides.maxTokens,
      deadline: env.startedAt + FORMULA_BUDGET_MS,
      sheet: env.sheet,
      spender,
      maskPersonalData: settings.maskPersonalData === true,
    });
  let report = run(deps);
  // The main key was refused (revoked after a leak?): the backup key answers, and is used from now on.
  if (keys.backup && !onBackup && refusedKey(report)) {
    markRevoked(keys.first, deps);
    // Alone: a failure shared among the cells was the main key's, and must not answer for the backup.
    report = run(env.pipeline(keys.backup, settings.baseUrl, settings.prices), true);
  }
  failWholeCallIfNothingWorked(report.outcomes);
  let k = 0;
  const out = texts.map((row) =>
    row.map((t) => (t === '' ? '' : cellValue(report.outcomes[k++], env.locale))),
  );
  return isRange ? out : out[0][0];
}

/** The chosen model, or the formula's own; a settings model that went missing moves on once. */
function runOnModel(
  texts: string[],
  task: Task,
  deps: PipelineDeps,
  models: ModelContext,
  overrides: CallOverrides,
  decided: string,
  share: Share | undefined,
  params: RunParams,
): PipelineReport {
  if (overrides.model) {
    const report = answerTexts(texts, task, deps, { ...params, model: overrides.model }, share);
    if (report.modelMissing) models.refuseRetired(overrides.model, true);
    return report;
  }
  const report = answerTexts(texts, task, deps, params, share);
  // The settings' model stopped answering (retired early, or gone from this key): move on once.
  const replacement = report.modelMissing ? models.replacementAfterMissing(decided) : undefined;
  return replacement ? answerTexts(texts, task, deps, { ...params, model: replacement }, share) : report;
}

/**
 * A single cell shares its requests with the rows around it that hold the same formula. Reading
 * them must never break the cell: anything unexpected means it shares with nobody.
 */
function shareWithNeighbours(
  env: FormulaEnv,
  shared: SharedFormula | undefined,
  ownText: string,
): Share | undefined {
  if (!shared || !env.callingCell) return undefined;
  const read = env.callingCell;
  return {
    neighbours(waveRows) {
      // From a page the "calling cell" is only the caller's selection: nobody else's rows to take.
      if (reachOf(env) !== 'cell') return [];
      try {
        const cell = read();
        return cell ? neighbourTexts(cell, shared, ownText, waveRows, 2 * waveRows) : [];
      } catch {
        return [];
      }
    },
  };
}

/**
 * Formulas spend the owner's key whoever types them: a model argument may only name the default
 * or a model the owner allowed, and max_tokens may not pass the owner's ceiling.
 */
function checkFormulaLimits(overrides: CallOverrides, settings: UserSettings, decided: string): void {
  const model = overrides.model;
  if (model && model !== decided && !settings.formulaModels.includes(model)) {
    throw new UserError('model_not_allowed', {
      model,
      allowed: [decided, ...settings.formulaModels].join(', '),
    });
  }
  const limit = settings.formulaMaxTokens ?? DEFAULT_PROMPT_TOKENS;
  if (overrides.maxTokens !== undefined && overrides.maxTokens > limit) {
    throw new UserError('max_tokens_not_allowed', { value: overrides.maxTokens, limit });
  }
}

/**
 * Whose key and budgets a formula runs on (settings/access.ts). The store's holder being the
 * published owner settles it without asking how the call came. Otherwise a cell (the owner's store)
 * publishes who the owner is; a page call runs on the caller's own key, publishes nothing, and is
 * not counted against the owner's budgets.
 */
function whoRuns(
  env: FormulaEnv,
  store: PropertyStore,
  deps: PipelineDeps,
): { holder: string | undefined; spender: Spender | undefined } {
  const own = storeIdentity(store);
  const published = readHolder(deps.documentProps());
  if (own !== undefined && own === published) return { holder: own, spender: env.spender };
  if (reachOf(env) === 'cell') {
    const hash = holderToPublish(store, deps.documentProps());
    if (hash) deps.documentStore.set(HOLDER_KEY, hash);
    return { holder: own ?? published, spender: env.spender };
  }
  return { holder: published, spender: env.spender ?? { id: own ?? '', holder: false } };
}

function reachOf(env: FormulaEnv): Reach {
  return env.reach?.() ?? 'cell';
}

function refusedKey(report: PipelineReport): boolean {
  return report.outcomes.every((o) => !o.ok && o.error !== 'unfinished' && o.error.key === 'invalid_key');
}

/** The model decisions of one formula: shutdown dates from the key's list, lessons from the spreadsheet. */
class ModelContext {
  constructor(
    readonly today: string,
    readonly snapshot: ModelSnapshot | undefined,
    private readonly deps: PipelineDeps,
  ) {}

  with(deps: PipelineDeps): ModelContext {
    return new ModelContext(this.today, this.snapshot, deps);
  }

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
