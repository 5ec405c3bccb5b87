// Per-key request and token limits over a sliding 60-second window, and the headers that report them.

import { rateLimited, requestTooLarge, type ApiError, type RateLimitKind } from './api-errors';
import { formatDuration } from './durations';

export const WINDOW_MS = 60_000;

/** What the headers report when a limit is switched off (a high paid tier's figures). */
const NOMINAL_RPM = 30_000;
const NOMINAL_TPM = 150_000_000;

export interface Limits {
  rpm: number | null;
  tpm: number | null;
}

interface Entry {
  at: number;
  tokens: number;
}

export type Admission = { ok: true; headers: Record<string, string> } | { ok: false; error: ApiError };

export class RateLimiter {
  private windows = new Map<string, Entry[]>();

  reset(): void {
    this.windows.clear();
  }

  /** Admits and records a request, or says which limit it hits and when to retry. */
  admit(key: string, model: string, tokens: number, limits: Limits, now: number): Admission {
    const entries = this.current(key, now);
    const denied = this.denial(entries, model, tokens, limits, now);
    if (denied)
      return {
        ok: false,
        error: { ...denied, headers: { ...this.headers(key, limits, now), ...denied.headers } },
      };
    entries.push({ at: now, tokens });
    return { ok: true, headers: this.headers(key, limits, now) };
  }

  headers(key: string, limits: Limits, now: number): Record<string, string> {
    const entries = this.current(key, now);
    const rpm = limits.rpm ?? NOMINAL_RPM;
    const tpm = limits.tpm ?? NOMINAL_TPM;
    const oldest = entries.length ? entries[0].at + WINDOW_MS - now : 0;
    return {
      'x-ratelimit-limit-requests': String(rpm),
      'x-ratelimit-limit-tokens': String(tpm),
      'x-ratelimit-remaining-requests': String(Math.max(0, rpm - entries.length)),
      'x-ratelimit-remaining-tokens': String(Math.max(0, tpm - sumTokens(entries))),
      'x-ratelimit-reset-requests': formatDuration(oldest),
      'x-ratelimit-reset-tokens': formatDuration(oldest),
    };
  }

  private denial(
    entries: Entry[],
    model: string,
    tokens: number,
    limits: Limits,
    now: number,
  ): ApiError | null {
    if (limits.rpm !== null && entries.length + 1 > limits.rpm) {
      const wait = waitFor(entries, () => 1, entries.length + 1 - limits.rpm, now);
      return this.limited('requests', model, limits.rpm, entries.length, 1, wait);
    }
    if (limits.tpm !== null) {
      if (tokens > limits.tpm) return requestTooLarge(model, limits.tpm, tokens);
      const used = sumTokens(entries);
      if (used + tokens > limits.tpm) {
        const wait = waitFor(entries, (e) => e.tokens, used + tokens - limits.tpm, now);
        return this.limited('tokens', model, limits.tpm, used, tokens, wait);
      }
    }
    return null;
  }

  private limited(
    kind: RateLimitKind,
    model: string,
    limit: number,
    used: number,
    requested: number,
    retryAfterMs: number,
  ): ApiError {
    return rateLimited({ kind, model, limit, used, requested, retryAfterMs }, formatDuration(retryAfterMs));
  }

  private current(key: string, now: number): Entry[] {
    const entries = this.windows.get(key) ?? [];
    while (entries.length && entries[0].at <= now - WINDOW_MS) entries.shift();
    this.windows.set(key, entries);
    return entries;
  }
}

function sumTokens(entries: Entry[]): number {
  return entries.reduce((sum, e) => sum + e.tokens, 0);
}

/** Milliseconds until the oldest entries worth at least `excess` (by `weight`) have left the window. */
function waitFor(entries: Entry[], weight: (e: Entry) => number, excess: number, now: number): number {
  let freed = 0;
  for (const entry of entries) {
    freed += weight(entry);
    if (freed >= excess) return entry.at + WINDOW_MS - now;
  }
  return WINDOW_MS;
}
