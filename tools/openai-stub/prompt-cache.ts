// Simulated prompt caching. Before GPT-5.6 (the cookbook's rule): an exact, repeated prefix of at
// least 1024 tokens is a hit, counted in steps of 128 tokens, and writing is free. From GPT-5.6 on
// (families with `cacheWrites`), the prompt-caching guide: "cache writes cost 1.25x the uncached input
// token rate", reported in `cache_write_tokens`; "caching places a managed breakpoint near the latest
// user message", the minimum cacheable prefix is 1,024 tokens, and "a longer cache write does not
// bill the already cached tokens again". Captures agree: a cold call of 3,438 input tokens wrote
// 3,435 and the warm one read 3,423 and wrote 12 (charmbracelet/fantasy#331); gpt-5.6-sol wrote
// 1,217 then read 1,216 (DataDog/dd-trace-py#18989).

const MIN_CACHED = 1024;
const STEP = 128;
const KEPT_PER_KEY_AND_MODEL = 256;
/** "A cached prefix remains eligible for reuse for 30 minutes after its most recent write or reuse." */
const TTL_MS = 30 * 60_000;

interface Entry {
  at: number;
  tokens: number[];
}

export interface CacheUse {
  /** Prompt tokens read from the cache (`cached_tokens`). */
  read: number;
  /** Prompt tokens written to the cache (`cache_write_tokens`); always 0 before GPT-5.6. */
  written: number;
}

export class PromptCache {
  private entries = new Map<string, Entry[]>();

  reset(): void {
    this.entries.clear();
  }

  /** What this prompt reads from and writes to the cache; it is remembered for the requests after it. */
  use(key: string, model: string, tokens: number[], now: number, writes = false): CacheUse {
    const slot = `${model}\n${key}`;
    const recent = (this.entries.get(slot) ?? []).filter((e) => e.at > now - TTL_MS);
    const longest = recent.reduce((best, e) => Math.max(best, commonPrefix(e.tokens, tokens)), 0);
    for (const e of recent) if (commonPrefix(e.tokens, tokens) === longest && longest > 0) e.at = now;
    recent.push({ at: now, tokens });
    this.entries.set(slot, recent.slice(-KEPT_PER_KEY_AND_MODEL));
    if (!writes) return { read: longest < MIN_CACHED ? 0 : longest - (longest % STEP), written: 0 };
    // The breakpoint sits at the end of the latest (the last) message: everything up to it is cached.
    const breakpoint = tokens.length;
    if (breakpoint < MIN_CACHED) return { read: 0, written: 0 };
    const read = longest < MIN_CACHED ? 0 : longest;
    return { read, written: breakpoint - read };
  }
}

function commonPrefix(a: number[], b: number[]): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a[i] === b[i]) i++;
  return i;
}
