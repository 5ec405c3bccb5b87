// A step's first move, under the document lock: find the job's cells, take a chunk of pending rows no
// other step holds, and read their inputs. The claim expires after 7 minutes (longer than any step), so
// a step that dies loses only its claim.
import type { Update } from '../engine/locked-update';
import { requireOwn } from './access';
import { isMarking, markMore, type Anchor } from './anchors';
import { locked, type JobDeps } from './deps';
import { fingerprint } from './fingerprints';
import { follow, inputTexts, MARK_BUDGET_MS, reopenChanged } from './follow';
import { haltFor, quotaStop } from './halt';
import { quotaShortOf, type DailyUsage } from './quotas';
import { taskForJob } from './spec';
import { statusOf, type JobStatus } from './status';
import {
  isQueued,
  jobChanges,
  noteChange,
  PENDING,
  readFingerprints,
  readRows,
  type Claim,
  type JobRecord,
  type RowState,
} from './store';

/** Requests in flight at once within one step. */
export const STEP_CONCURRENCY = 10;
/** A claim outlives the longest step (6 minutes) so only a dead step's claim expires. */
export const CLAIM_TTL_MS = 7 * 60_000;
/** Properties calls a chunk takes at most: two locked updates, the cache, the ledger. */
const PROPERTIES_PER_CHUNK = 40;
/** Attempts a request may take (the first and two retries), for the URL Fetch count. */
const ATTEMPTS_PER_REQUEST = 3;

export type Claimed = { job: JobRecord; claimId: string; claim: Claim; texts: string[] };
/** `progressed`: the claim settled blank rows and found nothing else yet; another claim may find more. */
export type ClaimResult = { status: JobStatus; progressed?: boolean } | Claimed;

export interface StepContext {
  /** The first claim of a step also looks for inputs changed after they were answered. */
  first: boolean;
  usage: DailyUsage;
  spent: () => Record<'urlFetchCalls' | 'propertiesCalls', number>;
}

export function claimChunk(jobId: unknown, deps: JobDeps, step: StepContext): ClaimResult {
  const now = deps.clock.now();
  return locked(deps, (props): Update<ClaimResult> => {
    const { job, adopted } = requireOwn(props, jobId, deps);
    const rows = readRows(props, job);
    const fingerprints = readFingerprints(props, job);
    if (job.state !== 'running') {
      const changes = adopted ? jobChanges(job, rows, fingerprints) : {};
      return { result: { status: statusOf(job, rows, now) }, changes };
    }
    job.updatedAt = now;
    expireClaims(job, now);
    const settled = (): Update<ClaimResult> => ({
      result: { status: statusOf(job, rows, now) },
      changes: jobChanges(job, rows, fingerprints),
    });
    // A batch job sending its rows to the Batch API: they are not to be answered here as well.
    if (isSubmitting(job, now)) return settled();
    const anchor = catchUp(job, rows, fingerprints, deps, step, now);
    if (!anchor) return settled();
    const batchSize = taskForJob(job.spec).batchSize;
    const taken = claimedRows(job);
    const open = pendingRows(rows, taken);
    const first = open.slice(0, chunkSize(batchSize, open.length));
    if (!first.length) {
      finishIfNothingLeft(job, rows);
      return settled();
    }
    if (pausedForQuota(job, first.length, batchSize, deps, step)) return settled();
    const { picked, texts } = readPastBlanks(job, rows, fingerprints, first, taken, (indices) =>
      inputTexts(deps, anchor, indices),
    );
    if (!picked.length) {
      finishIfNothingLeft(job, rows);
      return {
        ...settled(),
        result: { status: statusOf(job, rows, now), progressed: job.state === 'running' },
      };
    }
    const claimId = deps.newId();
    const claim: Claim = {
      indices: picked,
      until: now + CLAIM_TTL_MS,
      fingerprints: texts.map(fingerprint).join(''),
    };
    job.claims[claimId] = claim;
    return { result: { job, claimId, claim, texts }, changes: jobChanges(job, rows, fingerprints) };
  });
}

/**
 * The job's cells found again, the marking of a large job carried on, and (at a step's first claim)
 * answered rows whose input changed since reopened. Null when the job cannot go on.
 */
export function catchUp(
  job: JobRecord,
  rows: RowState[],
  fingerprints: string[],
  deps: JobDeps,
  step: StepContext,
  now: number,
): Anchor | null {
  const anchor = follow(job, rows, deps);
  if (!anchor) return null;
  const n = rows.length;
  if (
    isMarking(anchor, n) &&
    !markMore(anchor, n, deps.sheets, () => deps.clock.now(), now + MARK_BUDGET_MS)
  ) {
    job.state = 'stopped';
    job.message = { key: 'job_unmarked_rows_changed', params: { first: anchor.top, last: anchor.bottom } };
    return null;
  }
  // An evaluation is a snapshot of the rows as they were answered: an edit after that is not re-asked.
  if (step.first && !job.spec.evaluation)
    noteChange(job, { edited: reopenChanged(rows, fingerprints, anchor, deps) });
  return anchor;
}

