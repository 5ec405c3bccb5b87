// A job begins: its spec checked, its cost bounded, its rows free of other jobs' pending rows, room in
// its share of the store for its state, and its cells marked so that it finds them again at every step.
import { UserError } from '../i18n/messages';
import { anchorJob, unmark } from './anchors';
import { columnLetter } from './columns';
import { locked, type JobDeps } from './deps';
import { estimateSpec, lastRowOf } from './estimate';
import { tidyUp } from './finish';
import { withExampleCells } from './examples-range';
import { follow } from './follow';
import { pairsOf } from './layout';
import { parseEvaluationSpec, parseJobSpec, type JobSpec } from './spec';
import {
  bytesForJob,
  isQueued,
  jobChanges,
  listJobs,
  PENDING,
  readRows,
  rowCount,
  jobShareBytes,
  type JobRecord,
} from './store';
import { ensureTrigger } from './triggers';
import { JOBS_SHARE_BYTES, PERSON_SHARE_BYTES, UNFINISHED_JOBS_PER_PERSON } from '../engine/store-room';
import { newBatchState } from './batch-state';

/** Time the start may spend marking rows; a large job marks the rest in its steps. */
const START_MARK_MS = 20_000;
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
  const { anchor, disturbed } = anchorJob(
    {
      jobId: id,
      tab: tab.id,
      input: spec.inputColumn,
      output: spec.outputColumn,
      firstRow: spec.firstRow,
      rows: rowCount(spec),
    },
    deps.sheets,
    () => deps.clock.now(),
    now + START_MARK_MS,
  );
  if (disturbed) {
    unmark(anchor, deps.sheets);
    throw new UserError('job_sheet_changed', { sheet: spec.sheet });
  }
  try {
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
        anchor,
        ...(spec.mode === 'batch' ? { batch: newBatchState(estimate.model, now) } : {}),
      };
      const rows = new Array(rowCount(spec)).fill('.');
      return {
        result: undefined,
        changes: { ...changes, ...jobChanges(job, rows) },
      };
    });
  } catch (e) {
    unmark(anchor, deps.sheets);
    throw e;
  }
  tidyUp(deps, deps.clock.now() + TIDY_MS);
  ensureTrigger(deps.userPlace, deps.triggers, deps.spreadsheetId);
  return { jobId: id };
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
  const need = bytesForJob(rows);
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
    if (other.anchor ? other.anchor.sheetId !== tab : other.spec.sheet !== spec.sheet) continue;
    const rows = readRows(props, other);
    const anchor = follow(other, rows, deps);
    Object.assign(changes, jobChanges(other, rows));
    // Evaluations only read their output column (the expected answers): they block nothing.
    if (!anchor || anchor.output !== spec.outputColumn || spec.evaluation || other.spec.evaluation) continue;
    const claimed = new Set(Object.values(other.claims).flatMap((c) => c.indices ?? []));
    const pending = pairsOf(anchor.runs)
      .filter(([i]) => PENDING.has(rows[i]) || isQueued(rows[i]) || claimed.has(i))
      .map(([, row]) => row)
      .filter((row) => row >= spec.firstRow && row <= spec.lastRow);
    if (pending.length) {
      throw new UserError('job_overlap', {
        sheet: spec.sheet,
        column: columnLetter(spec.outputColumn),
        first: Math.min(...pending),
        last: Math.max(...pending),
      });
    }
  }
  return changes;
}
