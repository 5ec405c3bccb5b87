// Sending a batch job's texts: those the cache answers are written at once (never uploaded), the others
// are asked with the requests the normal path would send, in files under the limits (plan.ts), each
// file reserved against the budget at the batch price for 25 hours, uploaded and run as a batch.
// A round's texts fall into buckets by their hash (ids.ts); a bucket is recorded as sent in the same
// locked update that reserves its file, so a step that dies after that leaves a `creating` entry that
// a later step resolves, and the texts of a bucket that never went wait for the next round.
import { readShards } from '../../cache/durable';
import { lookupAnswers } from '../../cache/answer-cache';
import { BATCH_RESERVATION_TTL_MS, Ledger, type Spender } from '../../budget/ledger';
import { isAccountWide, userErrorFor } from '../../engine/failures';
import { MAX_INPUT_CHARS } from '../../engine/batch';
import { UserError } from '../../i18n/messages';
import { isSizeLimit, type BatchInfo } from '../../openai/batches';
import type { APIError } from '../../openai/errors';
import { skippedNote, type RowAnswer } from '../engine/answer';
import { skipsRow } from '../../engine/personal-data';
import { personalDataOf } from '../spec';
import type { Locale } from '../../i18n/messages';
import { follow, readGuarded, writtenOf } from '../engine/look';
import { writeAnswers } from '../engine/write';
import { releaseLease, type Submission } from './claim';
import { batchContext, tabOf, type BatchContext } from './context';
import { bucketOf } from './ids';
import { fileText, groupFiles, planRequests, type PlannedRequest } from './plan';
import { enqueuedTokens, queueRoom } from './queue';
import { checkInterval, isRunning, type BatchEntry } from './state';
import { locked, type JobDeps } from '../deps';
import { haltFor, quotaStop } from '../halt';
import { quotaShortOf, type DailyUsage } from '../quotas';
import { jobChanges, readJob, type JobRecord } from '../store';

/** A step stops sending files or writing this long before its deadline. */
const MARGIN_MS = 20_000;
/** After a file could not be sent (a server error, no connection), the next try waits this long. */
const SEND_RETRY_MS = 60_000;
/** URL Fetch calls a file takes at most: the upload and the batch, with retries. */
const FETCHES_PER_FILE = 6;
const NO_CHARGE = { input: 0, output: 0, costUsd: 0, requests: 0 };

export interface Stepping {
  usage: DailyUsage;
  spent: () => Record<'urlFetchCalls' | 'propertiesCalls', number>;
}

export function submitRows(sub: Submission, deps: JobDeps, deadline: number, step: Stepping): void {
  let all = true;
  try {
    let ctx: BatchContext;
    try {
      ctx = batchContext(sub.job, deps);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      return haltJob(sub, e, deps, step.usage);
    }
    const { known, ask } = sortTexts(sub, ctx, deps.locale ?? 'en');
    if (known.size) writeKnown(sub, known, deps, step.usage);
    all = sendBuckets(sub, ask, ctx, deps, deadline, step);
  } finally {
    finishSubmission(sub, deps, all);
  }
}

/** Texts the personal-data rule keeps back (a note), texts the cache answers and texts too long (failures), and the texts to ask. */
function sortTexts(
  sub: Submission,
  ctx: BatchContext,
  locale: Locale,
): { known: Map<string, RowAnswer>; ask: string[] } {
  const texts = sub.texts;
  const keys = texts.map((t) => ctx.keyOf(t));
  const props = () => ctx.pipeline.documentProps();
  const { answers } = lookupAnswers(ctx.pipeline.cache, () => readShards(props()), keys, ctx.epoch);
  const known = new Map<string, RowAnswer>();
  const ask: string[] = [];
  texts.forEach((text, k) => {
    const cached = answers.get(keys[k]);
    if (skipsRow(personalDataOf(sub.job.spec), text)) known.set(text, skippedNote(text, locale));
    else if (cached !== undefined) known.set(text, { kind: 'answer', text: cached });
    else if (text.length > MAX_INPUT_CHARS) {
      const reason = new UserError('input_too_long', { chars: text.length, limit: MAX_INPUT_CHARS });
      known.set(text, { kind: 'fail', reason });
    } else ask.push(text);
  });
  return { known, ask };
}

/**
 * The round's buckets not sent yet, one after the other while time, the budget and the enqueued-token
 * room allow. Returns whether every text went.
 */
