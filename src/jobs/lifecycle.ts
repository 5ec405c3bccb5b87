// A job's life after it starts, as people steer it: its status, cancelling, resuming (and retrying its
// failed rows), and the list the sidebar shows.
import { UserError } from '../i18n/messages';
import { findJob, isMine, mayCancel, requireOwn } from './access';
import { locked, type JobDeps } from './deps';
import { removeTriggerIfIdle, tidyUp } from './finish';
import { statusOf, type JobStatus } from './status';
import { ensureTrigger } from './triggers';
import { countsOf, jobChanges, listJobs, type JobRecord } from './store';
import { cancelBatches, settleCancelled } from './batch/cancel';
import { isStructuralStop } from './engine/look';

/** Time a page call may spend removing markers of finished jobs. */
const TIDY_MS = 10_000;
/** Time a page call may spend cancelling and settling a cancelled job's batches. */
const BATCHES_MS = 60_000;

type JobAccess = { mine: boolean; canCancel: boolean };

function accessOf(job: JobRecord, deps: JobDeps, now: number): JobAccess {
  return { mine: isMine(job, deps), canCancel: mayCancel(job, deps, now) };
}

/**
 * The job as it is now, for a caller who may see it; `decided`: the access a change the caller just
 * made already decided (not asked again).
 */
export function jobStatus(jobId: unknown, deps: JobDeps, decided?: JobAccess): JobStatus {
  const props = deps.store.getAll();
  const job = findJob(props, jobId);
  const now = deps.clock.now();
  const access = decided ?? accessOf(job, deps, now);
  if (!decided && !access.mine && !access.canCancel) throw new UserError('job_not_yours');
  return statusOf(job, now, access);
}

function changeJob(
  job: JobRecord,
  deps: JobDeps,
  now: number,
): { result: JobStatus; changes: Record<string, string> } {
  job.updatedAt = now;
  return {
    result: statusOf(job, now, accessOf(job, deps, now)),
    changes: jobChanges(job),
  };
}

function afterChange(status: JobStatus, deps: JobDeps): JobStatus {
  if (status.state === 'running') ensureTrigger(deps.userPlace, deps.triggers, deps.spreadsheetId);
  else {
    removeTriggerIfIdle(deps);
    tidyUp(deps, deps.clock.now() + TIDY_MS);
  }
  return status;
}

/** Cancels a job: its owner, or (a job nobody can run any more) the spreadsheet's owner (access.ts). */
export function cancelJob(jobId: unknown, deps: JobDeps): JobStatus {
  const now = deps.clock.now();
  const status = locked(deps, (props) => {
    const job = findJob(props, jobId);
    if (!mayCancel(job, deps, now)) throw new UserError('job_not_yours');
    if (job.state !== 'done') {
      job.state = 'cancelled';
      job.claims = {};
      job.message = { key: cancelledBy(job, deps) };
      if (job.batch) delete job.batch.submitting;
    }
    return changeJob(job, deps, now);
  });
  if (typeof jobId === 'string') cancelBatches(jobId, deps, now + BATCHES_MS);
  // As it is now (batches settled), with the access the cancel decided: the cancel made the job
  // fresh again, and on a shared drive only a stale job may be cancelled by someone else.
  const after = () => jobStatus(jobId, deps, { mine: status.mine, canCancel: status.canCancel });
  return afterChange(status.state === 'cancelled' ? after() : status, deps);
}

function cancelledBy(job: JobRecord, deps: JobDeps) {
  if (isMine(job, deps)) return 'job_cancelled' as const;
  return deps.standing() === 'owner'
    ? ('job_cancelled_by_owner' as const)
    : ('job_cancelled_by_editor' as const);
}

/** Resumes a paused or stopped job, and with `retryFailed` also its failed rows. */
export function resumeJob(jobId: unknown, deps: JobDeps, retryFailed: boolean): JobStatus {
  const now = deps.clock.now();
  const status = locked(deps, (props) => {
    const { job } = requireOwn(props, jobId, deps);
    if (job.state !== 'cancelled' && !isStructuralStop(job)) {
      const failed = countsOf(job).failed;
      if (retryFailed) {
        delete job.failedTexts;
        job.failures = {};
        if (job.counts) job.counts = { ...job.counts, pending: job.counts.pending + failed, failed: 0 };
      }
      if (job.batch) {
        // An expired batch's rows, or a budget raised: new batches may go again, as a first round
        // (the rows left go in a new batch, not by the normal path at the full price).
        delete job.batch.hold;
        delete job.batch.retryAt;
        if (job.state === 'paused') {
          job.batch.rounds = 0;
          if (!job.batch.entries.length) delete job.batch.round;
        }
      }
      if (job.state !== 'done' || (retryFailed && failed > 0)) {
        job.state = 'running';
        delete job.message;
      }
    }
    return changeJob(job, deps, now);
  });
  return afterChange(status, deps);
}

/**
 * The caller's jobs in this spreadsheet, newest first, and the jobs of others the caller may cancel
 * (shown so that a job nobody can run any more can be found and cancelled).
 */
export function listJobsFor(deps: JobDeps): JobStatus[] {
  settleCancelled(deps, deps.clock.now() + BATCHES_MS);
  tidyUp(deps, deps.clock.now() + TIDY_MS);
  const props = deps.store.getAll();
  const now = deps.clock.now();
  return listJobs(props)
    .map((job) => ({ job, access: accessOf(job, deps, now) }))
    .filter(({ job, access }) => access.mine || (access.canCancel && isActive(job)))
    .sort((a, b) => b.job.createdAt - a.job.createdAt)
    .map(({ job, access }) => statusOf(job, now, access));
}

function isActive(job: JobRecord): boolean {
  return job.state === 'running' || job.state === 'paused' || job.state === 'stopped';
}
