// The model catalogue read from data/models.json, checked once at load so a bad edit fails loudly.

import raw from './data/models.json';

export const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORTS)[number];

export const TOKEN_PARAMS = ['max_completion_tokens', 'max_tokens'] as const;
export type TokenParam = (typeof TOKEN_PARAMS)[number];

export type TemperatureRule = 'any' | 'default_only';

/** What a family of models accepts; `efforts` is empty and `defaultEffort` null when it does not reason. */
export interface FamilyRules {
  reasoning: boolean;
  efforts: Effort[];
  defaultEffort: Effort | null;
  temperature: TemperatureRule;
  tokenParams: TokenParam[];
  /**
   * Prompt-cache writes are billed and reported (`cache_write_tokens`): "For GPT-5.6 models and later
   * model families, cache writes cost 1.25x the uncached input token rate" (prompt-caching guide).
   */
  cacheWrites: boolean;
}

export interface CatalogueFamily extends FamilyRules {
  id: string;
  match: RegExp;
  source: string;
}

export interface Price {
  input: number;
  cached_input: number | null;
  output: number;
}

export interface CatalogueModel {
  id: string;
  family: string;
  created: number;
  shutdown_date: string | null;
  replacement: string | null;
  price: Price | null;
  source: string;
  /** Captured refusing organizations that are not verified ("Your organization must be verified..."). */
  requiresVerification: boolean;
}

export interface Catalogue {
  checked: string;
  sources: Record<string, string>;
  families: CatalogueFamily[];
  models: CatalogueModel[];
}

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

function isEffort(value: unknown): value is Effort {
  return EFFORTS.includes(value as Effort);
}

/**
 * Family rules as written in the data file or in a config patch (`efforts` and `defaultEffort`
 * only for reasoning families), or a sentence saying what is wrong.
 */
export function parseFamilyRules(value: unknown): FamilyRules | string {
  if (!isObject(value)) return 'a family object';
  const { reasoning, efforts, defaultEffort, temperature, tokenParams, cacheWrites } = value;
  if (typeof reasoning !== 'boolean') return 'a family with a boolean "reasoning"';
  if (temperature !== 'any' && temperature !== 'default_only') {
    return 'a family whose "temperature" is "any" or "default_only"';
  }
  const params = Array.isArray(tokenParams) ? tokenParams : [];
  if (params.length === 0 || !params.every((p) => TOKEN_PARAMS.includes(p as TokenParam))) {
    return `a family whose "tokenParams" lists some of ${TOKEN_PARAMS.join(', ')}`;
  }
  if (cacheWrites !== undefined && typeof cacheWrites !== 'boolean') {
    return 'a family whose "cacheWrites", when given, is a boolean';
  }
  const rules = {
    reasoning,
    temperature: temperature as TemperatureRule,
    tokenParams: [...new Set(params as TokenParam[])],
    cacheWrites: cacheWrites === true,
  };
  if (!reasoning) {
    const noEfforts = efforts === undefined || (Array.isArray(efforts) && efforts.length === 0);
    if (!noEfforts || (defaultEffort !== undefined && defaultEffort !== null)) {
      return 'a non-reasoning family without "efforts" or "defaultEffort"';
    }
    return { ...rules, efforts: [], defaultEffort: null };
  }
  if (!Array.isArray(efforts) || efforts.length === 0 || !efforts.every(isEffort)) {
    return `a reasoning family whose "efforts" lists some of ${EFFORTS.join(', ')}`;
  }
  if (!isEffort(defaultEffort) || !efforts.includes(defaultEffort)) {
    return 'a reasoning family whose "defaultEffort" is one of its efforts';
  }
  return { ...rules, efforts: [...efforts], defaultEffort };
}

function fail(where: string, problem: string): never {
  throw new Error(`tools/openai-stub/data/models.json: ${where} must be ${problem}`);
}

