// Column jobs: thousands of rows processed in chunks across many executions.
//
// Each step claims a chunk of pending rows under the document lock, answers them outside the lock
// (same cache, batching and budget as formulas), then, under the lock again, checks that the input
// rows are still the ones it read, writes the answers as plain values and marks the rows. A step
// killed at any point loses only its claim, which expires; the rows are claimed again, answered
// from the cache, and a cell that already holds the answer is not written a second time.
import { answerTexts, type PipelineDeps, type PipelineReport, type TabRef } from '../engine/pipeline';
import { isAccountWide } from '../engine/failures';
import { planBatches, type Batch } from '../engine/batch';
import { readLessons } from '../openai/lessons';
import { capabilitiesOf, costUsd } from '../openai/models';
import { lockedUpdate, type Update } from '../engine/locked-update';
import { sha256Hex } from '../engine/sha256';
import { cellText } from '../engine/values';
import { Ledger, type Calendar, type Spender } from '../budget/ledger';
import {
  type Clock,
  type Mutex,
  type PropertyStore,
  type SheetPort,
  type TriggerPort,
} from '../platform/ports';
import { plainCellValue } from '../engine/cell-values';
import { UserError, type MessageRef } from '../i18n/messages';
import { columnLetter } from './columns';
import { jobOverrides, parseJobSpec, taskForJob, type JobSpec } from './spec';
import {
  countRows,
  jobKey,
  jobPropertyKeys,
  listJobs,
  readJob,
  readRows,
  rowChanges,
  type Claim,
  type JobCounts,
  type JobRecord,
  type RowState,
} from './store';

/** Requests in flight at once within one step. */
export const STEP_CONCURRENCY = 10;
/** A claim outlives the longest step (6 minutes) so only a dead step's claim expires. */
const CLAIM_TTL_MS = 7 * 60_000;
const LOCK_WAIT_MS = 20_000;
const KEEP_FINISHED_JOBS = 10;
export const BACKGROUND_HANDLER = 'runJobsInBackground';

export interface JobDeps {
  store: PropertyStore;
  lock: Mutex;
  sheets: SheetPort;
  clock: Clock;
  /** The caller's stable user key. */
  user: string;
  newId: () => string;
  /** The caller's own pipeline (their key); throws UserError('job_no_key') without one. */
  pipeline: () => PipelineDeps;
  defaultModel: string;
  triggers: TriggerPort;
  /** A tab by name, with its id (budgets are kept by tab id). */
  tab: (name: string) => TabRef | undefined;
  /** Whether the caller's key is the one formulas spend (the owner's): only then do budgets apply. */
  spender: Spender;
  calendar: Calendar;
}

export interface JobStatus {
  jobId: string;
  state: JobRecord['state'];
  sheet: string;
  inputColumn: string;
  outputColumn: string;
  task: string;
  total: number;
  done: number;
  skipped: number;
  failed: number;
  remaining: number;
  tokens: number;
  costUsd: number;
  /** Tokens of a model with no known price (not in costUsd). */
  unpricedTokens: number;
  etaSeconds: number | null;
  message: MessageRef | null;
  failures: Array<{ reason: string; rows: number }>;
}

function locked<T>(deps: JobDeps, fn: (props: Record<string, string>) => Update<T>): T {
  return lockedUpdate(deps.store, deps.lock, LOCK_WAIT_MS, fn);
}

function requireJob(props: Record<string, string>, id: unknown, user: string): JobRecord {
  const job = typeof id === 'string' ? readJob(props, id) : null;
  if (!job) throw new UserError('job_not_found');
  if (job.owner !== user) throw new UserError('job_not_yours');
  return job;
}

export function statusOf(job: JobRecord, rows: RowState[], now: number): JobStatus {
  const counts: JobCounts = countRows(rows);
  const processed = counts.done + counts.skipped + counts.failed;
  const elapsed = (now - job.createdAt) / 1000;
  const rate = processed > 0 && elapsed > 0 ? processed / elapsed : 0;
  return {
    jobId: job.id,
    state: job.state,
    sheet: job.spec.sheet,
    inputColumn: columnLetter(job.spec.inputColumn),
    outputColumn: columnLetter(job.spec.outputColumn),
    task: job.spec.task,
    total: counts.total,
    done: counts.done,
    skipped: counts.skipped,
    failed: counts.failed,
    remaining: counts.pending,
    tokens: job.tokens,
    costUsd: Math.round(job.costUsd * 1e6) / 1e6,
    unpricedTokens: job.unpricedTokens ?? 0,
    etaSeconds: job.state === 'running' && rate > 0 ? Math.ceil(counts.pending / rate) : null,
    message: job.message ?? null,
    failures: Object.entries(job.failures).map(([reason, n]) => ({ reason, rows: n })),
  };
}

