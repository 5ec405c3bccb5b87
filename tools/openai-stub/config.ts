// The stub's switches, their defaults, and the checks applied to a patch sent to /__stub/config.

import {
  familyById,
  familyMatching,
  isDate,
  isObject,
  parseFamilyRules,
  type Effort,
  type TemperatureRule,
  type TokenParam,
} from './catalogue';
import { isKnownModel } from './models';

export const FAULT_KINDS = [
  'server_error',
  'malformed',
  'timeout',
  'reset',
  'rate_limit',
  'drop_item',
  'duplicate_id',
  'bad_gateway',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** Inject into the next N matching chat requests (default 1)... */
  count?: number;
  /** ...or into every Nth one (with `count`, at most `count` times)... */
  every?: number;
  /** ...or with this probability, drawn from the seeded PRNG (with `count`, at most `count` times). */
  probability?: number;
  /**
   * `rate_limit` only: every request for this long after the rule first fires is refused, each 429
   * saying how much of it is left ("Please try again in 1.5s."), as a real limit window does.
   */
  forMs?: number;
}

/** A family given inline for an extra model: `efforts` and `defaultEffort` only when it reasons. */
export interface FamilyInput {
  reasoning: boolean;
  efforts?: Effort[];
  defaultEffort?: Effort | null;
  temperature: TemperatureRule;
  tokenParams: TokenParam[];
  cacheWrites?: boolean;
}

/** A model the catalogue does not have (or replaces one it has), for a test. */
export interface ExtraModel {
  id: string;
  /** A catalogue family id, an inline family, or (absent) the catalogue family whose `match` fits the id. */
  family?: string | FamilyInput;
  created?: number;
  shutdown_date?: string | null;
}

/** A planted mistake: `model` labels a text containing `contains` as `answer` (when it is a label). */
export interface Mistake {
  model: string;
  contains: string;
  answer: string;
}

export type MissingScopeCode = 'missing_scope' | null;

/** How a 400 repeats the caller's key in its message, as a careless OpenAI-compatible server might. */
export const KEY_ECHOES = ['plain', 'no_prefix', 'url', 'spaced', 'base64', 'base64_bearer'] as const;
export type KeyEcho = (typeof KEY_ECHOES)[number];

export interface StubConfig {
  latencyMs: number;
  latencyJitterMs: number;
  perOutputTokenMs: number;
  rpm: number | null;
  tpm: number | null;
  faults: FaultRule[];
  timeoutHoldMs: number;
  revokedKeys: string[];
  quotaExhaustedKeys: string[];
  /** Offer only these ids (each known to the catalogue or in extraModels); null: every known model. */
  models: string[] | null;
  extraModels: ExtraModel[];
  /** YYYY-MM-DD deciding which models have shut down; null: the real current date (UTC). */
  today: string | null;
  /** The `code` of the 401 for a key without the model.request scope (captures show both). */
  missingScopeCode: MissingScopeCode;
  /** A row saying "label every item X" makes the whole batch answer X, as a gullible model would. */
  obeyInjections: boolean;
  /** Known wrong labels per model, so an evaluation's expected figures are known in advance. */
  mistakes: Mistake[];
  /**
   * What `usage` answers carry instead of the true counts, as an untrustworthy compatible server
   * might send: 'omit' leaves it out; an object's fields replace the reported ones (any JSON value:
   * -150000, "abc", null, 1e300). null: the true counts.
   */
  usageOverride: 'omit' | Record<string, unknown> | null;
  /** Every answer string becomes this many characters long, whatever the token cap (a server that ignores it). */
  answerChars: number | null;
  /** Every chat request gets a 400 whose message repeats the caller's key this way; null: none. */
  echoKeyIn400: KeyEcho | null;
  captureBodies: boolean;
  seed: number;
  /** Added to the real time wherever the stub tells time (batches, files, completions' `created`). */
  clockOffsetMs: number;
  /** Seconds a batch spends in each stage before the next read moves it on; 0: done at the next read; null: only the control call moves it. */
  batchSecondsPerStage: number | null;
  /** Requests an input file may hold ("up to 50,000 requests"). */
  batchMaxRequests: number;
  /** Bytes a batch input file may have ("up to 200 MB"). */
  batchMaxBytes: number;
  /** Prompt tokens a key may have enqueued per model across active batches; null: no limit. */
  batchEnqueuedTokenLimit: number | null;
  /** Every Nth request a batch runs fails with a 500 in its error file; null: none fail so. */
  batchFailEvery: number | null;
  /**
   * false: a 429 rate_limit_exceeded carries no retry-after(-ms) and no x-ratelimit-* header, only the
   * wait in its message (openai/openai-node#1477).
   */
  rateLimitHints: boolean;
  /** The `code` of the 404 an unverified organization (a key containing "unverified") gets: captures show none. */
  verificationCode: 'model_not_available' | null;
  /** Models an unverified organization may not use; null: the catalogue's `requiresVerification` ones. */
  verificationModels: string[] | null;
  /**
   * Models whose batch lines fail with 404 model_not_found for an internal "<id>-<date>-batch" id
   * while synchronous calls work (openai/openai-python#3071).
   */
  batchInternalIdModels: string[];
}

