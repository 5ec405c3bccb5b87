// Typed access to catalog.json: the dated table of prices, shutdowns, default preferences and
// model families. The JSON is bundled; nothing here calls a service.
import catalog from './catalog.json';

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** Cheapest first, as OpenAI orders them (openapi.json ReasoningEffort). */
export const EFFORTS: readonly ReasoningEffort[] = [
  'none',
  'minimal',
  'low',
  'medium',
  'high',
  'xhigh',
  'max',
];

export interface ModelPrice {
  input: number;
  output: number;
  /** Input served from OpenAI's prompt cache; the input price when not published. */
  cachedInput?: number;
  /** Input written to the prompt cache, where a page publishes it (else the promptCache rule). */
  cacheWrite?: number;
}

export interface Shutdown {
  date: string;
  replacement?: string;
}

export interface FamilyRule {
  match: RegExp;
  reasoning: boolean;
  cheapestEffort?: ReasoningEffort;
}

export const CATALOG_CHECKED: string = catalog.checked;

export const PRICES: Readonly<Record<string, ModelPrice>> = Object.fromEntries(
  Object.entries(catalog.prices).map(([id, p]) => [
    id,
    {
      input: p.input,
      output: p.output,
      ...('cachedInput' in p ? { cachedInput: p.cachedInput } : {}),
      ...('cacheWrite' in p ? { cacheWrite: p.cacheWrite } : {}),
    },
  ]),
);

const WRITES_BILLED = new RegExp(catalog.promptCache.writesBilled);

/** From GPT-5.6 on, prompt-cache writes are billed ("1.25x the uncached input token rate"). */
export function billsCacheWrites(model: string): boolean {
  return WRITES_BILLED.test(baseModel(model).toLowerCase());
}

/** What a cache write costs against the uncached input price, for the 30-minute or the 12-hour retention. */
export function cacheWriteMultiplier(retention: '30m' | '12h' = '30m'): number {
  return retention === '12h'
    ? catalog.promptCache.extendedWriteMultiplier
    : catalog.promptCache.writeMultiplier;
}

/** A fine-tuned id is priced at its base model's price times this (catalog.json `fineTuned`). */
export const FINE_TUNED_MULTIPLIER: number = catalog.fineTuned.multiplier;

export const SHUTDOWNS: Readonly<Record<string, Shutdown>> = Object.fromEntries(
  Object.entries(catalog.shutdowns.models).map(([id, s]) => [
    id,
    { date: s.date, replacement: s.replacement },
  ]),
);

export const PREFERENCE: readonly string[] = catalog.preference.models;

/** What the Batch API bills against the synchronous price ("50% cost discount"). */
export const BATCH_DISCOUNT: number = catalog.batch.discount;

const QUEUE_TOKENS: Readonly<Record<string, number>> = catalog.batch.queueTokens.models;

/** Prompt tokens a key may have enqueued in batches of a model, as assumed before the API says. */
export function batchQueueTokens(model: string): number {
  return QUEUE_TOKENS[model] ?? QUEUE_TOKENS[baseModel(model)] ?? catalog.batch.queueTokens.default;
}

export const FAMILY_RULES: readonly FamilyRule[] = catalog.families.rules.map((r) => ({
  match: new RegExp(r.match),
  reasoning: r.reasoning,
  ...('cheapestEffort' in r ? { cheapestEffort: r.cheapestEffort as ReasoningEffort } : {}),
}));

export function isFineTuned(model: string): boolean {
  return /^ft:[^:]+:/.test(model);
}

/** "ft:gpt-4o-mini:org::abc" and "gpt-4o-mini-2024-07-18" -> "gpt-4o-mini". */
export function baseModel(model: string): string {
  const id = model.startsWith('ft:') ? model.slice(3).split(':')[0] : model;
  return id.replace(/-\d{4}-\d{2}-\d{2}$/, '');
}
