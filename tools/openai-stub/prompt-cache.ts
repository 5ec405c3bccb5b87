// Simulated prompt caching, as the cookbook describes it for models before GPT-5.6: an exact,
// repeated prefix of at least 1024 tokens is a hit, counted in steps of 128 tokens.

const MIN_CACHED = 1024;
const STEP = 128;
const KEPT_PER_KEY_AND_MODEL = 256;
const TTL_MS = 30 * 60_000;

interface Entry {
  at: number;
  tokens: number[];
}

export class PromptCache {
  private entries = new Map<string, Entry[]>();

  reset(): void {
    this.entries.clear();
  }

  /** The cached tokens of this prompt, and it is remembered for the requests after it. */
  use(key: string, model: string, tokens: number[], now: number): number {
    const slot = `${model}\n${key}`;
    const recent = (this.entries.get(slot) ?? []).filter((e) => e.at > now - TTL_MS);
    const longest = recent.reduce((best, e) => Math.max(best, commonPrefix(e.tokens, tokens)), 0);
    recent.push({ at: now, tokens });
    this.entries.set(slot, recent.slice(-KEPT_PER_KEY_AND_MODEL));
    return longest < MIN_CACHED ? 0 : longest - (longest % STEP);
  }
}

function commonPrefix(a: number[], b: number[]): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a[i] === b[i]) i++;
  return i;
}
