// What each model takes and what it costs: the family table of catalog.json, corrected by what the
// API itself refused for a model (its lessons), and the dated price table with user overrides.
import { baseModel, EFFORTS, FAMILY_RULES, PRICES, type ModelPrice, type ReasoningEffort } from './catalog';

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

/** Price for a model: the user's override first, then the table (snapshots and fine-tunes by their base). */
export function priceOf(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | undefined {
  const base = baseModel(model);
  return overrides[model] ?? PRICES[model] ?? overrides[base] ?? PRICES[base];
}

export interface TokenUsage {
  input: number;
  /** Of `input`, served from OpenAI's prompt cache. */
  cachedInput?: number;
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
  const dollars =
    (usage.input - cached) * price.input +
    cached * (price.cachedInput ?? price.input) +
    usage.output * price.output;
  return (dollars * discount) / 1_000_000;
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function isPlausibleModelId(model: string): boolean {
  return MODEL_ID.test(model);
}