/** Pending rows no other step holds, in order. */
export function openRows(job: JobRecord, rows: RowState[]): number[] {
  return pendingRows(rows, claimedRows(job));
}

/** The rows the job's claims hold. */
function claimedRows(job: JobRecord): Set<number> {
  return new Set(Object.values(job.claims).flatMap((c) => c.indices));
}

/** Pending rows from index `from` on that are not `taken`, in order, at most `count`. */
function pendingRows(rows: RowState[], taken: Set<number>, count = Infinity, from = 0): number[] {
  const open: number[] = [];
  for (let i = from; i < rows.length && open.length < count; i++)
    if (PENDING.has(rows[i]) && !taken.has(i)) open.push(i);
  return open;
}

/** Rows one claim may read past blank inputs before it claims what it found. */
const BLANK_SCAN_ROWS = 8000;

/**
 * A row never answered whose input is blank needs no request: it is done (`b`) at once, under the
 * lock that read it. Until the chunk holds as many rows with text as it was meant to, the next rows
 * are read in growing windows, so a sparse column of 50,000 rows takes a handful of claims and full
 * requests instead of hundreds. A blank row that held an earlier answer of the job (`r`), and every
 * row of an evaluation, still go through the step.
 */
function readPastBlanks(
  job: JobRecord,
  rows: RowState[],
  fingerprints: string[],
  first: number[],
  taken: Set<number>,
  read: (indices: number[]) => string[],
): { picked: number[]; texts: string[] } {
  if (job.spec.evaluation) return { picked: first, texts: read(first) };
  const picked: number[] = [];
  const texts: string[] = [];
  let indices = first;
  for (let scanned = 0, growth = 1; indices.length; growth *= 4) {
    const values = read(indices);
    indices.forEach((index, k) => {
      if (picked.length >= first.length) return; // read, not needed: left pending as it was
      if (values[k] === '' && rows[index] === '.') {
        rows[index] = 'b';
        fingerprints[index] = fingerprint('');
      } else {
        picked.push(index);
        texts.push(values[k]);
      }
    });
    scanned += indices.length;
    if (picked.length >= first.length || scanned >= BLANK_SCAN_ROWS) break;
    const next = Math.min((first.length - picked.length) * growth, BLANK_SCAN_ROWS - scanned);
    // the windows follow each other: every row before this one was read or is held by a claim
    indices = pendingRows(rows, taken, next, indices[indices.length - 1] + 1);
  }
  return { picked, texts };
}

/** Done once no row waits: none pending, none claimed, none in a batch, no batch out. */
export function finishIfNothingLeft(job: JobRecord, rows: RowState[]): void {
  if (Object.keys(job.claims).length || rows.some((r) => PENDING.has(r) || isQueued(r))) return;
  if (job.batch?.entries.length || job.batch?.submitting) return;
  job.state = 'done';
  job.message = { key: 'job_done' };
}

/** Whether a step is sending the job's rows to the Batch API right now. */
export function isSubmitting(job: JobRecord, now: number): boolean {
  const lease = job.batch?.submitting;
  return lease !== undefined && lease.until > now;
}

/** Pauses the job when its next chunk would take the jobs past their share of a daily quota. */
export function pausedForQuota(
  job: JobRecord,
  rows: number,
  batchSize: number,
  deps: JobDeps,
  step: StepContext,
  urlFetchCalls = Math.ceil(rows / batchSize) * ATTEMPTS_PER_REQUEST,
): boolean {
  const short = quotaShortOf(step.usage, step.spent(), {
    urlFetchCalls,
    propertiesCalls: PROPERTIES_PER_CHUNK,
  });
  if (short) haltFor(job, quotaStop(short), deps, step.usage);
  return short !== null;
}

/**
 * A full parallel wave of requests, but no more than a third of what is left (at least one
 * request's worth), so the three steps a page keeps in flight share a small job.
 */
function chunkSize(batchSize: number, unclaimed: number): number {
  return Math.min(batchSize * STEP_CONCURRENCY, Math.max(batchSize, Math.ceil(unclaimed / 3)));
}

/** Claims of dead steps, and claims from before claims named indices. */
export function expireClaims(job: JobRecord, now: number): void {
  for (const [id, claim] of Object.entries(job.claims))
    if (claim.until <= now || !Array.isArray(claim.indices)) delete job.claims[id];
}
