// Retry rules of the official SDK: the server's x-should-retry wins; otherwise 408, 409, 429 and
// 5xx are retried, except a 429 that means the account has no quota left (billing, not load).
import type { APIError } from './errors';

export const MAX_RETRIES = 2;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;
/**
 * A 429 rate_limit_exceeded whose headers and message name no wait: waited at least this long.
 * Backoff alone (0.5 s, then 1 s) is shorter than the waits real 429s name ("try again in 2s").
 */
export const RATE_LIMIT_FLOOR_MS = 2000;

export function shouldRetry(error: APIError, headers: Record<string, string> | undefined): boolean {
  if (error.reason === 'insufficient_quota') return false;
  const hint = headers?.['x-should-retry'];
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  if (error.status === undefined) return error.reason === 'network' || error.reason === 'timeout';
  return (
    error.status === 408 ||
    error.status === 409 ||
    error.status === 429 ||
    error.status >= 500 ||
    error.reason === 'malformed_response'
  );
}

/** The server's requested delay in ms (retry-after-ms, then retry-after as seconds or a date), if sane. */
export function serverDelayMs(headers: Record<string, string>, now: number): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers['retry-after'];
  if (after === undefined) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Exponential backoff with up to 25% jitter downwards, as the official SDK does. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
  return base * (1 - random() * 0.25);
}

export function retryDelayMs(error: APIError, attempt: number, random?: () => number): number {
  const server = error.retryAfterMs;
  if (server !== undefined && server <= 60_000) return server;
  const backoff = backoffMs(attempt, random);
  return error.reason === 'rate_limited' ? Math.max(RATE_LIMIT_FLOOR_MS, backoff) : backoff;
}
