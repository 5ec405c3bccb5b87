// Pacing between chunks: under OpenAI's rate limits (the daily quotas of Google are counted in quotas.ts
// and checked at every claim).
import type { PipelineReport } from '../../engine/pipeline';
import type { Clock } from '../../platform/ports';
import { STEP_CONCURRENCY } from './claim';

/** Time a step keeps for writing and returning after its last chunk. */
export const STEP_MARGIN_MS = 15_000;

/** Waits for the rate-limit window when the last response says the account is nearly out of it. */
export function paceRateLimits(report: PipelineReport | undefined, clock: Clock, deadline: number): void {
  const limits = report?.rateLimits;
  if (!limits) return;
  const lowRequests = limits.remainingRequests !== undefined && limits.remainingRequests < STEP_CONCURRENCY;
  const lowTokens =
    limits.remainingTokens !== undefined &&
    limits.limitTokens !== undefined &&
    limits.remainingTokens < limits.limitTokens * 0.1;
  const waitMs = Math.max(
    lowRequests ? (limits.resetRequestsMs ?? 1000) : 0,
    lowTokens ? (limits.resetTokensMs ?? 1000) : 0,
  );
  const room = deadline - clock.now() - STEP_MARGIN_MS;
  if (waitMs > 0 && room > 0) clock.sleep(Math.min(waitMs, room));
}

/** Whether another chunk fits before the deadline, judging by the last one. */
export function roomForAnother(clock: Clock, lastChunkMs: number, deadline: number): boolean {
  return clock.now() + Math.max(lastChunkMs * 1.5, STEP_MARGIN_MS) <= deadline;
}
