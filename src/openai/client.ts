// A synchronous OpenAI client over the HttpPort: parallel requests, bounded retries that never
// outrun the execution's deadline, and errors that carry the reason and the request id.
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Model } from 'openai/resources/models';
import {
  DailyQuotaError,
  NetworkError,
  type Clock,
  type HttpPort,
  type HttpRequest,
  type HttpResponse,
} from '../platform/ports';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  DeadlineExceededError,
  MalformedResponseError,
  RateLimitError,
  UrlFetchQuotaError,
  errorForStatus,
  type APIError,
  type ApiErrorBody,
} from './errors';
import { adaptToRefusal, mergeLesson } from './lessons';
import type { Lessons } from './models';
import type { ChatBody } from './request';
import { durationMs, messageDelayMs } from './durations';
import type { ObservedResponse, Pacer } from './pacing';
import { estimateTokens } from '../engine/tokens';
import { redactSecrets } from './redact';
import { MAX_RETRIES, retryDelayMs, serverDelayMs, shouldRetry } from './retry';

export { durationMs } from './durations';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Below this much time left, another request is not started: it would likely be cut off. */
const MIN_ATTEMPT_MS = 3000;
/** A request refused for a parameter is adapted and resent at most this often (one per parameter). */
const MAX_ADAPTATIONS = 3;

export interface ClientOptions {
  apiKey: string;
  baseUrl?: string;
  /** Requests sent at once in one fetchAll. */
  concurrency?: number;
  random?: () => number;
  /** Rate-limit state shared with the other executions (pacing.ts). */
  pacer?: Pacer;
}

export interface ListedModel {
  id: string;
  /** YYYY-MM-DD, or null when no shutdown has been announced. */
  shutdownDate: string | null;
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

export interface RateLimitSnapshot {
  remainingRequests?: number;
  remainingTokens?: number;
  limitRequests?: number;
  limitTokens?: number;
  /** Time until the request and token allowances are full again. */
  resetRequestsMs?: number;
  resetTokensMs?: number;
}

/**
 * `unanswered`: attempts that got no HTTP response. UrlFetchApp.fetchAll throws when any request of
 * a parallel wave fails to connect, losing its siblings' responses, which the API may have billed.
 */
export type Outcome<T> = (
  { ok: true; value: T; requestId?: string; rateLimits: RateLimitSnapshot } | { ok: false; error: APIError }
) & { unanswered?: number };

interface Attempt {
  index: number;
  request: HttpRequest;
  tries: number;
}

export class OpenAIClient {
  private readonly baseUrl: string;
  /** Requests sent at once in one fetchAll. */
  readonly concurrency: number;
  /** What refusals taught about models during this execution, to be kept by the caller. */
  readonly learned: Lessons = {};

