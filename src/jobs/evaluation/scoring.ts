// Evaluating a task against a column of expected answers, for up to three models: what is tallied
// per model as rows are answered (confusion counts, exact and normalized matches, tokens, cost,
// time), the rows a model got wrong, and the figures a person reads (accuracy, per-label precision
// and recall, cost per 1,000 rows) with the cheapest model within 2 points of the best.
import { utf8Length } from '../../engine/sha256';
import { UserError } from '../../i18n/messages';

export const MAX_EVALUATION_MODELS = 3;
/** A model within this much accuracy of the best counts as good enough. */
export const GOOD_ENOUGH = 0.02;
/** Rows kept for the side-by-side list of wrong answers. */
const MAX_WRONG_ROWS = 100;
/** Characters kept of a free-text answer in that list. */
const MAX_KEPT_CHARS = 120;

export interface EvaluationSpec {
  models: string[];
}

export interface ModelTally {
  model: string;
  rows: number;
  /** Exactly the expected text (labels: the same label). */
  exact: number;
  /** The same after folding case, width, spaces and end punctuation. */
  normalized: number;
  /** expected -> predicted -> rows (labelled tasks). */
  confusion: Record<string, Record<string, number>>;
  failed: number;
  tokens: number;
  costUsd: number;
  unpricedTokens: number;
  ms: number;
}

export interface WrongRow {
  /** The sheet row it was on when it was answered, and the start of its text. */
  row: number;
  input: string;
  expected: string;
  /** One answer per model, in the models' order ('' when that model got it right, null when it failed). */
  answers: Array<string | null>;
}

export interface EvaluationState {
  tallies: ModelTally[];
  wrong: WrongRow[];
  /** The report tab, once written. */
  reportSheet?: string;
}

export function checkModels(value: unknown, fallback: string): string[] {
  const list = Array.isArray(value)
    ? value
    : value === undefined || value === null || value === ''
      ? []
      : [value];
  const models = [...new Set(list.map((m) => String(m).trim()).filter(Boolean))];
  if (models.length > MAX_EVALUATION_MODELS)
    throw new UserError('evaluation_models', { limit: MAX_EVALUATION_MODELS });
  return models.length ? models : [fallback];
}

export function emptyEvaluation(models: string[]): EvaluationState {
  return {
    tallies: models.map((model) => ({
      model,
      rows: 0,
      exact: 0,
      normalized: 0,
      confusion: {},
      failed: 0,
      tokens: 0,
      costUsd: 0,
      unpricedTokens: 0,
      ms: 0,
    })),
    wrong: [],
  };
}

/** Full-width to ASCII, case, runs of spaces, quotes and end punctuation do not make an answer wrong. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/["'“”‘’「」]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s.。、,!！?？]+$/u, '')
    .trim();
}

export interface RowResult {
  /** The sheet row, and the text asked. */
  row: number;
  input: string;
  expected: string;
  /** Per model, in order: its answer, or null when that model failed this row. */
  answers: Array<string | null>;
}

/** Adds a row answered by every model; `labels` for a labelled task (matched without case). */
export function tallyRow(state: EvaluationState, row: RowResult, labels?: readonly string[]): void {
  const expected = labels
    ? (labels.find((l) => l.toLowerCase() === row.expected.toLowerCase()) ?? row.expected)
    : row.expected;
  let anyWrong = false;
  const kept: Array<string | null> = [];
  row.answers.forEach((answer, m) => {
    const t = state.tallies[m];
    if (answer === null) {
      t.failed++;
      kept.push(null);
      return;
    }
    t.rows++;
    const exact = labels ? answer.toLowerCase() === expected.toLowerCase() : answer === expected;
    const normalized = exact || normalizeAnswer(answer) === normalizeAnswer(expected);
    if (exact) t.exact++;
    if (normalized) t.normalized++;
    if (labels) {
      const byPredicted = (t.confusion[expected] ??= {});
      byPredicted[answer] = (byPredicted[answer] ?? 0) + 1;
    }
    if (!exact) anyWrong = true;
    kept.push(exact ? '' : answer.slice(0, MAX_KEPT_CHARS));
  });
  if (anyWrong && state.wrong.length < MAX_WRONG_ROWS)
    state.wrong.push({
      row: row.row,
      input: row.input.slice(0, MAX_KEPT_CHARS),
      expected: expected.slice(0, MAX_KEPT_CHARS),
      answers: kept,
    });
}

export interface LabelScore {
  precision: number | null;
  recall: number | null;
}

export interface ModelResult {
  model: string;
  rows: number;
  /** Exact matches as a fraction of the rows the model answered. */
  accuracy: number;
  normalizedAccuracy: number;
  perLabel: Record<string, LabelScore>;
  confusion: Record<string, Record<string, number>>;
  tokens: number;
  costUsd: number | null;
  costPer1000Rows: number | null;
  tokensPer1000Rows: number;
  seconds: number;
  failed: number;
}

export interface EvaluationResult {
  results: ModelResult[];
  /** The cheapest model within 2 points of the best accuracy (null when none has a known price). */
  recommended: string | null;
}

function perLabel(
  confusion: Record<string, Record<string, number>>,
  labels: readonly string[],
): Record<string, LabelScore> {
  const out: Record<string, LabelScore> = {};
  for (const label of labels) {
    const hit = confusion[label]?.[label] ?? 0;
    const expectedAs = Object.values(confusion[label] ?? {}).reduce((n, v) => n + v, 0);
    const predictedAs = Object.values(confusion).reduce((n, byPredicted) => n + (byPredicted[label] ?? 0), 0);
    out[label] = {
      precision: predictedAs ? hit / predictedAs : null,
      recall: expectedAs ? hit / expectedAs : null,
    };
  }
  return out;
}

export function evaluationResult(state: EvaluationState, labels?: readonly string[]): EvaluationResult {
  const results = state.tallies.map((t): ModelResult => {
    const priced = t.unpricedTokens === 0;
    const perRow = (n: number) => (t.rows ? (n / t.rows) * 1000 : 0);
    return {
      model: t.model,
      rows: t.rows,
      accuracy: t.rows ? t.exact / t.rows : 0,
      normalizedAccuracy: t.rows ? t.normalized / t.rows : 0,
      perLabel: labels ? perLabel(t.confusion, labels) : {},
      confusion: t.confusion,
      tokens: t.tokens,
      costUsd: priced ? t.costUsd : null,
      costPer1000Rows: priced ? perRow(t.costUsd) : null,
      tokensPer1000Rows: Math.round(perRow(t.tokens)),
      seconds: Math.round(t.ms / 100) / 10,
      failed: t.failed,
    };
  });
  return { results, recommended: recommend(results) };
}

function recommend(results: ModelResult[]): string | null {
  const answered = results.filter((r) => r.rows > 0);
  if (!answered.length) return null;
  const best = Math.max(...answered.map((r) => r.accuracy));
  const good = answered.filter((r) => r.accuracy >= best - GOOD_ENOUGH - 1e-9 && r.costPer1000Rows !== null);
  if (!good.length) return null;
  return good.sort((a, b) => (a.costPer1000Rows as number) - (b.costPer1000Rows as number))[0].model;
}

/** The stored form, kept under the 9 KB a property holds: fewer wrong rows when it would not fit. */
export function evaluationValue(state: EvaluationState): string {
  let value = JSON.stringify(state);
  const copy = { ...state, wrong: [...state.wrong] };
  while (utf8Length(value) > 8000 && copy.wrong.length) {
    copy.wrong.length = Math.floor(copy.wrong.length * 0.8);
    value = JSON.stringify(copy);
  }
  return value;
}