function sendBuckets(
  sub: Submission,
  ask: string[],
  ctx: BatchContext,
  deps: JobDeps,
  deadline: number,
  step: Stepping,
): boolean {
  if (!ask.length) return true;
  const state = sub.job.batch;
  if (!state) return true;
  const buckets = state.round?.buckets ?? bucketsFor(sub.job, ask, ctx, deps);
  const sent = new Set(state.round?.sent ?? []);
  const byBucket = new Map<number, string[]>();
  for (const text of ask) {
    const b = bucketOf(text, buckets);
    if (!sent.has(b)) byBucket.set(b, [...(byBucket.get(b) ?? []), text]);
  }
  const sheet = tabOf(sub.job, deps);
  for (const b of [...byBucket.keys()].sort((x, y) => x - y)) {
    const requests = planRequests(byBucket.get(b) as string[], ctx.task, ctx.plan);
    const files = planFiles(sub.job, requests, deps);
    if (!files.length) return false;
    for (const file of files) {
      if (deps.clock.now() > deadline - MARGIN_MS) return false;
      if (quotaShortOf(step.usage, step.spent(), { urlFetchCalls: FETCHES_PER_FILE, propertiesCalls: 10 })) {
        haltJob(sub, quotaStop('urlFetchCalls'), deps, step.usage);
        return false;
      }
      const who = { spender: deps.spender, sheet: sheet?.id };
      const opened = openEntry(sub, file, { buckets, bucket: b }, ctx, deps, who, step.usage);
      if (!opened) return false;
      const outcome = uploadAndCreate(sub.job, opened.entry, opened.requests, ctx, deadline);
      if ('error' in outcome) {
        undoEntry(sub.job.id, opened.entry, outcome, deps, step.usage);
        return false;
      }
      if (recordEntry(sub.job.id, opened.entry.id, outcome.fileId, outcome.batch, deps)) {
        cancelCreated(sub.job.id, opened.entry.id, outcome.batch.id, ctx, deps, deadline);
      }
      if (opened.requests.length < file.length) return false; // the budget took no more
    }
    if (files.reduce((n, f) => n + f.length, 0) < requests.length) return false;
  }
  return true;
}

/**
 * How many buckets a new round needs: as many files as its requests fill, and as many as the
 * enqueued-token room takes to send them one after the other.
 */
function bucketsFor(job: JobRecord, ask: string[], ctx: BatchContext, deps: JobDeps): number {
  const state = job.batch;
  if (!state) return 1;
  const requests = planRequests(ask, ctx.task, ctx.plan);
  const files = groupFiles(requests, {
    maxRequests: state.maxRequests,
    maxBytes: state.maxBytes,
    queueRoom: Infinity,
    mayPassRoom: true,
  }).files.length;
  const tokens = requests.reduce((n, r) => n + r.queueTokens, 0);
  const room = Math.max(
    1,
    queueRoom(deps.store.getAll(), job, deps.user) +
      enqueuedTokens(deps.store.getAll(), state.model, deps.user),
  );
  const needed = Math.max(files, Math.ceil(tokens / room));
  // A little more than needed when there are several: texts do not fall into buckets evenly.
  return needed <= 1 ? 1 : Math.ceil(needed * 1.2);
}

/** The files the requests go in, within the job's file limits and the model's enqueued-token room. */
function planFiles(job: JobRecord, requests: PlannedRequest[], deps: JobDeps): PlannedRequest[][] {
  const props = deps.store.getAll();
  const state = job.batch;
  if (!state) return [];
  const nothingOut = enqueuedTokens(props, state.model, deps.user) === 0;
  return groupFiles(requests, {
    maxRequests: state.maxRequests,
    maxBytes: state.maxBytes,
    queueRoom: queueRoom(props, job, deps.user),
    mayPassRoom: nothingOut,
  }).files;
}

interface Opened {
  entry: BatchEntry;
  requests: PlannedRequest[];
}

/**
 * Under the lock: the file's budget reserved (at the batch price, for 25 hours), its entry recorded
 * as `creating` and its bucket as sent. Null when the job no longer runs, the submission is no
 * longer this step's, or the budget takes none of it (the job then waits or pauses).
 */
