// A step's first move, under the document lock: find the job's cells, take a chunk of pending rows no
// other step holds, and read their inputs. The claim expires after 7 minutes (longer than any step), so
// a step that dies loses only its claim.
import type { Update } from '../engine/locked-update';
import { requireOwn } from './access';
import { isMarking, markMore } from './anchors';
import { locked, type JobDeps } from './deps';
import { fingerprint } from './fingerprints';
import { follow, inputTexts, MARK_BUDGET_MS, reopenChanged } from './follow';
import { haltFor, quotaStop } from './halt';
import { quotaShortOf, type DailyUsage } from './quotas';
import { taskForJob } from './spec';
import { statusOf, type JobStatus } from './status';
import {
  fingerprintChanges,
  jobKey,
  noteChange,
  PENDING,
  readFingerprints,
  readRows,
  rowChanges,
  type Claim,
  type JobRecord,
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
export type ClaimResult = { status: JobStatus } | Claimed;

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
    const save = () => ({
      [jobKey(job.id)]: JSON.stringify(job),
      ...rowChanges(job, rows),
      ...fingerprintChanges(job, fingerprints),
    });
    const done = (): Update<ClaimResult> => {
      job.updatedAt = now;
      return { result: { status: statusOf(job, rows, now) }, changes: save() };
    };
    if (job.state !== 'running')
      return { result: { status: statusOf(job, rows, now) }, changes: adopted ? save() : {} };
    expireClaims(job, now);
    const anchor = follow(job, rows, deps);
    if (!anchor) return done();
    const n = rows.length;
    if (
      isMarking(anchor, n) &&
      !markMore(anchor, n, deps.sheets, () => deps.clock.now(), now + MARK_BUDGET_MS)
    ) {
      job.state = 'stopped';
      job.message = { key: 'job_unmarked_rows_changed', params: { first: anchor.top, last: anchor.bottom } };
      return done();
    }
    if (step.first) noteChange(job, { edited: reopenChanged(rows, fingerprints, anchor, deps) });
    const busy = new Set(Object.values(job.claims).flatMap((c) => c.indices));
    const open: number[] = [];
    rows.forEach((r, i) => {
      if (PENDING.has(r) && !busy.has(i)) open.push(i);
    });
    const batchSize = taskForJob(job.spec).batchSize;
    const picked = open.slice(0, chunkSize(batchSize, open.length));
    if (!picked.length) {
      if (!Object.keys(job.claims).length && !rows.some((r) => PENDING.has(r))) {
        job.state = 'done';
        job.message = { key: 'job_done' };
      }
      return done();
    }
    const short = quotaShortOf(step.usage, step.spent(), {
      urlFetchCalls: Math.ceil(picked.length / batchSize) * ATTEMPTS_PER_REQUEST,
      propertiesCalls: PROPERTIES_PER_CHUNK,
    });
    if (short) {
      haltFor(job, quotaStop(short), deps, step.usage);
      return done();
    }
    const texts = inputTexts(deps, anchor, picked);
    const claim: Claim = {
      indices: picked,
      until: now + CLAIM_TTL_MS,
      fingerprints: texts.map(fingerprint).join(''),
    };
    const claimId = deps.newId();
    job.claims[claimId] = claim;
    job.updatedAt = now;
    return { result: { job, claimId, claim, texts }, changes: save() };
  });
}

/**
 * A full parallel wave of requests, but no more than a third of what is left (at least one
 * request's worth), so the three steps a page keeps in flight share a small job.
 */
function chunkSize(batchSize: number, unclaimed: number): number {
  return Math.min(batchSize * STEP_CONCURRENCY, Math.max(batchSize, Math.ceil(unclaimed / 3)));
}

/** Claims of dead steps, and claims from before claims named indices. */
function expireClaims(job: JobRecord, now: number): void {
  for (const [id, claim] of Object.entries(job.claims))
    if (claim.until <= now || !Array.isArray(claim.indices)) delete job.claims[id];
}