function parseSources(value: unknown): Record<string, string> {
  if (!isObject(value)) fail('"sources"', 'an object of id -> URL');
  for (const [id, url] of Object.entries(value)) {
    if (typeof url !== 'string' || !/^https:\/\//.test(url)) fail(`source "${id}"`, 'an https URL');
  }
  return value as Record<string, string>;
}

function parseFamily(value: unknown, sources: Record<string, string>): CatalogueFamily {
  if (!isObject(value) || typeof value.id !== 'string') return fail('each family', 'an object with an "id"');
  const where = `family "${value.id}"`;
  const { match, source, id, note: _note, ...rest } = value;
  const rules = parseFamilyRules(rest);
  if (typeof rules === 'string') fail(where, rules);
  if (typeof match !== 'string') fail(where, 'given a "match" regex');
  if (typeof source !== 'string' || !(source in sources)) fail(where, 'given a "source" listed in "sources"');
  return { id, ...rules, match: new RegExp(match), source };
}

function parsePrice(value: unknown, where: string): Price | null {
  if (value === null) return null;
  const ok =
    isObject(value) &&
    typeof value.input === 'number' &&
    typeof value.output === 'number' &&
    (value.cached_input === null || typeof value.cached_input === 'number');
  if (!ok) fail(where, 'given a "price" of {input, cached_input, output} or null');
  return {
    input: value.input as number,
    cached_input: value.cached_input as number | null,
    output: value.output as number,
  };
}

function parseModel(
  value: unknown,
  families: CatalogueFamily[],
  sources: Record<string, string>,
): CatalogueModel {
  if (!isObject(value) || typeof value.id !== 'string') return fail('each model', 'an object with an "id"');
  const { id, family, created, shutdown_date, replacement, source } = value;
  const where = `model "${id}"`;
  if (!families.some((f) => f.id === family)) fail(where, 'given a "family" listed in "families"');
  if (!Number.isInteger(created)) fail(where, 'given an integer "created"');
  if (shutdown_date !== null && !isDate(shutdown_date))
    fail(where, 'given a "shutdown_date" YYYY-MM-DD or null');
  if (replacement !== null && typeof replacement !== 'string')
    fail(where, 'given a "replacement" id or null');
  if (typeof source !== 'string' || !(source in sources)) fail(where, 'given a "source" listed in "sources"');
  return {
    id,
    family: family as string,
    created: created as number,
    shutdown_date,
    replacement,
    price: parsePrice(value.price, where),
    source,
    requiresVerification: value.requiresVerification === true,
  };
}

export function parseCatalogue(value: unknown): Catalogue {
  if (!isObject(value)) return fail('the file', 'a JSON object');
  if (!isDate(value.checked)) fail('"checked"', 'a date YYYY-MM-DD');
  const sources = parseSources(value.sources);
  if (!Array.isArray(value.families) || !Array.isArray(value.models))
    fail('the file', 'given "families" and "models"');
  const families = value.families.map((f) => parseFamily(f, sources));
  const models = value.models.map((m) => parseModel(m, families, sources));
  for (const m of models) {
    if (m.replacement !== null && !models.some((r) => r.id === m.replacement)) {
      fail(`model "${m.id}"`, 'replaced by a model of the catalogue');
    }
  }
  checkErrorSources(value.errors, sources);
  return { checked: value.checked as string, sources, families, models };
}

/** The `errors` section only documents where each error body comes from; its sources must exist. */
function checkErrorSources(value: unknown, sources: Record<string, string>): void {
  if (!isObject(value)) fail('"errors"', 'an object of case -> {status, confirmed, source}');
  for (const [name, entry] of Object.entries(value)) {
    if (!isObject(entry) || typeof entry.source !== 'string' || !(entry.source in sources)) {
      fail(`error "${name}"`, 'given a "source" listed in "sources"');
    }
  }
}

export const CATALOGUE: Catalogue = parseCatalogue(raw);

/** The first catalogue family whose `match` fits the id, as the data file orders them. */
export function familyMatching(id: string): CatalogueFamily | null {
  return CATALOGUE.families.find((f) => f.match.test(id)) ?? null;
}

export function familyById(id: string): CatalogueFamily | null {
  return CATALOGUE.families.find((f) => f.id === id) ?? null;
}
