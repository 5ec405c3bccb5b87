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
  /** Only successful (200), fault-free chat completions: what would be billed. */
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  maxConcurrent: number;
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
  }

  finished(exchange: CapturedExchange, capture: boolean): void {
    if (exchange.status > 0) {
      const key = String(exchange.status);
      this.stats.byStatus[key] = (this.stats.byStatus[key] ?? 0) + 1;
    }
    if (!capture) return;
    this.stats.captured.push(exchange);
    if (this.stats.captured.length > CAPTURE_LIMIT) this.stats.captured.shift();
  }
}

function emptyStats(): StubStats {
  return {
    requests: 0,
    chatCompletions: 0,
    modelsList: 0,
    byStatus: {},
    rateLimited: 0,
    faultsInjected: {},
    promptTokens: 0,
    completionTokens: 0,
    totalTokens: 0,
    maxConcurrent: 0,
    captured: [],
  };
}