// ---- estimate and start -------------------------------------------------------------------

export interface JobEstimate {
  rows: number;
  nonBlank: number;
  /** An upper bound: input estimate plus the output cap of every request. */
  estimatedTokens: number;
  /** Null when the model has no known price. */
  estimatedCostUsd: number | null;
  model: string;
  remainingBudget: number | null;
  fits: boolean;
}

export function estimateJob(input: unknown, deps: JobDeps): JobEstimate {
  return estimateSpec(
    parseJobSpec(input, (s) => deps.sheets.lastRow(s)),
    deps,
  );
}

function estimateSpec(spec: JobSpec, deps: JobDeps): JobEstimate {
  const texts = deps.sheets
    .readColumn(spec.sheet, spec.inputColumn, spec.firstRow, spec.lastRow)
    .map((v) => cellText(v))
    .filter((t) => t !== '');
  const overrides = jobOverrides(spec.args);
  const model = overrides.model || deps.defaultModel;
  const props = deps.store.getAll();
  const caps = capabilitiesOf(model, readLessons(props)[model]);
  const batches = planBatches(
    texts,
    texts.map((_, i) => i),
    taskForJob(spec),
    { ...overrides, model, caps },
  );
  const estimatedTokens = batches.reduce((n, b) => n + b.estimatedTokens, 0);
  const ledger = new Ledger(props, deps.clock.now(), deps.calendar);
  const tab = deps.tab(spec.sheet);
  const remaining = deps.spender.holder
    ? Math.min(
        ledger.remaining({ kind: 'spreadsheet' }),
        tab ? ledger.remaining({ kind: 'sheet', id: tab.id }) : Infinity,
      )
    : Infinity;
  return {
    rows: spec.lastRow - spec.firstRow + 1,
    nonBlank: texts.length,
    estimatedTokens,
    estimatedCostUsd: upperCostUsd(model, batches),
    model,
    remainingBudget: Number.isFinite(remaining) ? Math.max(0, remaining) : null,
    fits: estimatedTokens <= remaining,
  };
}

export function startJob(input: unknown, deps: JobDeps): { jobId: string } {
  deps.pipeline(); // no key: say so now, not at the first step
  const spec = parseJobSpec(input, (s) => deps.sheets.lastRow(s));
  const estimate = estimateSpec(spec, deps);
  if (!estimate.fits && !spec.untilBudget) {
    throw new UserError('job_budget_short', {
      estimate: estimate.estimatedTokens,
      remaining: estimate.remainingBudget ?? 0,
    });
  }
  const id = deps.newId();
  const now = deps.clock.now();
  locked(deps, (props) => {
    const clash = listJobs(props).find((j) => overlaps(j, spec));
    if (clash)
      throw new UserError('job_overlap', { sheet: spec.sheet, column: columnLetter(spec.outputColumn) });
    const job: JobRecord = {
      id,
      spec,
      owner: deps.user,
      state: 'running',
      createdAt: now,
      updatedAt: now,
      tokens: 0,
      costUsd: 0,
      requests: 0,
      claims: {},
      failures: {},
    };
    const rows: RowState[] = new Array(spec.lastRow - spec.firstRow + 1).fill('.');
    return { result: undefined, changes: { [jobKey(id)]: JSON.stringify(job), ...rowChanges(job, rows) } };
  });
  pruneFinishedJobs(deps);
  deps.triggers.ensure(BACKGROUND_HANDLER);
  return { jobId: id };
}

/** Input at the input price and the output cap at the output price: what the job costs at most. */
function upperCostUsd(model: string, batches: Batch[]): number | null {
  let usd = 0;
  for (const b of batches) {
    const output = b.spec.maxOutputTokens;
    const cost = costUsd(model, { input: b.estimatedTokens - output, output });
    if (cost === undefined) return null;
    usd += cost;
  }
  return usd;
}

