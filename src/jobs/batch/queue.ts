// The enqueued-token limit of the Batch API: prompt tokens of a model's batches still validating,
// running or finalizing count against a limit per model and usage tier. The add-on cannot see the
// tier, so it assumes the figure of the catalog (openai/catalog.json, `batch.queueTokens`) until a batch
// refused with token_limit_exceeded names the real one, and it fills at most 80 % of what it assumes,
// since its token estimates are estimates and other spreadsheets may use the same key.
import { batchQueueTokens } from '../../openai/catalog';
import { isRunning } from './state';
import { listJobs, type JobRecord } from '../store';

export const QUEUE_SHARE = 0.8;
/** After a batch was refused for the limit, no new one for this long (unless another of ours ends). */
export const QUEUE_RETRY_MS = 15 * 60_000;

/** The limit the job works with for its model. */
export function queueLimit(job: JobRecord): number {
  const state = job.batch;
  if (!state) return 0;
  return Math.floor((state.queueLimit ?? batchQueueTokens(state.model)) * QUEUE_SHARE);
}

/** Estimated prompt tokens the caller's batches of this model have out, in this spreadsheet. */
export function enqueuedTokens(props: Record<string, string>, model: string, owner: string): number {
  let total = 0;
  for (const job of listJobs(props)) {
    if (job.owner !== owner || !job.batch || job.batch.model !== model) continue;
    for (const e of job.batch.entries) if (isRunning(e)) total += e.queueTokens;
  }
  return total;
}

/** Tokens new files of the job may add now. */
export function queueRoom(props: Record<string, string>, job: JobRecord, owner: string): number {
  if (!job.batch) return 0;
  return queueLimit(job) - enqueuedTokens(props, job.batch.model, owner);
}

/** "Enqueued token limit reached for gpt-4.1 in organization org-123. Limit: 900,000 enqueued tokens." */
export function limitNamedIn(message: string): number | undefined {
  const match = /Limit:\s*([\d,]+)\s*enqueued tokens/i.exec(message);
  const n = match ? Number(match[1].replace(/,/g, '')) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
