// Rate-limit pacing shared by every execution of a spreadsheet. Up to 30 executions of a user run
// at once, and each would otherwise discover the API's limits on its own, by 429s. Responses carry
// the state of the limit (x-ratelimit-remaining-requests/-tokens, x-ratelimit-reset-*), and a 429
// says when to come back (retry-after-ms / retry-after); the last observation is kept in the
// document cache, and an execution about to send reads it and waits (or, when the wait would
// outlast its deadline, does not send at all).
import type { Clock, KeyValueCache } from '../platform/ports';
import { durationMs } from './durations';

/** What the limits looked like at `at` (absolute times in ms). */
export interface RateState {
  at: number;
  requestsLeft?: number;
  requestsFullAt?: number;
  tokensLeft?: number;
  tokensFullAt?: number;
  requestLimit?: number;
  tokenLimit?: number;
  /** A 429 asked for no request before this time. */
  retryAt?: number;
}

export interface ObservedResponse {
  headers: Record<string, string>;
  /** For a 429 that means "too fast" (not "no credit"): how long the API asked to wait. */
  rateLimitedForMs?: number;
}

export interface Pacer {
  /** How long to wait before sending `requests` requests counted at `tokens` tokens by the limiter; 0: now. */
  waitBefore(requests: number, tokens: number): number;
  /** Takes note of a wave's responses (their headers, and 429s). */
  record(responses: ObservedResponse[]): void;
}

/** Below this many requests, or this share of the token allowance, the state is worth sharing. */
const TIGHT_REQUESTS = 20;
const TIGHT_TOKEN_SHARE = 0.1;
/** A state read this recently is used again without another cache read. */
const REREAD_AFTER_MS = 1000;
/** The state is kept at most this long; the limits' windows are a minute. */
const STATE_TTL_SECONDS = 120;

export function observe(responses: ObservedResponse[], now: number): RateState | undefined {
  let state: RateState | undefined;
  for (const r of responses) {
    const h = r.headers;
    const num = (name: string) => {
      const v = Number(h[name]);
      return h[name] !== undefined && Number.isFinite(v) ? v : undefined;
    };
    const next: RateState = { ...state, at: now };
    const requestsLeft = num('x-ratelimit-remaining-requests');
    if (requestsLeft !== undefined) {
      next.requestsLeft = Math.min(requestsLeft, state?.requestsLeft ?? Infinity);
      next.requestsFullAt = now + (durationMs(h['x-ratelimit-reset-requests']) ?? 0);
      next.requestLimit = num('x-ratelimit-limit-requests');
    }
    const tokensLeft = num('x-ratelimit-remaining-tokens');
    if (tokensLeft !== undefined) {
      next.tokensLeft = Math.min(tokensLeft, state?.tokensLeft ?? Infinity);
      next.tokensFullAt = now + (durationMs(h['x-ratelimit-reset-tokens']) ?? 0);
      next.tokenLimit = num('x-ratelimit-limit-tokens');
    }
    if (r.rateLimitedForMs !== undefined)
      next.retryAt = Math.max(state?.retryAt ?? 0, now + r.rateLimitedForMs);
    state = next;
  }
  return state;
}

/** Whether others should hear about this state: a 429, or little left of either allowance. */
export function isTight(state: RateState, now: number): boolean {
  if ((state.retryAt ?? 0) > now) return true;
  if (state.requestsLeft !== undefined && state.requestsLeft < TIGHT_REQUESTS) return true;
  if (state.tokensLeft !== undefined && state.tokenLimit)
    return state.tokensLeft < state.tokenLimit * TIGHT_TOKEN_SHARE;
  return false;
}

/** The wait a state asks for before `requests` requests of `tokens` tokens. */
export function waitFor(state: RateState | undefined, requests: number, tokens: number, now: number): number {
  if (!state) return 0;
  let until = state.retryAt ?? 0;
  if (state.requestsLeft !== undefined && state.requestsLeft < requests)
    until = Math.max(until, state.requestsFullAt ?? 0);
  if (state.tokensLeft !== undefined && state.tokensLeft < tokens)
    until = Math.max(until, state.tokensFullAt ?? 0);
  return Math.max(0, until - now);
}

/** Two observations of the same limits: the newer one wins, a pending retry-after is kept. */
export function mergeStates(a: RateState | undefined, b: RateState | undefined): RateState | undefined {
  if (!a || !b) return a ?? b;
  const [older, newer] = a.at <= b.at ? [a, b] : [b, a];
  const retryAt = Math.max(older.retryAt ?? 0, newer.retryAt ?? 0);
  return retryAt ? { ...newer, retryAt } : newer;
}

function parseState(raw: string | null | undefined): RateState | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as RateState;
    return typeof value?.at === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The state kept under `key` in a cache every execution of the spreadsheet reads. */
export class SharedPacer implements Pacer {
  private state?: RateState;
  private readAt = -Infinity;
  /** Whether the shared copy says the limit is tight (so an easier state should replace it). */
  private sharedTight = false;

  constructor(
    private readonly cache: KeyValueCache,
    private readonly clock: Clock,
    private readonly key: string,
  ) {}

  waitBefore(requests: number, tokens: number): number {
    const now = this.clock.now();
    if (now - this.readAt > REREAD_AFTER_MS) this.read(now);
    return waitFor(this.state, requests, tokens, now);
  }

  record(responses: ObservedResponse[]): void {
    const now = this.clock.now();
    const seen = observe(responses, now);
    if (!seen) return;
    this.state = mergeStates(this.state, seen);
    const tight = isTight(seen, now);
    if (!tight && !this.sharedTight) return;
    if (now - this.readAt > REREAD_AFTER_MS) this.read(now);
    const state = this.state as RateState;
    this.cache.putAll({ [this.key]: JSON.stringify(state) }, STATE_TTL_SECONDS);
    this.sharedTight = isTight(state, now);
  }

  private read(now: number): void {
    const shared = parseState(this.cache.getAll([this.key])[this.key]);
    this.sharedTight = shared !== undefined && isTight(shared, now);
    this.state = mergeStates(this.state, shared);
    this.readAt = now;
  }
}
