// Answers cached by a hash of everything that changes them. CacheService first (one getAll for a
// whole range); short answers also live in a bounded durable store, so a spreadsheet reopened after
// the cache expired re-bills nothing for them. Errors never reach either.
import { sha256Hex } from '../engine/sha256';
import { withLockOrBusy } from '../engine/locked-update';
import type { KeyValueCache, Mutex, PropertyStore } from '../platform/ports';
import { DURABLE_PREFIX, durableLookup, type DurableShards } from './durable';

/** CacheService keeps entries at most 6 hours. */
export const CACHE_TTL_SECONDS = 21600;
const CACHE_VERSION = 1;
const MAX_CACHED_VALUE_CHARS = 30000;

export interface AnswerKeyParts {
  /** Changes when a user clears the cache, which orphans every earlier entry. */
  epoch?: string;
  model: string;
  signature: string;
  temperature?: number;
  maxTokens?: number;
  text: string;
}

/** 'a1:' + 64 hex characters: well inside CacheService's 250-character key limit. */
export function answerKey(parts: AnswerKeyParts): string {
  const material = JSON.stringify([
    CACHE_VERSION,
    parts.epoch ?? '',
    parts.model,
    parts.signature,
    parts.temperature ?? null,
    parts.maxTokens ?? null,
    parts.text,
  ]);
  return `a${CACHE_VERSION}:${sha256Hex(material)}`;
}

export interface LookupResult {
  answers: Map<string, string>;
  /** Keys found only in the durable store (the cache had expired): worth re-warming. */
  fromDurable: string[];
}

export function lookupAnswers(
  cache: KeyValueCache,
  readDurable: () => DurableShards,
  keys: string[],
): LookupResult {
  const answers = new Map<string, string>();
  const found = cache.getAll(keys);
  for (const key of keys) {
    const raw = found[key];
    if (raw !== undefined && raw !== null) answers.set(key, JSON.parse(raw) as string);
  }
  const missing = keys.filter((k) => !answers.has(k));
  const fromDurable: string[] = [];
  if (missing.length) {
    const durable = durableLookup(readDurable(), missing);
    for (const [key, value] of durable) {
      answers.set(key, value);
      fromDurable.push(key);
    }
    if (fromDurable.length) storeInCache(cache, durable);
  }
  return { answers, fromDurable };
}

export function storeInCache(cache: KeyValueCache, answers: Map<string, string>): void {
  const values: Record<string, string> = {};
  for (const [key, answer] of answers) {
    if (answer.length <= MAX_CACHED_VALUE_CHARS) values[key] = JSON.stringify(answer);
  }
  cache.putAll(values, CACHE_TTL_SECONDS);
}

export const EPOCH_PROPERTY = 'cache:epoch';

/**
 * Forgets every answer of the spreadsheet. CacheService cannot list its keys, so a new epoch (part
 * of every key) orphans the old entries, which expire on their own; the durable shards are emptied.
 */
export function clearCache(store: PropertyStore, lock: Mutex, newEpoch: string): { ok: true } {
  withLockOrBusy(lock, 10000, () => {
    store.set(EPOCH_PROPERTY, newEpoch);
    for (const key of Object.keys(store.getAll())) if (key.startsWith(DURABLE_PREFIX)) store.delete(key);
  });
  return { ok: true };
}
