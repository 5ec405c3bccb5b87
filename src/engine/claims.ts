// Claims: which answers an execution is asking the API for right now, so that the single-cell
// formulas running beside it wait for those answers instead of asking again. A claim lives in the
// document properties (written under the document lock, so two executions never claim the same
// answer) and, when it covers other cells than the claimer's, is mirrored into the document cache,
// where the waiting cells look for it without taking the lock. It lasts CLAIM_HOLD_MS; after that
// its answers are anyone's to ask again (its execution died or is stuck).

/** Fixed property names, so that releasing a claim rewrites a shard and never deletes a property. */
export const CLAIM_SHARDS = 8;
const CLAIM_PREFIX = 'cl:';
/** Under PropertiesService's 9 KB per value. */
const MAX_SHARD_CHARS = 8000;
/** The cache entry that mirrors every live claim that covers more than its claimer's own cell. */
export const CLAIMS_MIRROR = 'cl1';
/** How long a claim holds. The claimer starts no request later than CLAIM_SEND_MS after claiming. */
export const CLAIM_HOLD_MS = 15_000;
/** The claimer's requests get the claim's last CLAIM_HOLD_MS - CLAIM_SEND_MS to come back. */
export const CLAIM_SEND_MS = 9_000;

export interface Claim {
  id: string;
  /** Absolute time the claim ends. */
  until: number;
  /** Short ids (claimId()) of the answer keys claimed. */
  keys: string[];
}

/** A released claim whose request failed for a reason that holds for every cell (a revoked key...). */
export interface ClaimFailure {
  id: string;
  until: number;
  keys: string[];
  /** The message key and parameters of the UserError. */
  error: { key: string; params: unknown };
}

/** How long the cells a failed claim covered take its failure as theirs instead of asking again. */
export const FAILURE_HOLD_MS = 30_000;

type Shard = Record<string, { u: number; k: string[]; e?: ClaimFailure['error'] }>;

/** 10 hex digits of an answer key: enough to tell thousands of answers apart, small enough for 9 KB. */
export function claimId(answerKey: string): string {
  return answerKey.slice(answerKey.indexOf(':') + 1).slice(0, 10);
}

function parseShard(raw: string | undefined | null): Shard {
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Shard) : {};
  } catch {
    return {};
  }
}

function shardName(n: number): string {
  return `${CLAIM_PREFIX}${n}`;
}

function toClaims(shard: Shard): Claim[] {
  return Object.entries(shard)
    .filter(([, c]) => !c.e)
    .map(([id, c]) => ({ id, until: c.u, keys: c.k }));
}

/** Every claim recorded in the properties, live or expired. */
export function readClaims(props: Record<string, string>): Claim[] {
  const out: Claim[] = [];
  for (let n = 0; n < CLAIM_SHARDS; n++) out.push(...toClaims(parseShard(props[shardName(n)])));
  return out;
}

export function liveClaims(claims: Claim[], now: number): Claim[] {
  return claims.filter((c) => c.until > now);
}

/** The live claim that covers `id`, if any. */
export function claimCovering(claims: Claim[], id: string, now: number): Claim | undefined {
  return claims.find((c) => c.until > now && c.keys.includes(id));
}

/** How many short ids one claim may carry (it has to fit a shard with others). */
export const MAX_CLAIM_KEYS = 400;

/**
 * Property changes that add `claim` (when given) and drop `release` and every expired claim. The
 * claim goes into the shard with most room; undefined when no shard can take it.
 */
export function claimChanges(
  props: Record<string, string>,
  now: number,
  claim?: Claim,
  release?: string,
): Record<string, string> | undefined {
  const changes: Record<string, string> = {};
  const shards: Shard[] = [];
  for (let n = 0; n < CLAIM_SHARDS; n++) {
    const shard = parseShard(props[shardName(n)]);
    let changed = false;
    for (const [id, c] of Object.entries(shard)) {
      if (c.u > now && id !== release) continue;
      delete shard[id];
      changed = true;
    }
    shards.push(shard);
    if (changed) changes[shardName(n)] = JSON.stringify(shard);
  }
  if (!claim) return changes;
  const entry = { u: claim.until, k: claim.keys };
  const sizes = shards.map((s) => JSON.stringify(s).length);
  const n = sizes.indexOf(Math.min(...sizes));
  const next = { ...shards[n], [claim.id]: entry };
  const json = JSON.stringify(next);
  if (json.length > MAX_SHARD_CHARS) return undefined;
  changes[shardName(n)] = json;
  return changes;
}

/** The properties as they are after `changes`, for reading the claims again. */
export function withChanges(props: Record<string, string>, changes: Record<string, string>) {
  return { ...props, ...changes };
}

/** The mirror's value: the live claims that cover more than their claimer's cell. */
export function mirrorValue(claims: Claim[], now: number): string {
  const shared: Shard = {};
  for (const c of liveClaims(claims, now)) if (c.keys.length > 1) shared[c.id] = { u: c.until, k: c.keys };
  return JSON.stringify(shared);
}

export function parseMirror(raw: string | undefined | null): Claim[] {
  return toClaims(parseShard(raw));
}

/** The cache entry with the recent failures of shared claims. */
export const CLAIM_FAILURES = 'cf1';

export function parseFailures(raw: string | undefined | null): ClaimFailure[] {
  return Object.entries(parseShard(raw))
    .filter(([, c]) => c.e)
    .map(([id, c]) => ({ id, until: c.u, keys: c.k, error: c.e as ClaimFailure['error'] }));
}

/** The failures entry with `failure` added and the ended ones dropped. */
export function failuresValue(raw: string | undefined | null, failure: ClaimFailure, now: number): string {
  const out: Shard = {};
  for (const f of [...parseFailures(raw), failure])
    if (f.until > now) out[f.id] = { u: f.until, k: f.keys, e: f.error };
  return JSON.stringify(out);
}

/** The recent failure of a shared claim that covered `id`, if any. */
export function failureCovering(failures: ClaimFailure[], id: string, now: number): ClaimFailure | undefined {
  return failures.find((f) => f.until > now && f.keys.includes(id));
}