function overlaps(job: JobRecord, spec: JobSpec): boolean {
  const active = job.state === 'running' || job.state === 'paused';
  return (
    active &&
    job.spec.sheet === spec.sheet &&
    job.spec.outputColumn === spec.outputColumn &&
    job.spec.firstRow <= spec.lastRow &&
    spec.firstRow <= job.spec.lastRow
  );
}

function pruneFinishedJobs(deps: JobDeps): void {
  const props = deps.store.getAll();
  const finished = listJobs(props)
    .filter((j) => j.state === 'done' || j.state === 'cancelled' || j.state === 'stopped')
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(KEEP_FINISHED_JOBS);
  for (const job of finished) for (const key of jobPropertyKeys(props, job.id)) deps.store.delete(key);
}

// ---- steps --------------------------------------------------------------------------------

/** Works on the job until `deadline` (or until it is finished) and returns its status. */
export function runStep(jobId: unknown, deps: JobDeps, deadline: number): JobStatus {
  for (;;) {
    const started = deps.clock.now();
    const claimed = claimChunk(jobId, deps);
    if ('status' in claimed) return finishIfIdle(claimed.status, deps);
    const report = processChunk(claimed, deps, deadline);
    const lastChunkMs = deps.clock.now() - started;
    pace(report, deps, deadline);
    if (deps.clock.now() + Math.max(lastChunkMs * 1.5, 15_000) > deadline) break;
  }
  return jobStatus(jobId, deps);
}

type ClaimResult = { status: JobStatus } | { job: JobRecord; claimId: string; claim: Claim; texts: string[] };

function claimChunk(jobId: unknown, deps: JobDeps): ClaimResult {
  const now = deps.clock.now();
  return locked(deps, (props): Update<ClaimResult> => {
    const job = requireJob(props, jobId, deps.user);
    const rows = readRows(props, job);
    expireClaims(job, now);
    if (job.state !== 'running') return { result: { status: statusOf(job, rows, now) }, changes: {} };
    const busy = new Set(Object.values(job.claims).flatMap((c) => c.rows));
    const size = chunkSize(taskForJob(job.spec).batchSize, rows.filter((r) => r === '.').length - busy.size);
    const picked: number[] = [];
    for (let i = 0; i < rows.length && picked.length < size; i++) {
      const row = job.spec.firstRow + i;
      if (rows[i] === '.' && !busy.has(row)) picked.push(row);
    }
    if (!picked.length) {
      if (!Object.keys(job.claims).length && !rows.includes('.')) {
        job.state = 'done';
        job.message = { key: 'job_done' };
      }
      job.updatedAt = now;
      return {
        result: { status: statusOf(job, rows, now) },
        changes: { [jobKey(job.id)]: JSON.stringify(job) },
      };
    }
    const texts = readInputs(deps, job.spec, picked);
    const claim: Claim = { rows: picked, until: now + CLAIM_TTL_MS, fingerprint: fingerprint(texts) };
    const claimId = deps.newId();
    job.claims[claimId] = claim;
    return { result: { job, claimId, claim, texts }, changes: { [jobKey(job.id)]: JSON.stringify(job) } };
  });
}

/**
 * A full parallel wave of requests, but no more than a third of what is left (at least one
 * request's worth), so the three steps a page keeps in flight share a small job.
 */
function chunkSize(batchSize: number, unclaimed: number): number {
  return Math.min(batchSize * STEP_CONCURRENCY, Math.max(batchSize, Math.ceil(unclaimed / 3)));
}

function expireClaims(job: JobRecord, now: number): void {
  for (const [id, claim] of Object.entries(job.claims)) if (claim.until <= now) delete job.claims[id];
}

function readInputs(deps: JobDeps, spec: JobSpec, rows: number[]): string[] {
  const first = Math.min(...rows);
  const values = deps.sheets.readColumn(spec.sheet, spec.inputColumn, first, Math.max(...rows));
  return rows.map((r) => cellText(values[r - first]));
}

function fingerprint(texts: string[]): string {
  return sha256Hex(JSON.stringify(texts));
}