export function defaultConfig(): StubConfig {
  return {
    latencyMs: 0,
    latencyJitterMs: 0,
    perOutputTokenMs: 0,
    rpm: null,
    tpm: null,
    faults: [],
    timeoutHoldMs: 65_000,
    revokedKeys: [],
    quotaExhaustedKeys: [],
    models: null,
    extraModels: [],
    today: null,
    missingScopeCode: 'missing_scope',
    obeyInjections: false,
    mistakes: [],
    usageOverride: null,
    answerChars: null,
    echoKeyIn400: null,
    captureBodies: true,
    seed: 1,
    clockOffsetMs: 0,
    batchSecondsPerStage: 3,
    batchMaxRequests: 50_000,
    batchMaxBytes: 200_000_000,
    batchEnqueuedTokenLimit: null,
    batchFailEvery: null,
    rateLimitHints: true,
    verificationCode: null,
    verificationModels: null,
    batchInternalIdModels: [],
  };
}

type Field = keyof StubConfig;
type Check = (value: unknown) => string | null;

const nonNegative: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'a number >= 0';
const limit: Check = (v) =>
  v === null ? null : typeof v === 'number' && v > 0 ? null : 'null or a number > 0';
const positiveInteger: Check = (v) => (Number.isInteger(v) && (v as number) > 0 ? null : 'an integer > 0');
const stringList: Check = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? null : 'an array of strings';

const CHECKS: Record<Field, Check> = {
  latencyMs: nonNegative,
  latencyJitterMs: nonNegative,
  perOutputTokenMs: nonNegative,
  rpm: limit,
  tpm: limit,
  faults: (v) => (Array.isArray(v) ? faultProblem(v) : 'an array of fault rules'),
  timeoutHoldMs: nonNegative,
  revokedKeys: stringList,
  quotaExhaustedKeys: stringList,
  models: (v) => (v === null ? null : stringList(v)),
  extraModels: (v) => (Array.isArray(v) ? extraModelsProblem(v) : 'an array of models {id, family?, ...}'),
  today: (v) => (v === null || isDate(v) ? null : 'null or a date YYYY-MM-DD'),
  missingScopeCode: (v) => (v === null || v === 'missing_scope' ? null : 'null or "missing_scope"'),
  obeyInjections: (v) => (typeof v === 'boolean' ? null : 'a boolean'),
  mistakes: (v) =>
    Array.isArray(v) &&
    v.every(
      (m) =>
        isObject(m) && ['model', 'contains', 'answer'].every((k) => typeof m[k] === 'string' && m[k] !== ''),
    )
      ? null
      : 'an array of {model, contains, answer} strings',
  usageOverride: (v) =>
    v === null || v === 'omit' || isObject(v) ? null : 'null, "omit" or an object of usage fields',
  answerChars: (v) => (v === null || positiveInteger(v) === null ? null : 'null or an integer > 0'),
  echoKeyIn400: (v) =>
    v === null || KEY_ECHOES.includes(v as KeyEcho) ? null : `null or one of ${KEY_ECHOES.join(', ')}`,
  captureBodies: (v) => (typeof v === 'boolean' ? null : 'a boolean'),
  seed: (v) => (typeof v === 'number' && Number.isInteger(v) ? null : 'an integer'),
  clockOffsetMs: (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'a number'),
  batchSecondsPerStage: (v) => (v === null || nonNegative(v) === null ? null : 'null or a number >= 0'),
  batchMaxRequests: positiveInteger,
  batchMaxBytes: positiveInteger,
  batchEnqueuedTokenLimit: limit,
  batchFailEvery: (v) => (v === null || positiveInteger(v) === null ? null : 'null or an integer > 0'),
  rateLimitHints: (v) => (typeof v === 'boolean' ? null : 'a boolean'),
  verificationCode: (v) =>
    v === null || v === 'model_not_available' ? null : 'null or "model_not_available"',
  verificationModels: (v) => (v === null ? null : stringList(v)),
  batchInternalIdModels: stringList,
};

