// After a job is over: its items leave the sheet, its filter leaves the store, the spreadsheet's
// trigger goes once none of the caller's jobs runs here, and only the ten latest finished jobs are kept.
// Jobs of the previous release lose their row markers here too, a bounded number per call, whether
// they are over or still running (their column items stay while they run).
import { locked, type JobDeps } from './deps';
import { keptIds } from './engine/legacy';
import { isStructuralStop } from './engine/look';
import { unplace, upTo } from './engine/place';
import { removeTrigger } from './triggers';
import {
  countsOf,
  jobChanges,
  jobPropertyKeys,
  legacyRowKeys,
  listJobs,
  readJob,
  writtenKey,
  type JobRecord,
  type Place,
} from './store';

const KEEP_FINISHED_JOBS = 10;
/** Markers an old job gives up per call while the finished jobs are pruned. */
const UNMARK_PER_CALL = 500;

/** Nothing more can happen to it: done without failed rows to retry, cancelled, or its cells gone. */
function isOver(job: JobRecord): boolean {
  if (job.state === 'done') return countsOf(job).failed === 0;
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

/** Where a job's items are (a job of the previous release not converted yet: its anchor). */
function placeOf(job: JobRecord): Place | undefined {
  if (job.place) return job.place;
  const a = job.anchor;
  if (!a || a.cleared) return undefined;
  return {
    key: a.key,
    sheetId: a.sheetId,
    inputId: a.inputId,
    outputId: a.outputId,
    input: a.input,
    output: a.output,
    top: a.top,
    bottom: a.bottom,
    legacyRows: true,
  };
}

/** Items of jobs that are over, old row markers, and properties no longer needed, a bounded amount per call; then old jobs. */
export function tidyUp(deps: JobDeps, until: number): void {
  const props = deps.store.getAll();
  for (const job of listJobs(props)) {
    if (deps.clock.now() >= until) return;
    for (const key of legacyRowKeys(props, job.id)) if (job.place) deps.store.delete(key);
    const place = placeOf(job);
    if (isOver(job)) {
      if (place && !place.cleared) clearItems(job.id, deps, until, undefined);
      for (const key of Object.keys(props))
        if (key.startsWith(writtenKey(job.id, 0).slice(0, -1))) deps.store.delete(key);
    } else if (job.place?.legacyRows) clearItems(job.id, deps, until, keptIds(job.place));
  }
  pruneFinishedJobs(deps);
}

/** Removes the job's items (all, or all but `keep`) while time is left; records it once none is left. */
function clearItems(
  jobId: string,
  deps: JobDeps,
  until: number,
  keep: ReadonlySet<number> | undefined,
): void {
  const job = readJob(deps.store.getAll(), jobId);
  const place = job && placeOf(job);
  if (!place || place.cleared) return;
  const left = unplace(place, deps.sheets, () => deps.clock.now() < until, keep);
  if (left > 0) return;
  locked(deps, (props) => {
    const current = readJob(props, jobId);
    if (!current) return { result: undefined, changes: {} };
    if (current.anchor) current.anchor.cleared = true;
    if (current.place) {
      if (keep) current.place.legacyRows = false;
      else current.place.cleared = true;
    }
    return { result: undefined, changes: jobChanges(current) };
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
    const place = placeOf(job);
    if (place && !place.cleared && unplace(place, deps.sheets, upTo(UNMARK_PER_CALL)) > 0) continue;
    for (const key of jobPropertyKeys(props, job.id)) deps.store.delete(key);
  }
}