function processChunk(
  { job, claimId, claim, texts }: Exclude<ClaimResult, { status: JobStatus }>,
  deps: JobDeps,
  deadline: number,
): PipelineReport | undefined {
  const positions = texts.map((t, i) => (t ? i : -1)).filter((i) => i >= 0);
  let report: PipelineReport | undefined;
  let stop: UserError | undefined;
  if (positions.length) {
    try {
      const overrides = jobOverrides(job.spec.args);
      report = answerTexts(
        positions.map((i) => texts[i]),
        taskForJob(job.spec),
        deps.pipeline(),
        {
          ...overrides,
          model: overrides.model || deps.defaultModel,
          deadline,
          sheet: () => deps.tab(job.spec.sheet),
          spender: deps.spender,
        },
      );
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      stop = e;
    }
  }
  const answers = new Map<number, RowAnswer>();
  positions.forEach((i, k) => answers.set(claim.rows[i], toRowAnswer(report?.outcomes[k])));
  commitChunk(job.id, claimId, claim, answers, report, stop, deps);
  return report;
}

type RowAnswer = { kind: 'answer'; text: string } | { kind: 'retry' } | { kind: 'fail'; reason: UserError };

function toRowAnswer(outcome: PipelineReport['outcomes'][number] | undefined): RowAnswer {
  if (!outcome) return { kind: 'retry' };
  if (outcome.ok) return { kind: 'answer', text: outcome.answer };
  if (outcome.error === 'unfinished') return { kind: 'retry' };
  return { kind: 'fail', reason: outcome.error };
}

function commitChunk(
  jobId: string,
  claimId: string,
  claim: Claim,
  answers: Map<number, RowAnswer>,
  report: PipelineReport | undefined,
  stop: UserError | undefined,
  deps: JobDeps,
): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, jobId);
    if (!job) return { result: undefined, changes: {} };
    const rows = readRows(props, job);
    const mine = job.claims[claimId];
    delete job.claims[claimId];
    job.updatedAt = now;
    if (report) {
      job.tokens += report.charge.input + report.charge.output;
      job.costUsd += report.charge.costUsd;
      job.unpricedTokens = (job.unpricedTokens ?? 0) + (report.charge.unpricedTokens ?? 0);
      job.requests += report.charge.requests;
    }
    const save = () => ({ [jobKey(job.id)]: JSON.stringify(job), ...rowChanges(job, rows) });
    // Cancelled, or our claim expired and the rows may belong to another step now: write nothing.
    if (!mine || job.state !== 'running') return { result: undefined, changes: save() };
    if (stop) {
      // A busy lock is passing: the rows stay pending for the next step.
      if (stop.key !== 'lock_busy') haltFor(job, stop);
      return { result: undefined, changes: save() };
    }
    if (fingerprint(readInputs(deps, job.spec, claim.rows)) !== claim.fingerprint) {
      job.state = 'stopped';
      job.message = { key: 'job_rows_changed', params: { sheet: job.spec.sheet } };
      return { result: undefined, changes: save() };
    }
    writeAnswers(job, rows, claim, answers, deps);
    return { result: undefined, changes: save() };
  });
}

/** A failure that concerns the whole job (key, quota, model, budget) pauses or stops it; rows stay pending. */
function haltFor(job: JobRecord, error: UserError): void {
  if (error.key === 'budget_reached') {
    job.state = 'paused';
    job.message = { key: 'job_budget_paused' };
  } else {
    job.state = 'stopped';
    job.message = { key: error.key, params: error.params as Record<string, string | number> };
  }
}

function writeAnswers(
  job: JobRecord,
  rows: RowState[],
  claim: Claim,
  answers: Map<number, RowAnswer>,
  deps: JobDeps,
): void {
  const { spec } = job;
  const first = Math.min(...claim.rows);
  const current = deps.sheets.readColumn(spec.sheet, spec.outputColumn, first, Math.max(...claim.rows));
  const writes = new Map<number, unknown>();
  for (const row of claim.rows) {
    const i = row - spec.firstRow;
    const answer = answers.get(row);
    const existing = current[row - first];
    if (!answer) {
      rows[i] = 'd'; // blank input: blank output, nothing to write
      continue;
    }
    if (answer.kind === 'retry') continue;
    if (answer.kind === 'fail') {
      if (isAccountWide(answer.reason)) {
        haltFor(job, answer.reason);
        continue;
      }
      rows[i] = 'f';
      job.failures[answer.reason.key] = (job.failures[answer.reason.key] ?? 0) + 1;
      continue;
    }
    const value = plainCellValue(answer.text);
    if (existing === answer.text || existing === value)
      rows[i] = 'd'; // written by a step that died before recording it
    else if (existing !== '' && existing !== null && existing !== undefined && !spec.overwrite) rows[i] = 's';
    else {
      writes.set(row, value);
      rows[i] = 'd';
    }
  }
  for (const [start, values] of contiguousRuns(writes))
    deps.sheets.writeColumn(spec.sheet, spec.outputColumn, start, values);
}

