// A step's first move, under the document lock: find the job's cells, read its rows, take the next
// texts still to answer that no other step holds, and record them as this step's claim. The claim
// names texts (their fingerprints), not rows, and expires after 7 minutes (longer than any step), so a
// step that dies loses only its claim.
import type { Update } from '../../engine/locked-update';
import { requireOwn } from '../access';
import { locked, type JobDeps } from '../deps';
import { haltFor, quotaStop } from '../halt';
import { quotaShortOf, type DailyUsage } from '../quotas';
import { taskForJob } from '../spec';
import { statusOf, type JobStatus } from '../status';
import { jobChanges, type Claim, type JobRecord } from '../store';
import { lookAtJob, type Looked } from './look';
import { pickTexts } from './scan';
import { fingerprintSet, FP_CHARS } from './written';

/** Requests in flight at once within one step. */
export const STEP_CONCURRENCY = 10;
/** Waves of requests one claim asks for at most: fewer locked looks at the sheet per row. */
const WAVES_PER_CLAIM = 4;
/** A claim outlives the longest step (6 minutes) so only a dead step's claim expires. */
export const CLAIM_TTL_MS = 7 * 60_000;
/** Properties calls a chunk takes at most: two locked updates, the cache, the ledger. */
const PROPERTIES_PER_CHUNK = 40;
/** Attempts a request may take (the first and two retries), for the URL Fetch count. */
const ATTEMPTS_PER_REQUEST = 3;

export type Claimed = { job: JobRecord; claimId: string; claim: Claim; texts: string[] };
export type ClaimResult = { status: JobStatus } | Claimed;

export interface StepContext {
  usage: DailyUsage;
  spent: () => Record<'urlFetchCalls' | 'propertiesCalls', number>;
}

export function claimChunk(jobId: unknown, deps: JobDeps, step: StepContext): ClaimResult {
  const now = deps.clock.now();
  return locked(deps, (props): Update<ClaimResult> => {
    const { job, adopted } = requireOwn(props, jobId, deps);
    if (job.state !== 'running')
      return { result: { status: statusOf(job, now) }, changes: adopted ? jobChanges(job) : {} };
    job.updatedAt = now;
    expireClaims(job, now);
    const settled = (): Update<ClaimResult> => ({
      result: { status: statusOf(job, now) },
      changes: jobChanges(job),
    });
    // A batch job sending its rows to the Batch API: they are not to be answered here as well.
    if (isSubmitting(job, now)) return settled();
    // Every row the last look found still to answer is held by other steps: nothing to look for now
    // (a look holds the lock a second at Apps Script's pace, while those steps wait to write).
    const held = claimedCount(job);
    if (held > 0 && job.counts && job.counts.pending <= held) return settled();
    const looked = lookAtJob(job, props, deps);
    if (!looked) return settled();
    const batchSize = taskForJob(job.spec).batchSize;
    const claimed = claimedTexts(job);
    const picked = pickTexts(looked.look, claimed, chunkSize(batchSize, looked.look.pending.length));
    if (!picked.texts.length) {
      finishIfNothingLeft(job, looked);
      return settled();
    }
    if (pausedForQuota(job, picked.texts.length, batchSize, deps, step)) return settled();
    const claimId = deps.newId();
    const claim: Claim = {
      texts: picked.prints.join(''),
      until: now + CLAIM_TTL_MS,
      first: picked.first - looked.place.top,
      last: picked.last - looked.place.top,
    };
    job.claims[claimId] = claim;
    return { result: { job, claimId, claim, texts: picked.texts }, changes: jobChanges(job) };
  });
}

/** Texts the job's claims hold. */
function claimedCount(job: JobRecord): number {
  return Object.values(job.claims).reduce((n, c) => n + c.texts.length / FP_CHARS, 0);
}

/** Fingerprints of the texts the job's claims hold. */
export function claimedTexts(job: JobRecord): Set<string> {
  return fingerprintSet(
    Object.values(job.claims)
      .map((c) => c.texts)
      .join(''),
  );
}

/** Done once no row waits: none pending, no claim out, nothing in a batch. */
export function finishIfNothingLeft(job: JobRecord, looked: Looked): void {
  if (Object.keys(job.claims).length || looked.look.pending.length) return;
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
 * Up to four parallel waves of requests, but no more than a third of the rows still to answer (at
 * least one request's worth), so that the three steps a page keeps in flight share a job evenly: every
 * chunk costs two locked looks at the sheet, and the document lock is what the steps wait for.
 */
function chunkSize(batchSize: number, pending: number): number {
  return Math.min(
    batchSize * STEP_CONCURRENCY * WAVES_PER_CLAIM,
    Math.max(batchSize, Math.ceil(pending / 3)),
  );
}

/** Claims of dead steps. */
export function expireClaims(job: JobRecord, now: number): void {
  for (const [id, claim] of Object.entries(job.claims))
    if (claim.until <= now || claim.texts.length % FP_CHARS !== 0) delete job.claims[id];
}