  constructor(
    private readonly http: HttpPort,
    private readonly clock: Clock,
    private readonly options: ClientOptions,
  ) {
    this.baseUrl = (options.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.concurrency = Math.max(1, options.concurrency ?? 10);
  }

  /** GET /models: every model the key may use, with its announced shutdown date (or null). */
  listModels(deadline: number): Outcome<ListedModel[]> {
    const [outcome] = this.sendAll([this.request('get', '/models')], deadline);
    if (!outcome.ok) return outcome;
    const data = (outcome.value as { data?: Array<Model & { shutdown_date?: unknown }> }).data;
    if (!Array.isArray(data)) return { ok: false, error: malformed('models list without data') };
    const listed = data
      .filter((m) => typeof m?.id === 'string')
      .map((m) => ({ id: m.id, shutdownDate: isDate(m.shutdown_date) ? m.shutdown_date : null }));
    return { ...outcome, value: listed };
  }

  /**
   * Sends every body (in parallel, at most `concurrency` at once) and returns outcomes in order. A
   * body the API refuses for one parameter is adapted and sent again (see lessons.ts).
   */
  createChatCompletions(bodies: ChatBody[], deadline: number): Array<Outcome<ChatCompletion>> {
    const current = [...bodies];
    let outcomes = this.sendChats(current, deadline);
    for (let round = 0; round < MAX_ADAPTATIONS; round++) {
      const retry: number[] = [];
      outcomes.forEach((outcome, i) => {
        if (outcome.ok) return;
        const adapted = adaptToRefusal(current[i], outcome.error);
        if (!adapted) return;
        current[i] = adapted.body;
        this.learned[adapted.body.model] = mergeLesson(
          this.learned[adapted.body.model] ?? {},
          adapted.lesson,
        );
        retry.push(i);
      });
      if (!retry.length) break;
      const again = this.sendChats(
        retry.map((i) => current[i]),
        deadline,
      );
      outcomes = outcomes.map((o, i) => (retry.includes(i) ? again[retry.indexOf(i)] : o));
    }
    return outcomes;
  }

  private sendChats(bodies: ChatBody[], deadline: number): Array<Outcome<ChatCompletion>> {
    const requests = bodies.map((b) => this.request('post', '/chat/completions', JSON.stringify(b)));
    return this.sendAll(requests, deadline).map((outcome) => {
      if (!outcome.ok) return outcome;
      const completion = outcome.value as ChatCompletion;
      if (!Array.isArray(completion?.choices) || !completion.choices[0]?.message) {
        return { ok: false, error: malformed('chat completion without choices', outcome.requestId) };
      }
      const message = completion.choices[0].message;
      if (typeof message.content === 'string')
        message.content = redactSecrets(message.content, [this.options.apiKey]);
      return { ...outcome, value: completion };
    });
  }

  private request(method: 'get' | 'post', path: string, payload?: string): HttpRequest {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.apiKey}` };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    return { url: `${this.baseUrl}${path}`, method, headers, payload };
  }

  private sendAll(requests: HttpRequest[], deadline: number): Array<Outcome<unknown>> {
    const results: Array<Outcome<unknown> | undefined> = new Array(requests.length);
    const unanswered: number[] = requests.map(() => 0);
    let queue: Attempt[] = requests.map((request, index) => ({ index, request, tries: 0 }));
    while (queue.length) {
      const retry: Attempt[] = [];
      let waitMs = 0;
      for (let i = 0; i < queue.length; i += this.concurrency) {
        const wave = queue.slice(i, i + this.concurrency);
        if (deadline - this.clock.now() < MIN_ATTEMPT_MS) {
          for (const a of wave) results[a.index] ??= { ok: false, error: deadlineError() };
          continue;
        }
        const held = this.holdBack(wave, deadline);
        if (held) {
          for (const a of wave) results[a.index] = { ok: false, error: held };
          continue;
        }
        const outcomes = this.sendWave(wave.map((a) => a.request));
        this.options.pacer?.record(outcomes.map(observed));
        wave.forEach((attempt, k) => {
          const { outcome, headers } = outcomes[k];
          if (!outcome.ok && outcome.error instanceof APIConnectionError) unanswered[attempt.index]++;
          results[attempt.index] = outcome;
          if (outcome.ok || attempt.tries >= MAX_RETRIES || !shouldRetry(outcome.error, headers)) return;
          retry.push({ ...attempt, tries: attempt.tries + 1 });
          waitMs = Math.max(waitMs, retryDelayMs(outcome.error, attempt.tries, this.options.random));
        });
      }
      if (!retry.length) break;
      if (this.clock.now() + waitMs + MIN_ATTEMPT_MS > deadline) break; // keep the last error
      this.clock.sleep(waitMs);
      queue = retry;
    }
    return (results as Array<Outcome<unknown>>).map((r, i) => ({ ...r, unanswered: unanswered[i] }));
  }

  /**
   * Waits as long as the shared rate-limit state asks; when that would outlast the deadline, the
   * wave is not sent and each request gets the rate-limit error instead of a 429 of its own.
   */
  private holdBack(wave: Attempt[], deadline: number): APIError | undefined {
    const pacer = this.options.pacer;
    if (!pacer) return undefined;
    const waitMs = pacer.waitBefore(
      wave.length,
      wave.reduce((n, a) => n + limiterTokens(a.request), 0),
    );
    if (waitMs <= 0) return undefined;
    if (this.clock.now() + waitMs + MIN_ATTEMPT_MS > deadline) {
      const body = { message: 'held back: the rate limit is reached', code: 'rate_limit_exceeded' };
      return new RateLimitError(
        undefined,
        body,
        `rate limit reached, retry in ${waitMs} ms`,
        undefined,
        waitMs,
      );
    }
    this.clock.sleep(waitMs);
    return undefined;
  }

  private sendWave(
    requests: HttpRequest[],
  ): Array<{ outcome: Outcome<unknown>; headers?: Record<string, string> }> {
    let responses: HttpResponse[];
    try {
      responses = this.http.fetchAll(requests);
    } catch (e) {
      if (e instanceof DailyQuotaError) {
        const error = new UrlFetchQuotaError(undefined, undefined, e.message);
        return requests.map(() => ({ outcome: { ok: false, error } }));
      }
      if (!(e instanceof NetworkError)) throw e;
      const error = e.timedOut
        ? new APIConnectionTimeoutError(undefined, undefined, e.message)
        : new APIConnectionError(undefined, undefined, e.message);
      return requests.map(() => ({ outcome: { ok: false, error } }));
    }
    return responses.map((r) => ({ outcome: this.parse(r), headers: r.headers }));
  }

  private parse(response: HttpResponse): Outcome<unknown> {
    const requestId = response.headers['x-request-id'];
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    if (response.status >= 200 && response.status < 300) {
      if (json === undefined) return { ok: false, error: malformed('response body is not JSON', requestId) };
      return { ok: true, value: json, requestId, rateLimits: rateLimitsOf(response.headers) };
    }
    const body = redactedBody((json as { error?: ApiErrorBody } | undefined)?.error, this.options.apiKey);
    const retryAfter =
      serverDelayMs(response.headers, this.clock.now()) ??
      (response.status === 429 ? messageDelayMs(body?.message) : undefined);
    return { ok: false, error: errorForStatus(response.status, body, requestId, retryAfter) };
  }
}

/** What a response says about the limits, for the pacer. */
function observed(r: { outcome: Outcome<unknown>; headers?: Record<string, string> }): ObservedResponse {
  const error = r.outcome.ok ? undefined : r.outcome.error;
  const limited = error?.status === 429 && error.reason === 'rate_limited';
  return { headers: r.headers ?? {}, rateLimitedForMs: limited ? (error.retryAfterMs ?? 1000) : undefined };
}

/** The rate limiter counts a request as its prompt plus its output cap (estimated here from the body). */
function limiterTokens(request: HttpRequest): number {
  const payload = request.payload ?? '';
  const cap = /"max(?:_completion)?_tokens":(\d+)/.exec(payload);
  return estimateTokens(payload) + (cap ? Number(cap[1]) : 0);
}

/** An error body whose message cannot show the key, in any form redact.ts knows (a server may echo it). */
export function redactedBody(body: ApiErrorBody | undefined, apiKey: string): ApiErrorBody | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const clean = (v: unknown) => (typeof v === 'string' ? redactSecrets(v, [apiKey]) : undefined);
  return {
    message: clean(body.message),
    type: clean(body.type),
    code: clean(body.code),
    param: clean(body.param),
  };
}

function malformed(message: string, requestId?: string): APIError {
  return new MalformedResponseError(200, undefined, message, requestId);
}

function deadlineError(): APIError {
  return new DeadlineExceededError(undefined, undefined, 'no time left in this execution');
}

function rateLimitsOf(headers: Record<string, string>): RateLimitSnapshot {
  const num = (name: string) => {
    const value = Number(headers[name]);
    return headers[name] !== undefined && Number.isFinite(value) ? value : undefined;
  };
  return {
    remainingRequests: num('x-ratelimit-remaining-requests'),
    remainingTokens: num('x-ratelimit-remaining-tokens'),
    limitRequests: num('x-ratelimit-limit-requests'),
    limitTokens: num('x-ratelimit-limit-tokens'),
    resetRequestsMs: durationMs(headers['x-ratelimit-reset-requests']),
    resetTokensMs: durationMs(headers['x-ratelimit-reset-tokens']),
  };
}
