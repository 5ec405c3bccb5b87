// Answers packed into a fixed set of large CacheService entries instead of one entry each.
// CacheService keeps at most 1,000 items ("If more than 1,000 items are written, the cache stores
// the 900 items farthest from expiration"), so one item per answer loses answers past about 900
// distinct ones. A key's pack is fixed by its hash; a pack holds up to about 90 KB of answers (the
// limit per value is 100 KB) and drops its oldest entries past that. Packs are rewritten only under
// the document lock (pipeline.ts), so concurrent writers never lose each other's answers.
import { utf8Length } from '../engine/sha256';

export const PACK_COUNT = 64;
const PACK_PREFIX = 'p1:';
/** Under CacheService's 100 KB per value, with room for the JSON framing. */
export const MAX_PACK_BYTES = 90 * 1024;
/** Longer answers are not cached at all (one would fill a third of a pack). */
export const MAX_PACKED_ANSWER_CHARS = 30000;

/** A pack as stored: [entry id, answer] pairs, oldest first. */
type PackEntries = Array<[string, string]>;

function locate(key: string): { index: number; id: string } {
  const hex = key.slice(key.indexOf(':') + 1);
  return { index: parseInt(hex.slice(0, 4), 16) % PACK_COUNT, id: hex.slice(4, 24) };
}

/** The cache key of the pack holding `key`; the epoch is in the name, so clearing the cache orphans all packs. */
export function packName(key: string, epoch: string): string {
  return `${PACK_PREFIX}${epoch}:${locate(key).index}`;
}

export function packNames(keys: string[], epoch: string): string[] {
  return [...new Set(keys.map((k) => packName(k, epoch)))];
}

function parsePack(raw: string | null | undefined): PackEntries {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? (value as PackEntries) : [];
  } catch {
    return [];
  }
}

/** Answers of `keys` found in the packs read (`raw`: pack name -> stored value). */
export function findInPacks(raw: Record<string, string>, keys: string[], epoch: string): Map<string, string> {
  const parsed = new Map<string, Map<string, string>>();
  const found = new Map<string, string>();
  for (const key of keys) {
    const name = packName(key, epoch);
    if (!parsed.has(name)) parsed.set(name, new Map(parsePack(raw[name])));
    const answer = parsed.get(name)?.get(locate(key).id);
    if (answer !== undefined) found.set(key, answer);
  }
  return found;
}

/**
 * The new values of the packs `answers` go into, given their current values (`raw`). An answer
 * written again moves to the newest end; a pack past MAX_PACK_BYTES drops its oldest entries.
 */
export function mergeIntoPacks(
  raw: Record<string, string>,
  answers: Map<string, string>,
  epoch: string,
): Record<string, string> {
  const byPack = new Map<string, Map<string, string>>();
  for (const [key, answer] of answers) {
    if (answer.length > MAX_PACKED_ANSWER_CHARS) continue;
    const name = packName(key, epoch);
    if (!byPack.has(name)) byPack.set(name, new Map());
    byPack.get(name)?.set(locate(key).id, answer);
  }
  const out: Record<string, string> = {};
  for (const [name, fresh] of byPack) {
    const kept = parsePack(raw[name]).filter(([id]) => !fresh.has(id));
    out[name] = serializeWithinLimit([...kept, ...fresh]);
  }
  return out;
}

function serializeWithinLimit(entries: PackEntries): string {
  let bytes = utf8Length(JSON.stringify(entries));
  let drop = 0;
  while (bytes > MAX_PACK_BYTES && drop < entries.length) {
    bytes -= utf8Length(JSON.stringify(entries[drop])) + 1;
    drop++;
  }
  return JSON.stringify(entries.slice(drop));
}
