// What a step of a batch job does with the rows still to answer, decided under the document lock:
// send them to the Batch API (the first time, or when many are left), let the normal path answer
// them (a few left: retried, edited since the upload, or answered from the cache), or wait (batches
// are out and a reason holds new ones back, or the enqueued-token limit asked to try later).
import type { Update } from '../engine/locked-update';
import { requireOwn } from './access';
import { queueRoom } from './batch-queue';
import { isRunning } from './batch-state';
import {
  catchUp,
  CLAIM_TTL_MS,
  expireClaims,
  finishIfNothingLeft,
  isSubmitting,
  openRows,
  STEP_CONCURRENCY,
  type StepContext,
} from './claim';
import { locked, type JobDeps } from './deps';
import { inputTexts } from './follow';
import { taskForJob } from './spec';
import { statusOf, type JobStatus } from './status';
import { jobChanges, readFingerprints, readRows, type JobRecord } from './store';

/** After this many rounds of batches, rows still left go by the normal path whatever their number. */
export const MAX_BATCH_ROUNDS = 4;

export interface Submission {
  job: JobRecord;
  lease: string;
  /** Row indices (ascending) and their input texts when leased. */
  indices: number[];
  texts: string[];
}

export type BatchClaim = { status: JobStatus } | { normal: true } | { submit: Submission };

/** Rows few enough for the normal path: one parallel wave of requests. */
export function normalPathRows(batchSize: number): number {
  return batchSize * STEP_CONCURRENCY;
}

export function claimForBatch(jobId: unknown, deps: JobDeps, step: StepContext): BatchClaim {
  const now = deps.clock.now();
  return locked(deps, (props): Update<BatchClaim> => {
    const { job, adopted } = requireOwn(props, jobId, deps);
    const rows = readRows(props, job);
    const fingerprints = readFingerprints(props, job);
    const wait = (): Update<BatchClaim> => ({
      result: { status: statusOf(job, rows, now) },
      changes: jobChanges(job, rows, fingerprints),
    });
    if (job.state !== 'running' || !job.batch) {
      return { result: { status: statusOf(job, rows, now) }, changes: adopted ? jobChanges(job, rows) : {} };
    }
    job.updatedAt = now;
    expireClaims(job, now);
    if (isSubmitting(job, now) || Object.keys(job.claims).length) return wait();
    delete job.batch.submitting;
    const anchor = catchUp(job, rows, fingerprints, deps, step, now);
    if (!anchor) return wait();
    const open = openRows(job, rows);
    const out = job.batch.entries.some(isRunning);
    if (!open.length) {
      if (!out && job.batch.hold) pauseWithHold(job);
      else finishIfNothingLeft(job, rows);
      return wait();
    }
    if (job.batch.hold) {
      if (!out) pauseWithHold(job);
      return wait();
    }
    if (useNormalPath(job, open.length))
      return { result: { normal: true }, changes: jobChanges(job, rows, fingerprints) };
    if (job.batch.retryAt !== undefined && job.batch.retryAt > now) return wait();
    // The model's enqueued-token limit is taken by batches still out: wait for one to end.
    if (out && queueRoom(props, job, deps.user) <= 0) return wait();
    const lease = deps.newId();
    job.batch.submitting = { id: lease, until: now + CLAIM_TTL_MS };
    const texts = inputTexts(deps, anchor, open);
    return {
      result: { submit: { job, lease, indices: open, texts } },
      changes: jobChanges(job, rows, fingerprints),
    };
  });
}

/** A few rows left after the first round, or many rounds already: the normal path answers them. */
function useNormalPath(job: JobRecord, open: number): boolean {
  const state = job.batch;
  if (!state || state.rounds === 0) return false;
  return open <= normalPathRows(taskForJob(job.spec).batchSize) || state.rounds >= MAX_BATCH_ROUNDS;
}

/** No batch is out any more: the job pauses with the reason that held new batches back. */
export function pauseWithHold(job: JobRecord): void {
  if (!job.batch?.hold) return;
  job.state = 'paused';
  job.message = job.batch.hold;
  delete job.batch.hold;
}

/** Rows a step took for a submission and did not send go back to waiting (they are still pending). */
export function releaseLease(job: JobRecord, lease: string): void {
  if (job.batch?.submitting?.id === lease) delete job.batch.submitting;
}
