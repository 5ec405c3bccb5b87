// The Batch API over the HttpPort: a JSONL file uploaded as a multipart form (a named Blob),
// batches created, retrieved and cancelled, result files downloaded and files deleted. Retries as the
// synchronous client does (408, 409, 429, 5xx, no response), never past the deadline; a body or a
// response over Apps Script's 50 MB per call is not retried (it would be refused again).
import type { Batch } from 'openai/resources/batches';
import {
  DailyQuotaError,
  NetworkError,
  type Clock,
  type HttpPort,
  type HttpRequest,
} from '../platform/ports';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  DeadlineExceededError,
  MalformedResponseError,
  UrlFetchQuotaError,
  errorForStatus,
  type APIError,
  type ApiErrorBody,
} from './errors';
import { MAX_RETRIES, retryDelayMs, serverDelayMs, shouldRetry } from './retry';
import { redactedBody } from './client';

/** The endpoint every line of a job's files calls. */
export const BATCH_ENDPOINT = '/v1/chat/completions';
/** "Currently only `24h` is supported." */
export const COMPLETION_WINDOW = '24h';
const MIN_ATTEMPT_MS = 3000;

export type BatchStatus = Batch['status'];

export const ENDED_STATUSES: readonly BatchStatus[] = ['failed', 'completed', 'expired', 'cancelled'];

export interface BatchUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoning: number;
}

/** What a job needs of a Batch object. */
export interface BatchInfo {
  id: string;
  status: BatchStatus;
  inputFileId: string | null;
  outputFileId: string | null;
  errorFileId: string | null;
  counts: { total: number; completed: number; failed: number };
  errors: Array<{ code: string; message: string; line: number | null }>;
  /** Unix ms. */
  expiresAt: number | null;
  /** The running sum of the requests that completed; null where the API does not report it. */
  usage: BatchUsage | null;
  metadata: Record<string, string> | null;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: APIError };

export interface BatchApiOptions {
  apiKey: string;
  baseUrl: string;
  /** Requests sent at once in one fetchAll. */
  concurrency?: number;
  random?: () => number;
}

/** Apps Script refused the call for its size ("URL Fetch POST size / response size 50 MB / call"). */
export function isSizeLimit(error: APIError, which: 'post' | 'response'): boolean {
  const pattern = which === 'post' ? /URLFetch POST Size/i : /URLFetch Response Size/i;
  return error instanceof APIConnectionError && pattern.test(error.message);
}

export class BatchApi {
  private readonly baseUrl: string;
  private readonly concurrency: number;

  constructor(
    private readonly http: HttpPort,
    private readonly clock: Clock,
    private readonly options: BatchApiOptions,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.concurrency = Math.max(1, options.concurrency ?? 10);
  }

  /** POST /files, purpose "batch": the Batch API takes only .jsonl files. */
  upload(filename: string, jsonl: string, deadline: number): ApiResult<{ id: string; bytes: number }> {
    const request = this.request('post', '/files');
    request.form = {
      purpose: 'batch',
      file: { name: filename, contentType: 'application/jsonl', content: jsonl },
    };
    const [result] = this.send([request], deadline);
    if (!result.ok) return result;
    const file = parseJson(result.value) as { id?: unknown; bytes?: unknown } | undefined;
    if (typeof file?.id !== 'string') return malformed('file object without id');
    return { ok: true, value: { id: file.id, bytes: Number(file.bytes ?? 0) } };
  }

  /** POST /batches over an uploaded file, for chat completions, within 24 hours. */
  create(inputFileId: string, metadata: Record<string, string>, deadline: number): ApiResult<BatchInfo> {
    const body = {
      input_file_id: inputFileId,
      endpoint: BATCH_ENDPOINT,
      completion_window: COMPLETION_WINDOW,
      metadata,
    };
    const [result] = this.send([this.request('post', '/batches', JSON.stringify(body))], deadline);
    return batchResult(result);
  }

  /** GET /batches/{id} for each id, in parallel. */
  retrieve(ids: string[], deadline: number): Array<ApiResult<BatchInfo>> {
    return this.send(
      ids.map((id) => this.request('get', `/batches/${encodeURIComponent(id)}`)),
      deadline,
    ).map(batchResult);
  }

  /** POST /batches/{id}/cancel for each id: "cancelling" for up to 10 minutes, then "cancelled". */
  cancel(ids: string[], deadline: number): Array<ApiResult<BatchInfo>> {
    return this.send(
      ids.map((id) => this.request('post', `/batches/${encodeURIComponent(id)}/cancel`, '{}')),
      deadline,
    ).map(batchResult);
  }

