// Durations as the API writes them in x-ratelimit-reset-* headers.

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
