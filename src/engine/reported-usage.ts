// The usage a response reports is a server's word, and the base URL may be any OpenAI-compatible
// server. It decides what the ledger counts, so it is checked before anything is added: numbers
// that are not counts (text, null, negative, fractional, NaN, past 2^53) or that are more than the
// request could bill (its prompt bound, its output cap) make the whole usage unusable, and the
// request is then charged its bound, never 0 (see asking.ts and batch-results.ts).

export interface ReportedUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoning: number;
}

/** What one request can bill at most: its prompt bound and its output cap. */
export interface UsageLimits {
  input: number;
  output: number;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Every number a details object holds (cached_tokens, reasoning_tokens, audio_tokens, and any the
 * API adds) must be a count no larger than its total; null means "not reported".
 */
function detailsFit(details: unknown, total: number): boolean {
  if (details === undefined || details === null) return true;
  if (typeof details !== 'object' || Array.isArray(details)) return false;
  return Object.values(details as Record<string, unknown>).every(
    (v) => v === null || (isCount(v) && v <= total),
  );
}

/** The usage when every number in it is one the API could have billed for this request; else undefined. */
export function usableUsage(usage: unknown, limits: UsageLimits): ReportedUsage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as Record<string, unknown>;
  const input = u.prompt_tokens;
  const output = u.completion_tokens;
  if (!isCount(input) || !isCount(output)) return undefined;
  if (input > limits.input || output > limits.output) return undefined;
  if (!detailsFit(u.prompt_tokens_details, input) || !detailsFit(u.completion_tokens_details, output))
    return undefined;
  const prompt = (u.prompt_tokens_details ?? {}) as Record<string, unknown>;
  const completion = (u.completion_tokens_details ?? {}) as Record<string, unknown>;
  return {
    input,
    cachedInput: isCount(prompt.cached_tokens) ? prompt.cached_tokens : 0,
    output,
    reasoning: isCount(completion.reasoning_tokens) ? completion.reasoning_tokens : 0,
  };
}
