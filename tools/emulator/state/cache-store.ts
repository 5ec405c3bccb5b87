// CacheService stores with the documented limits. Expiry follows the emulator clock.

export const CACHE_MAX_KEY_LENGTH = 250;
export const CACHE_MAX_VALUE_BYTES = 100 * 1024;
export const CACHE_DEFAULT_TTL_S = 600;
export const CACHE_MAX_TTL_S = 21600;
export const CACHE_MAX_ITEMS = 1000;
/** What a full cache keeps: "the cache stores the 900 items farthest from expiration" (Cache.put docs). */
export const CACHE_KEPT_ITEMS = 900;

interface Entry {
  value: string;
  expiresAt: number;
}

export class CacheLimitError extends Error {}

export class CacheStore {
  // Map iteration order is write order: among items expiring at the same time, the newest are kept.
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  get(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  /** All-or-nothing: every pair is checked before any is stored. */
  putAll(values: Record<string, string>, ttlSeconds: number): void {
    const pairs = Object.entries(values);
    for (const [key, value] of pairs) checkEntry(key, value);
    const expiresAt = this.now() + ttlSeconds * 1000;
    for (const [key, value] of pairs) {
      this.entries.delete(key);
      this.entries.set(key, { value, expiresAt });
    }
    this.evict();
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of [...this.entries.keys()]) {
      const value = this.get(key);
      if (value !== null) out[key] = value;
    }
    return out;
  }

  /** Over 1,000 items: expired ones go, then only the 900 farthest from expiration stay. */
  private evict(): void {
    if (this.entries.size <= CACHE_MAX_ITEMS) return;
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    if (this.entries.size <= CACHE_MAX_ITEMS) return;
    const order = [...this.entries].map(([key, entry], written) => ({
      key,
      expiresAt: entry.expiresAt,
      written,
    }));
    order.sort((a, b) => b.expiresAt - a.expiresAt || b.written - a.written);
    for (const { key } of order.slice(CACHE_KEPT_ITEMS)) this.entries.delete(key);
  }
}

export function checkKey(key: string): void {
  if (key.length > CACHE_MAX_KEY_LENGTH) throw new CacheLimitError('Argument too large: key');
}

function checkEntry(key: string, value: string): void {
  checkKey(key);
  if (Buffer.byteLength(value, 'utf8') > CACHE_MAX_VALUE_BYTES)
    throw new CacheLimitError('Argument too large: value');
}

/**
 * The documented range is 1 s to 6 h. Past 6 h the value is clamped to 6 h; a missing, zero, negative or
 * non-numeric expiration falls back to the 10-minute default (the real service accepts these silently).
 */
export function ttlSeconds(expiration: unknown): number {
  const n = typeof expiration === 'number' ? expiration : Number(expiration);
  if (expiration === undefined || expiration === null || !Number.isFinite(n) || n <= 0)
    return CACHE_DEFAULT_TTL_S;
  return Math.min(Math.max(1, Math.floor(n)), CACHE_MAX_TTL_S);
}
