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
    { input: p.input, output: p.output, ...('cachedInput' in p ? { cachedInput: p.cachedInput } : {}) },
  ]),
);

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

/** "ft:gpt-4o-mini:org::abc" and "gpt-4o-mini-2024-07-18" -> "gpt-4o-mini". */
export function baseModel(model: string): string {
  const id = model.startsWith('ft:') ? model.slice(3).split(':')[0] : model;
  return id.replace(/-\d{4}-\d{2}-\d{2}$/, '');
}