function openEntry(
  sub: Submission,
  file: PlannedRequest[],
  where: { buckets: number; bucket: number },
  ctx: BatchContext,
  deps: JobDeps,
  who: { spender: Spender; sheet: string | undefined },
  usage: DailyUsage,
): Opened | null {
  const now = deps.clock.now();
  return locked(deps, (props) => {
    const job = readJob(props, sub.job.id);
    if (!job?.batch || job.state !== 'running' || job.batch.submitting?.id !== sub.lease)
      return { result: null, changes: {} };
    const ledger = new Ledger(props, now, deps.calendar);
    const reservation = deps.newId();
    const costs = file.map((r) => r.cost);
    const r = ledger.reserve(reservation, costs, who.sheet, who.spender, BATCH_RESERVATION_TTL_MS);
    if (r.allowed === 0) {
      holdOrHalt(job, r.refusal ?? new UserError('budget_reached'), deps, sub, usage);
      return { result: null, changes: jobChanges(job) };
    }
    const requests = file.slice(0, r.allowed);
    const round = (job.batch.round ??= { buckets: where.buckets, sent: [] });
    if (!round.sent.includes(where.bucket)) round.sent.push(where.bucket);
    const entry: BatchEntry = {
      id: (job.batch.seq++).toString(36),
      status: 'creating',
      bucket: where.bucket,
      requests: requests.length,
      queueTokens: requests.reduce((n, q) => n + q.queueTokens, 0),
      model: ctx.model,
      reservation,
      reserved: {
        tokens: requests.reduce((n, q) => n + q.cost.tokens, 0),
        usd: requests.reduce((n, q) => n + (q.cost.usd ?? 0), 0),
      },
      holder: who.spender.holder,
      createdAt: now,
      until: now + 10 * 60_000,
    };
    job.batch.entries.push(entry);
    return { result: { entry, requests }, changes: { ...jobChanges(job), ...ledger.changes() } };
  });
}

type Sent =
  { fileId: string; batch: BatchInfo } | { error: APIError; stage: 'upload' | 'create'; bytes: number };

function uploadAndCreate(
  job: JobRecord,
  entry: BatchEntry,
  requests: PlannedRequest[],
  ctx: BatchContext,
  deadline: number,
): Sent {
  const text = fileText(requests);
  const bytes = requests.reduce((n, r) => n + r.bytes, 0);
  const upload = ctx.api.upload(`gpt-job-${job.id}-${entry.id}.jsonl`, text, deadline);
  if (!upload.ok) return { error: upload.error, stage: 'upload', bytes };
  const created = ctx.api.create(upload.value.id, { gpt_job: job.id, gpt_entry: entry.id }, deadline);
  if (!created.ok) {
    ctx.api.remove([upload.value.id], deadline);
    return { error: created.error, stage: 'create', bytes };
  }
  return { fileId: upload.value.id, batch: created.value };
}

/** The batch runs: its entry says which. Returns true when the job was cancelled meanwhile. */
function recordEntry(
  jobId: string,
  entryId: string,
  fileId: string,
  batch: BatchInfo,
  deps: JobDeps,
): boolean {
  const now = deps.clock.now();
  return locked(deps, (props) => {
    const job = readJob(props, jobId);
    const entry = job?.batch?.entries.find((e) => e.id === entryId);
    if (!job?.batch || !entry) return { result: false, changes: {} };
    Object.assign(entry, { status: batch.status, fileId, batchId: batch.id, counts: batch.counts });
    if (batch.expiresAt) entry.expiresAt = batch.expiresAt;
    delete entry.until;
    job.batch.uploaded++;
    job.batch.lastSubmitAt = now;
    job.batch.nextCheckAt = now + checkInterval(now, now);
    return { result: job.state === 'cancelled', changes: jobChanges(job) };
  });
}

/** A batch created for a job cancelled meanwhile is cancelled at once. */
function cancelCreated(
  jobId: string,
  entryId: string,
  batchId: string,
  ctx: BatchContext,
  deps: JobDeps,
  deadline: number,
): void {
  const [result] = ctx.api.cancel([batchId], deadline);
  if (!result.ok) return;
  locked(deps, (props) => {
    const job = readJob(props, jobId);
    const entry = job?.batch?.entries.find((e) => e.id === entryId);
    if (!job || !entry) return { result: undefined, changes: {} };
    entry.status = result.value.status;
    entry.cancelSent = true;
    return { result: undefined, changes: jobChanges(job) };
  });
}

/**
 * A file that could not be sent: its entry goes, its bucket is not sent after all (unless another file
 * of it went), its reservation is released. A file refused for its size makes the next ones smaller; a
 * refusal that concerns the key or the account stops the job; anything else is tried a minute later.
 */
