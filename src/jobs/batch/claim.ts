// What a step of a batch job does with the rows still to answer, decided under the document lock:
// send their texts to the Batch API (the first time, or when many are left), let the normal path
// answer them (a few left: retried, edited since the upload, or answered from the cache), or wait
// (batches are out, a reason holds new ones back, or the enqueued-token limit asked to try later).
// Like the normal path it reads the job's rows from the sheet: which texts wait for a batch is known
// from the round's buckets (ids.ts), not from anything kept per row.
import type { Update } from '../../engine/locked-update';
import { requireOwn } from '../access';
import { queueRoom } from './queue';
import { isRunning } from './state';
import {
  CLAIM_TTL_MS,
  expireClaims,
  finishIfNothingLeft,
  isSubmitting,
  STEP_CONCURRENCY,
  type StepContext,
} from '../engine/claim';
import { lookAtJob, type Looked } from '../engine/look';
import { locked, type JobDeps } from '../deps';
import { taskForJob } from '../spec';
import { statusOf, type JobStatus } from '../status';
import { jobChanges, type JobRecord } from '../store';
import { bucketOf } from './ids';

/** After this many rounds of batches, rows still left go by the normal path whatever their number. */
export const MAX_BATCH_ROUNDS = 4;

export interface Submission {
  job: JobRecord;
  lease: string;
  /** The distinct texts still to send, in sheet order. */
  texts: string[];
}

export type BatchClaim = { status: JobStatus } | { normal: true } | { submit: Submission };

/** Rows few enough for the normal path: one parallel wave of requests. */
export function normalPathRows(batchSize: number): number {
  return batchSize * STEP_CONCURRENCY;
}

/** Texts of pending rows not waiting for a batch of the current round, and how many rows wait. */
function unsentTexts(job: JobRecord, looked: Looked): { texts: string[]; rows: number; queued: number } {
  const round = job.batch?.round;
  const sent = new Set(round?.sent ?? []);
  const texts = new Set<string>();
  let rows = 0;
  let queued = 0;
  for (const i of looked.look.pending) {
    const text = looked.look.rows.inputs[i];
    if (round && sent.has(bucketOf(text, round.buckets))) queued++;
    else {
      rows++;
      texts.add(text);
    }
  }
  return { texts: [...texts], rows, queued };
}

export function claimForBatch(jobId: unknown, deps: JobDeps, _step: StepContext): BatchClaim {
  const now = deps.clock.now();
  return locked(deps, (props): Update<BatchClaim> => {
    const { job, adopted } = requireOwn(props, jobId, deps);
    const wait = (): Update<BatchClaim> => ({
      result: { status: statusOf(job, now) },
      changes: jobChanges(job),
    });
    if (job.state !== 'running' || !job.batch) {
      return { result: { status: statusOf(job, now) }, changes: adopted ? jobChanges(job) : {} };
    }
    job.updatedAt = now;
    expireClaims(job, now);
    if (isSubmitting(job, now) || Object.keys(job.claims).length) return wait();
    delete job.batch.submitting;
    const looked = lookAtJob(job, props, deps);
    if (!looked) return wait();
    const out = job.batch.entries.some(isRunning);
    const round = job.batch.round;
    if (round && !out && !job.batch.entries.length && round.sent.length >= round.buckets) {
      // Every bucket went and came back: what is still to answer goes in the next round.
      delete job.batch.round;
      job.batch.rounds++;
    }
    const open = unsentTexts(job, looked);
    if (job.counts) job.counts.queued = out ? open.queued : 0;
    if (!open.texts.length) {
      if (!out && job.batch.hold) pauseWithHold(job);
      else if (!job.batch.entries.length && !looked.look.pending.length) finishIfNothingLeft(job, looked);
      return wait();
    }
    if (job.batch.hold) {
      if (!out) pauseWithHold(job);
      return wait();
    }
    if (!out && !job.batch.round && useNormalPath(job, open.rows))
      return { result: { normal: true }, changes: jobChanges(job) };
    if (job.batch.retryAt !== undefined && job.batch.retryAt > now) return wait();
    // The model's enqueued-token limit is taken by batches still out: wait for one to end.
    if (out && queueRoom(props, job, deps.user) <= 0) return wait();
    const lease = deps.newId();
    job.batch.submitting = { id: lease, until: now + CLAIM_TTL_MS };
    return { result: { submit: { job, lease, texts: open.texts } }, changes: jobChanges(job) };
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

/** A submission a step took and did not send: the texts wait again (they are still pending). */
export function releaseLease(job: JobRecord, lease: string): void {
  if (job.batch?.submitting?.id === lease) delete job.batch.submitting;
}
