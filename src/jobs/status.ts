// A job's progress as the server functions return it.
import type { MessageRef } from '../i18n/messages';
import { columnLetter } from './columns';
import { summarize, type BatchSummary } from './batch/state';
import type { JobMode } from './spec';
import { countsOf, type JobChanges, type JobRecord } from './store';

export interface JobStatus {
  jobId: string;
  state: JobRecord['state'];
  /** The tab's name now (the job follows renames). */
  sheet: string;
  /** Column letters now (the job follows inserted and deleted columns). */
  inputColumn: string;
  outputColumn: string;
  task: string;
  /** Rows of the job still in the sheet. */
  total: number;
  done: number;
  skipped: number;
  failed: number;
  remaining: number;
  /** Rows of the job someone deleted from the sheet. */
  deleted: number;
  tokens: number;
  costUsd: number;
  /** Tokens of a model with no known price (not in costUsd). */
  unpricedTokens: number;
  etaSeconds: number | null;
  message: MessageRef | null;
  failures: Array<{ reason: string; rows: number }>;
  /** What people did to the job's cells while it ran. */
  changes: JobChanges;
  /** Started by the caller: only then may the caller run it. */
  mine: boolean;
  canCancel: boolean;
  mode: JobMode;
  /** Of `remaining`, rows asked in batches whose answers are not collected yet. */
  queued: number;
  /** A batch job's files and batches; null in `now` mode. */
  batch: BatchSummary | null;
  /**
   * A batch job waiting for its batches: a step before this many ms finds nothing to do, so a page
   * driving it waits that long. Null otherwise.
   */
  pollAfterMs: number | null;
  /** An evaluation's models (its output column holds the expected answers); null for a column job. */
  evaluation: string[] | null;
}

const NO_CHANGES: JobChanges = { inserted: 0, deleted: 0, edited: 0, moved: 0 };

export function statusOf(
  job: JobRecord,
  now: number,
  access: { mine: boolean; canCancel: boolean } = { mine: true, canCancel: true },
): JobStatus {
  const counts = countsOf(job);
  const processed = counts.done + counts.skipped + counts.failed;
  const elapsed = (now - job.createdAt) / 1000;
  const rate = processed > 0 && elapsed > 0 ? processed / elapsed : 0;
  return {
    jobId: job.id,
    state: job.state,
    sheet: job.spec.sheet,
    inputColumn: columnLetter(job.place?.input ?? job.spec.inputColumn),
    outputColumn: columnLetter(job.place?.output ?? job.spec.outputColumn),
    task: job.spec.task,
    total: counts.total,
    done: counts.done,
    skipped: counts.skipped,
    failed: counts.failed,
    remaining: counts.pending,
    deleted: counts.deleted,
    tokens: job.tokens,
    costUsd: Math.round(job.costUsd * 1e6) / 1e6,
    unpricedTokens: job.unpricedTokens ?? 0,
    etaSeconds: job.state === 'running' && rate > 0 && !job.batch ? Math.ceil(counts.pending / rate) : null,
    message: job.message ?? null,
    failures: Object.entries(job.failures).map(([reason, n]) => ({ reason, rows: n })),
    changes: { ...NO_CHANGES, ...job.changes },
    mine: access.mine,
    canCancel: access.canCancel,
    mode: job.spec.mode ?? 'now',
    queued: counts.queued,
    batch: job.batch ? summarize(job.batch, now) : null,
    pollAfterMs: pollAfter(job, counts.pending - counts.queued, now),
    evaluation: job.spec.evaluation?.models ?? null,
  };
}

/** Only while every row left is in a batch (nothing for a step to send or answer meanwhile). */
function pollAfter(job: JobRecord, unsent: number, now: number): number | null {
  if (!job.batch || job.state !== 'running' || !job.batch.entries.length) return null;
  const until = unsent > 0 ? (job.batch.retryAt ?? 0) : job.batch.nextCheckAt;
  return Math.max(0, until - now);
}