  /** GET /batches, newest first, 100 at a time (for finding a batch by its metadata). */
  list(deadline: number, after?: string): ApiResult<{ batches: BatchInfo[]; hasMore: boolean }> {
    const query = `?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const [result] = this.send([this.request('get', `/batches${query}`)], deadline);
    if (!result.ok) return result;
    const page = parseJson(result.value) as { data?: unknown; has_more?: unknown } | undefined;
    if (!Array.isArray(page?.data)) return malformed('batch list without data');
    const batches = page.data.map((b) => toBatchInfo(b)).filter((b): b is BatchInfo => b !== null);
    return { ok: true, value: { batches, hasMore: page.has_more === true } };
  }

  /** GET /files/{id}/content: the JSONL text of a batch's output or error file. */
  content(fileId: string, deadline: number): ApiResult<string> {
    const [result] = this.send(
      [this.request('get', `/files/${encodeURIComponent(fileId)}/content`)],
      deadline,
    );
    return result;
  }

  /** DELETE /files/{id} for each id; what fails to go expires by itself (30 days for batch files). */
  remove(fileIds: string[], deadline: number): number {
    const requests = fileIds.map((id) => this.request('delete', `/files/${encodeURIComponent(id)}`));
    return this.send(requests, deadline).filter((r) => r.ok).length;
  }

  private request(method: HttpRequest['method'], path: string, payload?: string): HttpRequest {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.apiKey}` };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    return { url: `${this.baseUrl}${path}`, method, headers, payload };
  }

  /** Sends the requests in waves, retrying what may succeed later; results in order, bodies as text. */
  private send(requests: HttpRequest[], deadline: number): Array<ApiResult<string>> {
    const results: Array<ApiResult<string>> = requests.map(() => ({ ok: false, error: deadlineError() }));
    let queue = requests.map((request, index) => ({ request, index, tries: 0 }));
    while (queue.length) {
      const again: typeof queue = [];
      let waitMs = 0;
      for (let i = 0; i < queue.length; i += this.concurrency) {
        if (deadline - this.clock.now() < MIN_ATTEMPT_MS) break;
        const wave = queue.slice(i, i + this.concurrency);
        const outcomes = this.wave(wave.map((a) => a.request));
        wave.forEach((attempt, k) => {
          const { result, headers } = outcomes[k];
          results[attempt.index] = result;
          if (result.ok || attempt.tries >= MAX_RETRIES || !retryable(result.error, headers)) return;
          again.push({ ...attempt, tries: attempt.tries + 1 });
          waitMs = Math.max(waitMs, retryDelayMs(result.error, attempt.tries, this.options.random));
        });
      }
      if (!again.length || this.clock.now() + waitMs + MIN_ATTEMPT_MS > deadline) break;
      this.clock.sleep(waitMs);
      queue = again;
    }
    return results;
  }

  private wave(
    requests: HttpRequest[],
  ): Array<{ result: ApiResult<string>; headers?: Record<string, string> }> {
    try {
      return this.http.fetchAll(requests).map((response) => {
        if (response.status >= 200 && response.status < 300)
          return { result: { ok: true, value: response.body } };
        const body = redactedBody(
          (parseJson(response.body) as { error?: ApiErrorBody } | undefined)?.error,
          this.options.apiKey,
        );
        const retryAfter = serverDelayMs(response.headers, this.clock.now());
        const error = errorForStatus(response.status, body, response.headers['x-request-id'], retryAfter);
        return { result: { ok: false, error }, headers: response.headers };
      });
    } catch (e) {
      const error = connectionError(e);
      return requests.map(() => ({ result: { ok: false, error } }));
    }
  }
}

function retryable(error: APIError, headers: Record<string, string> | undefined): boolean {
  if (isSizeLimit(error, 'post') || isSizeLimit(error, 'response')) return false;
  return shouldRetry(error, headers);
}

function connectionError(e: unknown): APIError {
  if (e instanceof DailyQuotaError) return new UrlFetchQuotaError(undefined, undefined, e.message);
  if (!(e instanceof NetworkError)) throw e;
  return e.timedOut
    ? new APIConnectionTimeoutError(undefined, undefined, e.message)
    : new APIConnectionError(undefined, undefined, e.message);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function malformed(message: string): { ok: false; error: APIError } {
  return { ok: false, error: new MalformedResponseError(200, undefined, message) };
}

function deadlineError(): APIError {
  return new DeadlineExceededError(undefined, undefined, 'no time left in this execution');
}

function batchResult(result: ApiResult<string>): ApiResult<BatchInfo> {
  if (!result.ok) return result;
  const info = toBatchInfo(parseJson(result.value));
  return info ? { ok: true, value: info } : malformed('batch object without id or status');
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** A batch's usage when every number in it is a count (a server's word is checked before it is billed); else null. */
function batchUsage(usage: Batch['usage'] | undefined): BatchUsage | null {
  if (!usage) return null;
  const out = {
    input: usage.input_tokens ?? 0,
    cachedInput: usage.input_tokens_details?.cached_tokens ?? 0,
    output: usage.output_tokens ?? 0,
    reasoning: usage.output_tokens_details?.reasoning_tokens ?? 0,
  };
  return Object.values(out).every(isCount) ? out : null;
}

/** The fields a job uses, from a Batch object (fields not reached yet are null or absent). */
export function toBatchInfo(value: unknown): BatchInfo | null {
  const b = value as Partial<Batch> | null | undefined;
  if (typeof b?.id !== 'string' || typeof b.status !== 'string') return null;
  const counts = b.request_counts;
  const usage = b.usage;
  return {
    id: b.id,
    status: b.status,
    inputFileId: b.input_file_id ?? null,
    outputFileId: b.output_file_id ?? null,
    errorFileId: b.error_file_id ?? null,
    counts: { total: counts?.total ?? 0, completed: counts?.completed ?? 0, failed: counts?.failed ?? 0 },
    errors: (b.errors?.data ?? []).map((e) => ({
      code: e.code ?? '',
      message: e.message ?? '',
      line: e.line ?? null,
    })),
    expiresAt: typeof b.expires_at === 'number' ? b.expires_at * 1000 : null,
    usage: batchUsage(usage),
    metadata: (b.metadata as Record<string, string> | null | undefined) ?? null,
  };
}

export function isEnded(status: BatchStatus): boolean {
  return ENDED_STATUSES.includes(status);
}