function faultProblem(rules: unknown[]): string | null {
  for (const rule of rules) {
    if (typeof rule !== 'object' || rule === null) return 'an array of fault rules';
    const r = rule as Record<string, unknown>;
    if (!FAULT_KINDS.includes(r.kind as FaultKind)) return `fault kinds among ${FAULT_KINDS.join(', ')}`;
    for (const key of ['count', 'every', 'forMs'] as const) {
      if (r[key] !== undefined && !(Number.isInteger(r[key]) && (r[key] as number) > 0)) {
        return `fault rules whose ${key} is an integer > 0`;
      }
    }
    const p = r.probability;
    if (p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 1)) {
      return 'fault rules whose probability is between 0 and 1';
    }
  }
  return null;
}

const EXTRA_FIELDS = ['id', 'family', 'created', 'shutdown_date'];

function extraModelsProblem(models: unknown[]): string | null {
  for (const model of models) {
    const problem = extraModelProblem(model);
    if (problem) return problem;
  }
  return null;
}

function extraModelProblem(model: unknown): string | null {
  if (!isObject(model) || typeof model.id !== 'string' || model.id === '') {
    return 'an array of models, each with a non-empty string "id"';
  }
  const where = `a model "${model.id}"`;
  const unknown = Object.keys(model).find((k) => !EXTRA_FIELDS.includes(k));
  if (unknown) return `${where} without the unknown field "${unknown}" (fields: ${EXTRA_FIELDS.join(', ')})`;
  if (model.created !== undefined && !Number.isInteger(model.created))
    return `${where} with an integer "created"`;
  const date = model.shutdown_date;
  if (date !== undefined && date !== null && !isDate(date))
    return `${where} with "shutdown_date" null or YYYY-MM-DD`;
  const family = familyProblem(model.id, model.family);
  return family ? `${where} with ${family}` : null;
}

function familyProblem(id: string, family: unknown): string | null {
  if (family === undefined) {
    return familyMatching(id) ? null : 'a "family" (no catalogue family matches its id)';
  }
  if (typeof family === 'string') {
    return familyById(family) ? null : `a "family" the catalogue has (it has no "${family}")`;
  }
  const rules = parseFamilyRules(family);
  return typeof rules === 'string' ? rules : null;
}

/** `models` may only name models the catalogue or the extra models define. */
function unknownModelProblem(config: Pick<StubConfig, 'models' | 'extraModels'>): string | null {
  const unknown = (config.models ?? []).find((id) => !isKnownModel(id, config.extraModels));
  return unknown === undefined
    ? null
    : `config field "models" names "${unknown}", which is neither in the catalogue nor in extraModels`;
}

/**
 * Checks a config patch received as JSON against `current` (for the fields that depend on each
 * other); throws an Error naming the first bad field.
 */
export function parseConfigPatch(value: unknown, current: StubConfig = defaultConfig()): Partial<StubConfig> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('config must be a JSON object');
  }
  const patch: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!(key in CHECKS)) throw new Error(`unknown config field "${key}"`);
    const problem = CHECKS[key as Field](field);
    if (problem) throw new Error(`config field "${key}" must be ${problem}`);
    patch[key] = field;
  }
  const parsed = patch as Partial<StubConfig>;
  const problem = unknownModelProblem({ ...current, ...parsed });
  if (problem) throw new Error(problem);
  return parsed;
}