function contiguousRuns(writes: Map<number, unknown>): Array<[number, unknown[]]> {
  const rowsSorted = [...writes.keys()].sort((a, b) => a - b);
  const runs: Array<[number, unknown[]]> = [];
  for (const row of rowsSorted) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1].length === row) last[1].push(writes.get(row));
    else runs.push([row, [writes.get(row)]]);
  }
  return runs;
}

/** Waits for the rate-limit window when the last response says the account is nearly out of it. */
function pace(report: PipelineReport | undefined, deps: JobDeps, deadline: number): void {
  const limits = report?.rateLimits;
  if (!limits) return;
  const lowRequests = limits.remainingRequests !== undefined && limits.remainingRequests < STEP_CONCURRENCY;
  const lowTokens =
    limits.remainingTokens !== undefined &&
    limits.limitTokens !== undefined &&
    limits.remainingTokens < limits.limitTokens * 0.1;
  const waitMs = Math.max(
    lowRequests ? (limits.resetRequestsMs ?? 1000) : 0,
    lowTokens ? (limits.resetTokensMs ?? 1000) : 0,
  );
  const room = deadline - deps.clock.now() - 15_000;
  if (waitMs > 0 && room > 0) deps.clock.sleep(Math.min(waitMs, room));
}

function finishIfIdle(status: JobStatus, deps: JobDeps): JobStatus {
  if (status.state !== 'running' && status.state !== 'paused') removeTriggerIfIdle(deps);
  return status;
}

export function removeTriggerIfIdle(deps: JobDeps): void {
  const active = listJobs(deps.store.getAll()).some((j) => j.owner === deps.user && j.state === 'running');
  if (!active) deps.triggers.remove(BACKGROUND_HANDLER);
}

// ---- status, cancel, resume, retry --------------------------------------------------------------

export function jobStatus(jobId: unknown, deps: JobDeps): JobStatus {
  const props = deps.store.getAll();
  const job = requireJob(props, jobId, deps.user);
  return statusOf(job, readRows(props, job), deps.clock.now());
}

function changeJob(
  jobId: unknown,
  deps: JobDeps,
  change: (job: JobRecord, rows: RowState[]) => void,
): JobStatus {
  const now = deps.clock.now();
  const status = locked(deps, (props) => {
    const job = requireJob(props, jobId, deps.user);
    const rows = readRows(props, job);
    change(job, rows);
    job.updatedAt = now;
    return {
      result: statusOf(job, rows, now),
      changes: { [jobKey(job.id)]: JSON.stringify(job), ...rowChanges(job, rows) },
    };
  });
  if (status.state === 'running') deps.triggers.ensure(BACKGROUND_HANDLER);
  else removeTriggerIfIdle(deps);
  return status;
}

export function cancelJob(jobId: unknown, deps: JobDeps): JobStatus {
  return changeJob(jobId, deps, (job) => {
    if (job.state === 'done') return;
    job.state = 'cancelled';
    job.claims = {};
    job.message = { key: 'job_cancelled' };
  });
}

/** Resumes a paused or stopped job, and with `retryFailed` also its failed rows. */
export function resumeJob(jobId: unknown, deps: JobDeps, retryFailed: boolean): JobStatus {
  return changeJob(jobId, deps, (job, rows) => {
    if (job.state === 'cancelled') return;
    if (retryFailed) {
      rows.forEach((r, i) => {
        if (r === 'f') rows[i] = '.';
      });
      job.failures = {};
    }
    if (rows.includes('.')) {
      job.state = 'running';
      delete job.message;
    }
  });
}

export function listUserJobs(deps: JobDeps): JobStatus[] {
  const props = deps.store.getAll();
  return listJobs(props)
    .filter((j) => j.owner === deps.user)
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((j) => statusOf(j, readRows(props, j), deps.clock.now()));
}

/** The trigger's work: every running job of this user, until the deadline. */
export function runUserJobs(deps: JobDeps, deadline: number): JobStatus[] {
  const ids = listJobs(deps.store.getAll())
    .filter((j) => j.owner === deps.user && j.state === 'running')
    .map((j) => j.id);
  const out = ids.map((id) => runStep(id, deps, deadline));
  removeTriggerIfIdle(deps);
  return out;
}
