// Answers cached by a hash of everything that changes them. CacheService first, packed into a few
// large entries (packs.ts; one getAll for a whole range); short answers also live in a bounded
// durable store, so a spreadsheet reopened after the cache expired re-bills nothing for them.
// Errors never reach either.
import { sha256Hex } from '../engine/sha256';
import { withLockOrBusy } from '../engine/locked-update';
import type { KeyValueCache, Mutex, PropertyStore } from '../platform/ports';
import { DURABLE_PREFIX, durableLookup, type DurableShards } from './durable';
import { findInPacks, mergeIntoPacks, packNames } from './packs';

/** CacheService keeps entries at most 6 hours. */
export const CACHE_TTL_SECONDS = 21600;
const CACHE_VERSION = 1;

export interface AnswerKeyParts {
  /** Changes when a user clears the cache, which orphans every earlier entry. */
  epoch?: string;
  model: string;
  signature: string;
  temperature?: number;
  maxTokens?: number;
  text: string;
  /**
   * The host that answers, when it is not OpenAI's: someone's own base URL must not fill the answers
   * everyone's formulas read (an editor's page call or job runs on the editor's settings).
   */
  endpoint?: string;
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
    ...(parts.endpoint ? [parts.endpoint] : []),
  ]);
  return `a${CACHE_VERSION}:${sha256Hex(material)}`;
}

export interface LookupResult {
  answers: Map<string, string>;
  /** Keys found only in the durable store (the cache had expired): worth re-warming. */
  fromDurable: string[];
  /** The values of `alsoRead` that were in the cache, read in the same call. */
  also: Record<string, string>;
}

/** One getAll for the packs of every key (and `alsoRead`), then the durable store for the misses. */
export function lookupAnswers(
  cache: KeyValueCache,
  readDurable: () => DurableShards,
  keys: string[],
  epoch: string,
  alsoRead: string[] = [],
): LookupResult {
  const packs = packNames(keys, epoch);
  const found = cache.getAll([...packs, ...alsoRead]);
  const answers = findInPacks(found, keys, epoch);
  const also: Record<string, string> = {};
  for (const key of alsoRead) if (typeof found[key] === 'string') also[key] = found[key];
  const missing = keys.filter((k) => !answers.has(k));
  const fromDurable: string[] = [];
  if (missing.length) {
    for (const [key, value] of durableLookup(readDurable(), missing)) {
      answers.set(key, value);
      fromDurable.push(key);
    }
  }
  return { answers, fromDurable, also };
}

/**
 * Writes answers into their packs: one getAll and one putAll. Only under the document lock, so
 * that two executions never write the same pack from different copies.
 */
export function storeAnswers(cache: KeyValueCache, answers: Map<string, string>, epoch: string): void {
  if (!answers.size) return;
  const names = packNames([...answers.keys()], epoch);
  cache.putAll(mergeIntoPacks(cache.getAll(names), answers, epoch), CACHE_TTL_SECONDS);
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
