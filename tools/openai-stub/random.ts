// Deterministic randomness: a stable string hash and a small seeded PRNG.

/** FNV-1a, 32 bits: the same text always gives the same number, on every machine. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mulberry32: returns a function yielding numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hexHash(text: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    out += stableHash(`${round}:${text}`).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}
