// Durations as the API writes them in x-ratelimit-reset-* headers and in rate-limit messages.

/** "6m0s", "1.5s", "120ms", "1h2m" -> milliseconds. */
export function durationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let matched = '';
  for (let m; (m = re.exec(text));) {
    total += Number(m[1]) * unit[m[2]];
    matched += m[0];
  }
  return matched === text.trim() && matched ? total : undefined;
}

/** The rounding of "in 2s" (the true wait may be up to a second less or more): slept on top of it. */
const MESSAGE_MARGIN_MS = 100;

/**
 * The wait a 429's message names when no header does ("... Please try again in 2s.", captured
 * without retry-after or x-ratelimit-* headers in openai/openai-node#1477), in the forms the API
 * writes durations: "20ms", "1.5s", "6m0s", "1m30s".
 */
export function messageDelayMs(message: string | undefined): number | undefined {
  const said = /\btry again in\s+((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)/i.exec(message ?? '');
  const ms = durationMs(said?.[1]);
  return ms === undefined ? undefined : Math.ceil(ms) + MESSAGE_MARGIN_MS;
}
