// What each model family accepts, and what it costs. Prices are US dollars per million tokens
// (input / output), from OpenAI's price list; users can override them in settings.

export const DEFAULT_MODEL = 'gpt-4.1-nano';

export interface ModelPrice {
  input: number;
  output: number;
}

export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2.0, output: 8.0 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10.0 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-5-mini': { input: 0.25, output: 2.0 },
  'gpt-5': { input: 1.25, output: 10.0 },
  'gpt-5.4-nano': { input: 0.2, output: 1.25 },
  'gpt-5.4-mini': { input: 0.75, output: 4.5 },
};

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high';

export interface ModelCapabilities {
  /** Reasoning models take max_completion_tokens and reasoning_effort and refuse a custom temperature. */
  reasoning: boolean;
  /** The cheapest effort the model accepts, used for labels and short extractions. */
  cheapestEffort?: ReasoningEffort;
}

export function capabilitiesOf(model: string): ModelCapabilities {
  const id = model.toLowerCase().replace(/^ft:/, '');
  if (/^gpt-5(\.\d+)?-chat/.test(id)) return { reasoning: false };
  const gpt5 = /^gpt-5(\.(\d+))?(-|$)/.exec(id);
  if (gpt5) {
    // gpt-5 itself accepts "minimal"; later 5.x releases accept "none".
    return { reasoning: true, cheapestEffort: gpt5[2] ? 'none' : 'minimal' };
  }
  if (/^o\d/.test(id)) return { reasoning: true, cheapestEffort: 'low' };
  return { reasoning: false };
}

/** Price for a model: the user's override first, then the table (dated snapshots match their base). */
export function priceOf(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | undefined {
  if (overrides[model]) return overrides[model];
  if (PRICES[model]) return PRICES[model];
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return overrides[base] ?? PRICES[base];
}

export function costUsd(
  model: string,
  inputTokens: number,
  outputTokens: number,
  overrides?: Record<string, ModelPrice>,
): number {
  const price = priceOf(model, overrides);
  if (!price) return 0;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function isPlausibleModelId(model: string): boolean {
  return MODEL_ID.test(model);
}
