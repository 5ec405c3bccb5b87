// The durable answer store: short answers in the spreadsheet's document properties, spread over a
// fixed number of shards that each stay under PropertiesService's 9 KB value limit. A full shard
// drops its least recently used entries. Losing an entry only costs a re-bill, never a wrong answer.
import { utf8Length } from '../engine/sha256';

export const SHARD_COUNT = 24;
export const DURABLE_PREFIX = 'dc:';
const MAX_SHARD_BYTES = 8000;
export const MAX_DURABLE_ANSWER_CHARS = 100;
/** Entries are re-stamped as used at most this often, so reads after a cache expiry rarely write. */
const TOUCH_AFTER_DAYS = 7;
const DAY_MS = 86_400_000;

/** shard property name -> (entry id -> [answer, day last used]) */
export type DurableShards = Map<string, Record<string, [string, number]>>;

export function isDurable(answer: string): boolean {
  return answer.length <= MAX_DURABLE_ANSWER_CHARS;
}

function locate(key: string): { shard: string; id: string } {
  const hex = key.slice(key.indexOf(':') + 1);
  return { shard: `${DURABLE_PREFIX}${parseInt(hex.slice(0, 4), 16) % SHARD_COUNT}`, id: hex.slice(4, 24) };
}

export function readShards(props: Record<string, string>): DurableShards {
  const shards: DurableShards = new Map();
  for (const [name, raw] of Object.entries(props)) {
    if (!name.startsWith(DURABLE_PREFIX)) continue;
    try {
      shards.set(name, JSON.parse(raw) as Record<string, [string, number]>);
    } catch {
      shards.set(name, {});
    }
  }
  return shards;
}

export function durableLookup(shards: DurableShards, keys: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of keys) {
    const { shard, id } = locate(key);
    const entry = shards.get(shard)?.[id];
    if (entry) out.set(key, entry[0]);
  }
  return out;
}

/**
 * Property values to write so that `answers` are stored and `touched` keys count as used today.
 * Only shards that change are returned.
 */
export function durableChanges(
  props: Record<string, string>,
  answers: Map<string, string>,
  touched: string[],
  now: number,
): Record<string, string> {
  const today = Math.floor(now / DAY_MS);
  const shards = readShards(props);
  const changed = new Set<string>();
  const shardOf = (name: string) => {
    if (!shards.has(name)) shards.set(name, {});
    return shards.get(name) as Record<string, [string, number]>;
  };
  for (const [key, answer] of answers) {
    if (!isDurable(answer)) continue;
    const { shard, id } = locate(key);
    shardOf(shard)[id] = [answer, today];
    changed.add(shard);
  }
  for (const key of touched) {
    const { shard, id } = locate(key);
    const entry = shards.get(shard)?.[id];
    if (entry && today - entry[1] >= TOUCH_AFTER_DAYS) {
      entry[1] = today;
      changed.add(shard);
    }
  }
  const out: Record<string, string> = {};
  for (const name of changed) out[name] = serializeWithinLimit(shardOf(name));
  return out;
}

function serializeWithinLimit(entries: Record<string, [string, number]>): string {
  let json = JSON.stringify(entries);
  if (utf8Length(json) <= MAX_SHARD_BYTES) return json;
  const byAge = Object.entries(entries).sort((a, b) => a[1][1] - b[1][1]);
  let bytes = utf8Length(json);
  let drop = 0;
  // Drop the least recently used until the estimate fits, then check the real size.
  while (bytes > MAX_SHARD_BYTES * 0.9 && drop < byAge.length) {
    bytes -= utf8Length(JSON.stringify(byAge[drop])) + 1;
    drop++;
  }
  const kept = Object.fromEntries(byAge.slice(drop));
  json = JSON.stringify(kept);
  return utf8Length(json) <= MAX_SHARD_BYTES ? json : '{}';
}
