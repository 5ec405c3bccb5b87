// A job begins: its spec checked, its cost bounded, its output column free of other running jobs in the
// same rows, room in its share of the store, its columns and the rows around it anchored (four items
// at most, engine/place.ts), and its rows read once so that its first status counts them.
import { UserError } from '../i18n/messages';
import { columnLetter } from './columns';
import { locked, type JobDeps } from './deps';
import { estimateSpec, lastRowOf } from './estimate';
import { tidyUp } from './finish';
import { withExampleCells } from './examples-range';
import { lookAtJob } from './engine/look';
import { placeJob, unplace } from './engine/place';
import { isBlank, readRows } from './engine/scan';
import { filterBits } from './engine/written';
import { parseEvaluationSpec, parseJobSpec, type JobSpec } from './spec';
import {
  bytesForJob,
  jobChanges,
  keepsWritten,
  listJobs,
  NO_COUNTS,
  rowCount,
  jobShareBytes,
  type JobCounts,
  type JobRecord,
  type Place,
} from './store';
import { ensureTrigger } from './triggers';
import { JOBS_SHARE_BYTES, PERSON_SHARE_BYTES, UNFINISHED_JOBS_PER_PERSON } from '../engine/store-room';
import { newBatchState } from './batch/state';

const TIDY_MS = 10_000;

export function startJob(input: unknown, deps: JobDeps): { jobId: string } {
  return startParsedJob(
    () => parseJobSpec(withExampleCells(input, deps.sheets).input, lastRowOf(deps)),
    deps,
  );
}

/** Starts an evaluation (see spec.ts parseEvaluationSpec): a job like any other, that writes nothing. */
export function startEvaluation(input: unknown, deps: JobDeps): { jobId: string } {
  return startParsedJob(() => {
    const given = withExampleCells(input, deps.sheets);
    return parseEvaluationSpec(given.input, lastRowOf(deps), deps.defaultModel, given.range);
  }, deps);
}

function startParsedJob(parse: () => JobSpec, deps: JobDeps): { jobId: string } {
  deps.pipeline(); // no key: say so now, not at the first step
  const spec = parse();
  const estimate = estimateSpec(spec, deps);
  if (!estimate.fits && !spec.untilBudget) {
    throw new UserError('job_budget_short', {
      estimate: estimate.estimatedTokens,
      remaining: estimate.remainingBudget ?? 0,
    });
  }
  const tab = deps.sheets.tabByName(spec.sheet);
  if (!tab) throw new UserError('sheet_not_found', { sheet: spec.sheet });
  locked(deps, (props) => ({ result: undefined, changes: checkFree(props, spec, tab.id, deps) }));
  const id = deps.newId();
  const now = deps.clock.now();
  const place = placeJob(
    {
      jobId: id,
      tab: tab.id,
      input: spec.inputColumn,
      output: spec.outputColumn,
      firstRow: spec.firstRow,
      lastRow: spec.lastRow,
    },
    deps.sheets,
  );
  try {
    const counts = firstCounts(spec, place, deps);
    locked(deps, (props) => {
      const changes = checkFree(props, spec, tab.id, deps); // a job started meanwhile
      const job: JobRecord = {
        id,
        spec: { ...spec, sheet: tab.name },
        owner: deps.user,
        state: 'running',
        createdAt: now,
        updatedAt: now,
        tokens: 0,
        costUsd: 0,
        requests: 0,
        claims: {},
        failures: {},
        place,
        counts,
        ...(keepsWritten(spec) ? { writtenBits: filterBits(rowCount(spec)) } : {}),
        ...(spec.mode === 'batch' ? { batch: newBatchState(estimate.model, now) } : {}),
      };
      return { result: undefined, changes: { ...changes, ...jobChanges(job) } };
    });
  } catch (e) {
    unplace(place, deps.sheets);
    throw e;
  }
  tidyUp(deps, deps.clock.now() + TIDY_MS);
  ensureTrigger(deps.userPlace, deps.triggers, deps.spreadsheetId);
  return { jobId: id };
}

/**
 * The job's rows as they are at its start: those whose output already holds a value (not the job's)
 * are counted as skipped from then on (without overwrite they are never written); the others,
 * blank ones too, count as pending until the first step looks at them.
 */
function firstCounts(spec: JobSpec, place: Place, deps: JobDeps): JobCounts {
  const rows = readRows(deps.sheets, place, place.top, place.bottom);
  const counts: JobCounts = { ...NO_COUNTS, total: rows.inputs.length };
  rows.inputs.forEach((input, i) => {
    const filled = !isBlank(rows.outputs[i]);
    if (spec.evaluation) {
      if (input && filled) counts.pending++;
      else counts.skipped++;
    } else if (filled && input && !spec.overwrite) counts.skipped++;
    else counts.pending++;
  });
  return counts;
}

/**
 * A job is refused when, at its largest, it would take the starter's jobs or all jobs past their
 * share of the document store (engine/store-room.ts), or the starter has too many unfinished.
 */
function checkShares(props: Record<string, string>, jobs: JobRecord[], spec: JobSpec, user: string): void {
  const mine = jobs.filter((j) => j.owner === user);
  const unfinished = mine.filter((j) => j.state === 'running' || j.state === 'paused').length;
  if (unfinished >= UNFINISHED_JOBS_PER_PERSON)
    throw new UserError('job_limit_person', { count: unfinished });
  const rows = rowCount(spec);
  const need = bytesForJob(spec);
  const kb = (bytes: number) => Math.ceil(bytes / 1000);
  const bytesOf = (list: JobRecord[]) => list.reduce((n, j) => n + jobShareBytes(props, j), 0);
  const mineNow = bytesOf(mine);
  if (mineNow + need > PERSON_SHARE_BYTES)
    throw new UserError('job_no_room_person', {
      rows,
      need: kb(need),
      used: kb(mineNow),
      share: kb(PERSON_SHARE_BYTES),
    });
  const all = bytesOf(jobs);
  if (all + need > JOBS_SHARE_BYTES)
    throw new UserError('job_no_room', { rows, need: kb(need), used: kb(all), share: kb(JOBS_SHARE_BYTES) });
}

/**
 * Refuses a job the store has no room for, or whose rows overlap rows another running or paused job
 * still has to write in the same output column (where those rows are now). Jobs that were looked up
 * are brought up to date: the changes to save.
 */
function checkFree(
  props: Record<string, string>,
  spec: JobSpec,
  tab: number,
  deps: JobDeps,
): Record<string, string> {
  const jobs = listJobs(props);
  checkShares(props, jobs, spec, deps.user);
  const changes: Record<string, string> = {};
  for (const other of jobs) {
    if (other.state !== 'running' && other.state !== 'paused') continue;
    const where = other.place ?? other.anchor;
    if (where ? where.sheetId !== tab : other.spec.sheet !== spec.sheet) continue;
    // Evaluations only read their output column (the expected answers): they block nothing.
    if (spec.evaluation || other.spec.evaluation) continue;
    const looked = lookAtJob(other, props, deps);
    Object.assign(changes, jobChanges(other));
    if (!looked || looked.place.output !== spec.outputColumn) continue;
    // Its rows still to answer (and those its steps are answering) that lie in the new job's rows.
    const busy = looked.look.pending
      .map((i) => looked.look.rows.first + i)
      .filter((row) => row >= spec.firstRow && row <= spec.lastRow);
    if (busy.length) {
      throw new UserError('job_overlap', {
        sheet: spec.sheet,
        column: columnLetter(spec.outputColumn),
        first: busy[0],
        last: busy[busy.length - 1],
      });
    }
  }
  return changes;
}
