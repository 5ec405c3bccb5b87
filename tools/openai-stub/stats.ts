// What the stub has seen and answered since it started or was last reset.

import type { FaultKind } from './config';
import type { Usage } from './completion';

export interface CapturedExchange {
  method: string;
  path: string;
  body: unknown;
  /** 0 when the connection was dropped (timeout and reset faults). */
  status: number;
  response?: unknown;
}

export interface StubStats {
  requests: number;
  chatCompletions: number;
  modelsList: number;
  /** Responses sent, by HTTP status; dropped connections have no status and are not counted here. */
  byStatus: Record<string, number>;
  /** Requests refused by the RPM/TPM limits (the rate_limit fault is counted under faultsInjected). */
  rateLimited: number;
  faultsInjected: Record<string, number>;
  /** 4xx chat answers that carry a code, by "<model> <code> <param>" (a missing model or param is "null"). */
  refusals: Record<string, number>;
  /** Only complete 200 chat completions (fault-free, or drop_item / duplicate_id): what would be billed. */
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Of promptTokens, those served from the simulated prompt cache. */
  cachedTokens: number;
  /** Of promptTokens, those written to the prompt cache (billed at 1.25x input from GPT-5.6 on). */
  cacheWriteTokens: number;
  /** Of completionTokens, those spent on reasoning. */
  reasoningTokens: number;
  maxConcurrent: number;
  /** Accepted uploads to POST /v1/files. */
  filesUploaded: number;
  /** Accepted POST /v1/batches, and accepted cancels (a batch counted once). */
  batchesCreated: number;
  batchesCancelled: number;
  /** Requests of batches answered 200 (output file), and those in error files (refused, faulted, expired, cancelled). */
  batchRequestsCompleted: number;
  batchRequestsFailed: number;
  /** Tokens of the completed batch requests, billed at the batch rate (half price); not in the fields above. */
  batchTokens: number;
  batchPromptTokens: number;
  batchCompletionTokens: number;
  batchCachedTokens: number;
  batchReasoningTokens: number;
  captured: CapturedExchange[];
}

const CAPTURE_LIMIT = 2000;

export class StatsRecorder {
  private stats: StubStats = emptyStats();
  private inFlight = 0;

  snapshot(): StubStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = emptyStats();
    this.stats.maxConcurrent = this.inFlight;
  }

  begin(): void {
    this.inFlight++;
    this.stats.requests++;
    this.stats.maxConcurrent = Math.max(this.stats.maxConcurrent, this.inFlight);
  }

  end(): void {
    this.inFlight--;
  }

  chatCompletion(): void {
    this.stats.chatCompletions++;
  }

  modelsList(): void {
    this.stats.modelsList++;
  }

  rateLimited(): void {
    this.stats.rateLimited++;
  }

  fault(kind: FaultKind): void {
    this.stats.faultsInjected[kind] = (this.stats.faultsInjected[kind] ?? 0) + 1;
  }

  billed(usage: Usage): void {
    this.stats.promptTokens += usage.promptTokens;
    this.stats.completionTokens += usage.completionTokens;
    this.stats.totalTokens += usage.promptTokens + usage.completionTokens;
    this.stats.cachedTokens += usage.cachedTokens;
    this.stats.cacheWriteTokens += usage.cacheWriteTokens;
    this.stats.reasoningTokens += usage.reasoningTokens;
  }

  fileUploaded(): void {
    this.stats.filesUploaded++;
  }

  batchCreated(): void {
    this.stats.batchesCreated++;
  }

  batchCancelled(): void {
    this.stats.batchesCancelled++;
  }

  batchRequestFailed(count = 1): void {
    this.stats.batchRequestsFailed += count;
  }

  /** A completed request of a batch and its usage. */
  batchBilled(usage: Usage): void {
    this.stats.batchRequestsCompleted++;
    this.stats.batchPromptTokens += usage.promptTokens;
    this.stats.batchCompletionTokens += usage.completionTokens;
    this.stats.batchTokens += usage.promptTokens + usage.completionTokens;
    this.stats.batchCachedTokens += usage.cachedTokens;
    this.stats.batchReasoningTokens += usage.reasoningTokens;
  }

  finished(exchange: CapturedExchange, capture: boolean): void {
    if (exchange.status > 0) {
      const key = String(exchange.status);
      this.stats.byStatus[key] = (this.stats.byStatus[key] ?? 0) + 1;
    }
    const refusal = refusalKey(exchange);
    if (refusal) this.stats.refusals[refusal] = (this.stats.refusals[refusal] ?? 0) + 1;
    if (!capture) return;
    this.stats.captured.push(exchange);
    if (this.stats.captured.length > CAPTURE_LIMIT) this.stats.captured.shift();
  }
}

function refusalKey({ path, status, body, response }: CapturedExchange): string | null {
  if (path !== '/v1/chat/completions' || status < 400 || status > 499) return null;
  const error = (response as { error?: { code?: unknown; param?: unknown } } | undefined)?.error;
  if (typeof error?.code !== 'string') return null;
  const model = (body as { model?: unknown } | null)?.model;
  const param = typeof error.param === 'string' ? error.param : 'null';
  return `${typeof model === 'string' ? model : 'null'} ${error.code} ${param}`;
}

function emptyStats(): StubStats {
  return {
    requests: 0,
    chatCompletions: 0,
    modelsList: 0,
    byStatus: {},
    rateLimited: 0,
    faultsInjected: {},
    refusals: {},
    promptTokens: 0,
    completionTokens: 0,
    totalTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    maxConcurrent: 0,
    filesUploaded: 0,
    batchesCreated: 0,
    batchesCancelled: 0,
    batchRequestsCompleted: 0,
    batchRequestsFailed: 0,
    batchTokens: 0,
    batchPromptTokens: 0,
    batchCompletionTokens: 0,
    batchCachedTokens: 0,
    batchReasoningTokens: 0,
    captured: [],
  };
}