function undoEntry(
  jobId: string,
  entry: BatchEntry,
  failed: Extract<Sent, { error: APIError }>,
  deps: JobDeps,
  usage: DailyUsage,
): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, jobId);
    if (!job?.batch) return { result: undefined, changes: {} };
    job.batch.entries = job.batch.entries.filter((e) => e.id !== entry.id);
    unsend(job, entry);
    const ledger = new Ledger(props, now, deps.calendar);
    ledger.settle(entry.reservation, NO_CHARGE, undefined, { holder: entry.holder });
    adaptToFailure(job, failed, deps, usage, now);
    return { result: undefined, changes: { ...jobChanges(job), ...ledger.changes() } };
  });
}

/** The entry's bucket counts as not sent once no other entry of it is left. */
export function unsend(job: JobRecord, entry: BatchEntry): void {
  const round = job.batch?.round;
  if (!round || entry.bucket === undefined) return;
  if (job.batch?.entries.some((e) => e.bucket === entry.bucket && e.id !== entry.id)) return;
  round.sent = round.sent.filter((b) => b !== entry.bucket);
}

function adaptToFailure(
  job: JobRecord,
  failed: Extract<Sent, { error: APIError }>,
  deps: JobDeps,
  usage: DailyUsage,
  now: number,
): void {
  const state = job.batch;
  if (!state) return;
  const { error } = failed;
  const tooLarge =
    isSizeLimit(error, 'post') ||
    (failed.stage === 'upload' && error.status === 400 && /size|large/i.test(error.message));
  if (tooLarge) {
    state.maxBytes = Math.max(1, Math.floor(failed.bytes / 2));
    return;
  }
  if (error.reason === 'urlfetch_quota') return haltFor(job, quotaStop('urlFetchCalls'), deps, usage);
  const reason = userErrorFor(error, state.model);
  if (isAccountWide(reason)) return haltFor(job, reason, deps, usage);
  state.retryAt = now + SEND_RETRY_MS;
}

/** Texts the cache answers, and texts too long, written (or failed) where they are, in one locked update. */
function writeKnown(sub: Submission, known: Map<string, RowAnswer>, deps: JobDeps, usage: DailyUsage): void {
  locked(deps, (props) => {
    const job = readJob(props, sub.job.id);
    if (!job || job.state !== 'running' || job.batch?.submitting?.id !== sub.lease)
      return { result: undefined, changes: {} };
    const found = follow(job, deps);
    const rows = found && readGuarded(job, found.place, deps, found.place.top, found.place.bottom);
    const written = writtenOf(job, props);
    if (found && rows) {
      const outcome = writeAnswers(job, found.place, rows, known, written, deps.sheets);
      if (outcome.stop) haltFor(job, outcome.stop, deps, usage);
    }
    return { result: undefined, changes: { ...jobChanges(job), ...written?.changes() } };
  });
}

/**
 * The submission ends: its lease goes, and texts left for want of room under the enqueued-token limit
 * wait until a batch ends (or the next look).
 */
function finishSubmission(sub: Submission, deps: JobDeps, all: boolean): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, sub.job.id);
    if (!job?.batch) return { result: undefined, changes: {} };
    releaseLease(job, sub.lease);
    if (!all)
      job.batch.retryAt = Math.max(job.batch.retryAt ?? 0, now + checkInterval(now, job.batch.lastSubmitAt));
    return { result: undefined, changes: jobChanges(job) };
  });
}

/** A refusal for the whole job while sending: stop (or pause) it now. */
function haltJob(sub: Submission, error: UserError, deps: JobDeps, usage: DailyUsage): void {
  locked(deps, (props) => {
    const job = readJob(props, sub.job.id);
    if (!job) return { result: undefined, changes: {} };
    holdOrHalt(job, error, deps, sub, usage);
    return { result: undefined, changes: jobChanges(job) };
  });
}

/**
 * The budget (or a daily quota) holds new batches back: while batches are out the job keeps
 * collecting them and pauses once none is; anything else stops the job at once.
 */
function holdOrHalt(
  job: JobRecord,
  error: UserError,
  deps: JobDeps,
  sub: Submission,
  usage: DailyUsage,
): void {
  releaseLease(job, sub.lease);
  const state = job.batch;
  const pausing = BUDGET_REFUSALS.includes(error.key);
  if (state && pausing && state.entries.some(isRunning)) {
    state.hold = { key: 'job_budget_paused' };
    return;
  }
  haltFor(job, pausing ? new UserError('budget_reached') : error, deps, usage);
}

const BUDGET_REFUSALS: readonly string[] = [
  'budget_reached',
  'budget_short',
  'budget_short_usd',
  'budget_reached_usd',
  'budget_lowered',
  'budget_lowered_usd',
];
