// What each model takes and what it costs: the family table of catalog.json, corrected by what the
// API itself refused for a model (its lessons), and the dated price table with user overrides.
import type { ChatCompletion } from 'openai/resources/chat/completions';
import {
  baseModel,
  billsCacheWrites,
  cacheWriteMultiplier,
  EFFORTS,
  FAMILY_RULES,
  FINE_TUNED_MULTIPLIER,
  isFineTuned,
  PRICES,
  type ModelPrice,
  type ReasoningEffort,
} from './catalog';

export type { ModelPrice, ReasoningEffort };

export type TokenParam = 'max_completion_tokens' | 'max_tokens';

export interface ModelCapabilities {
  /** Reasoning models take reasoning_effort, bill reasoning as output, and refuse a custom temperature. */
  reasoning: boolean;
  /** Sent for every task: labels and short answers need no reasoning. */
  cheapestEffort?: ReasoningEffort;
  /** Whether a temperature may be sent. */
  temperature: boolean;
  tokenParam: TokenParam;
  /** Optional parameters the model refused, never sent again. */
  drop: string[];
}

/** What the API told us about one model by refusing a request (kept per spreadsheet). */
export interface ModelLesson {
  reasoning?: boolean;
  effort?: ReasoningEffort;
  noTemperature?: boolean;
  tokenParam?: TokenParam;
  drop?: string[];
  /** UTC date the API first answered model_not_found for a model that was expected to exist. */
  missingSince?: string;
}

export type Lessons = Record<string, ModelLesson>;

function familyOf(model: string): { reasoning: boolean; cheapestEffort?: ReasoningEffort } {
  const id = baseModel(model).toLowerCase();
  const rule = FAMILY_RULES.find((r) => r.match.test(id));
  if (rule) return rule;
  // Any gpt-N with N >= 5 is a reasoning model; an unknown one is asked for "none" first.
  const major = /^gpt-(\d+)/.exec(id);
  if (major && Number(major[1]) >= 5) return { reasoning: true, cheapestEffort: 'none' };
  return { reasoning: false };
}

export function capabilitiesOf(model: string, lesson: ModelLesson = {}): ModelCapabilities {
  const family = familyOf(model);
  const reasoning = lesson.reasoning ?? family.reasoning;
  const effort = reasoning ? (lesson.effort ?? family.cheapestEffort ?? 'low') : undefined;
  return {
    reasoning,
    ...(effort ? { cheapestEffort: effort } : {}),
    temperature: !reasoning && !lesson.noTemperature,
    tokenParam: lesson.tokenParam ?? 'max_completion_tokens',
    drop: lesson.drop ?? [],
  };
}

/** Output tokens to allow for reasoning on top of the answer, at the effort sent. */
export function reasoningAllowance(caps: ModelCapabilities): number {
  if (!caps.reasoning) return 0;
  const effort = caps.cheapestEffort ?? 'low';
  return effort === 'none' ? 0 : effort === 'minimal' ? 128 : 2048;
}

export function cheapestOf(efforts: string[]): ReasoningEffort | undefined {
  return EFFORTS.find((e) => efforts.includes(e));
}

/**
 * Price for a model: the owner's price for the id first, then the table; a snapshot by its base; a
 * fine-tuned id by its base model's price times catalog.json's `fineTuned.multiplier` (the dearest
 * ratio OpenAI's price lists show), unless the owner priced the base.
 */
export function priceOf(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | undefined {
  const exact = overrides[model] ?? PRICES[model];
  if (exact) return exact;
  const base = baseModel(model);
  if (overrides[base]) return overrides[base];
  const listed = PRICES[base];
  if (!listed || !isFineTuned(model)) return listed;
  const times = (n: number | undefined) => (n === undefined ? undefined : n * FINE_TUNED_MULTIPLIER);
  return {
    input: listed.input * FINE_TUNED_MULTIPLIER,
    output: listed.output * FINE_TUNED_MULTIPLIER,
    ...(listed.cachedInput === undefined ? {} : { cachedInput: times(listed.cachedInput) }),
    ...(listed.cacheWrite === undefined ? {} : { cacheWrite: times(listed.cacheWrite) }),
  };
}

/** What writing a token to the prompt cache costs: free before GPT-5.6, 1.25x input from it on. */
export function cacheWritePrice(model: string, price: ModelPrice): number {
  if (!billsCacheWrites(model)) return price.input;
  return price.cacheWrite ?? price.input * cacheWriteMultiplier();
}

export interface TokenUsage {
  input: number;
  /** Of `input`, served from OpenAI's prompt cache. */
  cachedInput?: number;
  /** Of `input`, written to the prompt cache (`cache_write_tokens`). */
  cacheWrite?: number;
  /** Output, reasoning included. */
  output: number;
}

/** Cost in US dollars, or undefined when the model has no known price. */
export function costUsd(
  model: string,
  usage: TokenUsage,
  overrides?: Record<string, ModelPrice>,
  discount = 1,
): number | undefined {
  const price = priceOf(model, overrides);
  if (!price) return undefined;
  const cached = Math.min(usage.cachedInput ?? 0, usage.input);
  const written = Math.min(usage.cacheWrite ?? 0, usage.input - cached);
  const dollars =
    (usage.input - cached - written) * price.input +
    cached * (price.cachedInput ?? price.input) +
    written * cacheWritePrice(model, price) +
    usage.output * price.output;
  return (dollars * discount) / 1_000_000;
}

/**
 * The most a request of `input` and `output` tokens can cost, for budgets and estimates: every input
 * token may be a cache write (from GPT-5.6 on "nearly every request of 1,024 tokens or more writes").
 */
export function boundUsd(
  model: string,
  usage: { input: number; output: number },
  overrides?: Record<string, ModelPrice>,
  discount = 1,
): number | undefined {
  const writes = billsCacheWrites(model) ? usage.input : 0;
  return costUsd(model, { ...usage, cacheWrite: writes }, overrides, discount);
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function isPlausibleModelId(model: string): boolean {
  return MODEL_ID.test(model);
}

/**
 * `usage.prompt_tokens_details.cache_write_tokens`, reported from GPT-5.6 on. The installed `openai`
 * types (6.x) predate the field (7.x has it but needs Node 22), so it is read through this local type.
 */
type UsageWithCacheWrites = NonNullable<ChatCompletion['usage']> & {
  prompt_tokens_details?: { cache_write_tokens?: number };
};

export function cacheWriteTokens(usage: ChatCompletion['usage'] | undefined): number {
  const written = (usage as UsageWithCacheWrites | undefined)?.prompt_tokens_details?.cache_write_tokens;
  return typeof written === 'number' && Number.isFinite(written) && written > 0 ? Math.floor(written) : 0;
}
