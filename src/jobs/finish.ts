// After a job is over: its markers leave the sheet, its fingerprints leave the store, the spreadsheet's
// trigger goes once none of the caller's jobs runs here, and only the ten latest finished jobs are kept.
import { unmark, upTo } from './anchors';
import { locked, type JobDeps } from './deps';
import { isStructuralStop } from './follow';
import { removeTrigger } from './triggers';
import {
  fingerprintKeys,
  jobPropertyKeys,
  listJobs,
  readJob,
  recordChanges,
  readRows,
  type JobRecord,
} from './store';

const KEEP_FINISHED_JOBS = 10;
/** Markers an old job gives up per call while the finished jobs are pruned. */
const UNMARK_PER_CALL = 500;

/** Nothing more can happen to it: done without failed rows to retry, cancelled, or its cells gone. */
function isOver(job: JobRecord, props: Record<string, string>): boolean {
  if (job.state === 'done') return !readRows(props, job).includes('f');
  return job.state === 'cancelled' || isStructuralStop(job);
}

function isFinished(job: JobRecord): boolean {
  return job.state === 'done' || job.state === 'cancelled' || job.state === 'stopped';
}

/** Removes this spreadsheet's trigger when none of the caller's jobs here is running. */
export function removeTriggerIfIdle(deps: JobDeps): void {
  const running = listJobs(deps.store.getAll()).some((j) => j.owner === deps.user && j.state === 'running');
  if (!running) removeTrigger(deps.userPlace, deps.triggers, deps.spreadsheetId);
}

/** Markers and fingerprints of jobs that are over, a bounded amount per call; then old jobs. */
export function tidyUp(deps: JobDeps, until: number): void {
  const props = deps.store.getAll();
  for (const job of listJobs(props)) {
    if (deps.clock.now() >= until) return;
    if (!isOver(job, props)) continue;
    if (job.anchor && !job.anchor.cleared) clearMarkers(job.id, deps, until);
    for (const key of fingerprintKeys(props, job.id)) deps.store.delete(key);
  }
  pruneFinishedJobs(deps);
}

function clearMarkers(jobId: string, deps: JobDeps, until: number): void {
  const job = readJob(deps.store.getAll(), jobId);
  if (!job?.anchor || job.anchor.cleared) return;
  const left = unmark(job.anchor, deps.sheets, () => deps.clock.now() < until);
  if (left > 0) return;
  locked(deps, (props) => {
    const current = readJob(props, jobId);
    if (!current?.anchor) return { result: undefined, changes: {} };
    current.anchor.cleared = true;
    return { result: undefined, changes: recordChanges(current) };
  });
}

function pruneFinishedJobs(deps: JobDeps): void {
  const props = deps.store.getAll();
  const old = listJobs(props)
    // A cancelled batch job keeps its record until what its batches billed is settled.
    .filter((job) => isFinished(job) && !job.batch?.entries.length)
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(KEEP_FINISHED_JOBS);
  for (const job of old) {
    if (job.anchor && !job.anchor.cleared && unmark(job.anchor, deps.sheets, upTo(UNMARK_PER_CALL)) > 0)
      continue;
    for (const key of jobPropertyKeys(props, job.id)) deps.store.delete(key);
  }
}
