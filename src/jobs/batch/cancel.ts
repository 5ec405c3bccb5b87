// A cancelled batch job's batches: cancelled at OpenAI with the key of the person who started the job
// (only they have it; a job cancelled by someone else has its batches cancelled the next time its
// owner opens a page), then collected like any other once they end, so that what they billed before
// the cancel is settled. Nothing more is written into the sheet.
import { UserError } from '../../i18n/messages';
import { batchContext, type BatchContext } from './context';
import { collectBatches } from './collect';
import { isRunning } from './state';
import { locked, type JobDeps } from '../deps';
import { readUsage } from '../quotas';
import { jobChanges, listJobs, readJob, type JobRecord } from '../store';

/** Cancels the job's batches still out (once) and settles those that ended. */
export function cancelBatches(jobId: string, deps: JobDeps, deadline: number): void {
  const job = readJob(deps.store.getAll(), jobId);
  if (!job?.batch || job.owner !== deps.user || job.state !== 'cancelled' || !job.batch.entries.length)
    return;
  let ctx: BatchContext;
  try {
    ctx = batchContext(job, deps);
  } catch (e) {
    if (e instanceof UserError) return;
    throw e;
  }
  const wanted = job.batch.entries.filter((e) => e.batchId && !e.cancelSent && isRunning(e));
  if (wanted.length)
    sendCancels(
      job,
      wanted.map((e) => e.id),
      ctx,
      deps,
      deadline,
    );
  collectBatches(jobId, deps, deadline, readUsage(deps.userPlace.store.getAll(), deps.clock.now()));
}

function sendCancels(
  job: JobRecord,
  entryIds: string[],
  ctx: BatchContext,
  deps: JobDeps,
  deadline: number,
): void {
  const entries = (job.batch?.entries ?? []).filter((e) => entryIds.includes(e.id));
  const results = ctx.api.cancel(
    entries.map((e) => e.batchId as string),
    deadline,
  );
  locked(deps, (props) => {
    const current = readJob(props, job.id);
    if (!current?.batch) return { result: undefined, changes: {} };
    entries.forEach((sent, k) => {
      const entry = current.batch?.entries.find((e) => e.id === sent.id);
      const result = results[k];
      if (!entry) return;
      entry.cancelSent = true;
      if (result.ok) entry.status = result.value.status;
    });
    current.batch.nextCheckAt = deps.clock.now();
    return { result: undefined, changes: jobChanges(current) };
  });
}

/** The caller's cancelled jobs with batches still to settle, looked at when a page lists jobs. */
export function settleCancelled(deps: JobDeps, deadline: number): void {
  const props = deps.store.getAll();
  const now = deps.clock.now();
  for (const job of listJobs(props)) {
    if (deps.clock.now() >= deadline) return;
    if (job.owner !== deps.user || job.state !== 'cancelled' || !job.batch?.entries.length) continue;
    const unsent = job.batch.entries.some((e) => e.batchId && !e.cancelSent && isRunning(e));
    if (unsent || now >= job.batch.nextCheckAt) cancelBatches(job.id, deps, deadline);
  }
}
