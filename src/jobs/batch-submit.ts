// Sending a batch job's rows: the rows the cache answers are written (never uploaded), the others are
// asked with the requests the normal path would send, in files under the limits (batch-plan.ts), each
// file reserved against the budget at the batch price for 25 hours, uploaded and run as a batch.
// Rows go to `q` with the fingerprint of the text asked, in the same locked update that reserves
// their file, so a step that dies after that leaves a `creating` entry that a later step resolves.
import { readShards } from '../cache/durable';
import { lookupAnswers } from '../cache/answer-cache';
import { BATCH_RESERVATION_TTL_MS, Ledger, type Spender } from '../budget/ledger';
import { isAccountWide, userErrorFor } from '../engine/failures';
import { MAX_INPUT_CHARS } from '../engine/batch';
import { UserError } from '../i18n/messages';
import { isSizeLimit, type BatchInfo } from '../openai/batches';
import type { APIError } from '../openai/errors';
import { skippedNote, type RowAnswer } from './answer';
import { skipsRow } from '../engine/personal-data';
import { personalDataOf } from './spec';
import type { Locale } from '../i18n/messages';
import { releaseLease, type Submission } from './batch-claim';
import { batchContext, tabOf, type BatchContext } from './batch-context';
import { encodeRanges, decodeRanges } from './batch-ids';
import { fileText, groupFiles, planRequests, type PlannedRequest } from './batch-plan';
import { enqueuedTokens, queueRoom } from './batch-queue';
import { checkInterval, isRunning, type BatchEntry } from './batch-state';
import { writeRows } from './batch-write';
import { locked, type JobDeps } from './deps';
import { fingerprint } from './fingerprints';
import { haltFor, quotaStop } from './halt';
import { quotaShortOf, type DailyUsage } from './quotas';
import {
  jobChanges,
  PENDING,
  queued,
  readFingerprints,
  readJob,
  readRows,
  unqueued,
  type JobRecord,
} from './store';

/** Rows written from the cache per locked update (the lock is held while they are written). */
const CACHED_ROWS_PER_COMMIT = 1000;
/** A step stops sending files or writing this long before its deadline. */
const MARGIN_MS = 20_000;
/** After a file could not be sent (a server error, no connection), the next try waits this long. */
const SEND_RETRY_MS = 60_000;
/** URL Fetch calls a file takes at most: the upload and the batch, with retries. */
const FETCHES_PER_FILE = 6;
const NO_CHARGE = { input: 0, output: 0, costUsd: 0, requests: 0 };

interface Sorted {
  /** By index: answers from the cache, failures (a text too long), and blank rows (no answer). */
  known: Map<number, RowAnswer>;
  blank: number[];
  /** First rows of the texts to ask (ascending) and their texts. */
  ask: { rows: number[]; texts: string[] };
  /** Rows whose text is the same as an earlier row's to ask: they go into that row's file. */
  copies: Map<number, number[]>;
}

export interface Stepping {
  usage: DailyUsage;
  spent: () => Record<'urlFetchCalls' | 'propertiesCalls', number>;
}

export function submitRows(sub: Submission, deps: JobDeps, deadline: number, step: Stepping): void {
  let sent = { any: false, all: true };
  try {
    let ctx: BatchContext;
    try {
      ctx = batchContext(sub.job, deps);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      return haltJob(sub, e, deps, step.usage);
    }
    const sorted = sortRows(sub, ctx, deps.locale ?? 'en');
    const fingerprints = new Map(sub.indices.map((i, k) => [i, fingerprint(sub.texts[k])]));
    const requests = planRequests(sorted.ask.texts, sorted.ask.rows, ctx.task, ctx.plan);
    sent = sendFiles(sub, requests, sorted.copies, fingerprints, ctx, deps, deadline, step);
    writeKnown(sub, sorted, fingerprints, deps, deadline, step.usage);
  } finally {
    finishSubmission(sub, deps, sent);
  }
}

/** Blank rows, rows the cache answers, texts too long, and the distinct texts to ask. */
function sortRows(sub: Submission, ctx: BatchContext, locale: Locale): Sorted {
  const firstOf = new Map<string, number>();
  sub.texts.forEach((text, k) => {
    if (text !== '' && !firstOf.has(text)) firstOf.set(text, sub.indices[k]);
  });
  const texts = [...firstOf.keys()];
  const keys = texts.map((t) => ctx.keyOf(t));
  const props = () => ctx.pipeline.documentProps();
  const { answers } = lookupAnswers(ctx.pipeline.cache, () => readShards(props()), keys, ctx.epoch);
  const cachedOf = new Map<string, string>();
  texts.forEach((text, k) => {
    const answer = answers.get(keys[k]);
    if (answer !== undefined) cachedOf.set(text, answer);
  });
  const sorted: Sorted = { known: new Map(), blank: [], ask: { rows: [], texts: [] }, copies: new Map() };
  sub.texts.forEach((text, k) => {
    const index = sub.indices[k];
    const cached = cachedOf.get(text);
    const first = firstOf.get(text) as number;
    if (text === '') sorted.blank.push(index);
    else if (skipsRow(personalDataOf(sub.job.spec), text)) sorted.known.set(index, skippedNote(text, locale));
    else if (cached !== undefined) sorted.known.set(index, { kind: 'answer', text: cached });
    else if (text.length > MAX_INPUT_CHARS) {
      const reason = new UserError('input_too_long', { chars: text.length, limit: MAX_INPUT_CHARS });
      sorted.known.set(index, { kind: 'fail', reason });
    } else if (first === index) {
      sorted.ask.rows.push(index);
      sorted.ask.texts.push(text);
    } else sorted.copies.set(first, [...(sorted.copies.get(first) ?? []), index]);
  });
  return sorted;
}

/**
 * Files sent one after the other while time and the budget allow: whether any batch was created, and
 * whether every request went (the rest waits for room under the enqueued-token limit).
 */
function sendFiles(
  sub: Submission,
  requests: PlannedRequest[],
  copies: Map<number, number[]>,
  fingerprints: Map<number, string>,
  ctx: BatchContext,
  deps: JobDeps,
  deadline: number,
  step: Stepping,
): { any: boolean; all: boolean } {
  if (!requests.length) return { any: false, all: true };
  const files = planFiles(sub.job, requests, deps);
  const planned = files.reduce((n, f) => n + f.length, 0);
  const spender = deps.spender;
  const sheet = tabOf(sub.job, deps);
  let sent = false;
  for (const file of files) {
    if (deps.clock.now() > deadline - MARGIN_MS) break;
    if (quotaShortOf(step.usage, step.spent(), { urlFetchCalls: FETCHES_PER_FILE, propertiesCalls: 10 })) {
      haltJob(sub, quotaStop('urlFetchCalls'), deps, step.usage);
      break;
    }
    const rowsOf = (r: PlannedRequest[]) =>
      r.flatMap((q) => [...q.rows, ...q.rows.flatMap((i) => copies.get(i) ?? [])]);
    const who = { spender, sheet: sheet?.id };
    const opened = openEntry(sub, file, rowsOf, fingerprints, ctx, deps, who, step.usage);
    if (!opened) break;
    const outcome = uploadAndCreate(sub.job, opened.entry, opened.requests, ctx, deadline);
    if ('error' in outcome) {
      undoEntry(sub.job.id, opened.entry, outcome, deps, step.usage);
      break;
    }
    sent = true;
    if (recordEntry(sub.job.id, opened.entry.id, outcome.fileId, outcome.batch, deps)) {
      cancelCreated(sub.job.id, opened.entry.id, outcome.batch.id, ctx, deps, deadline);
    }
    if (opened.requests.length < file.length) break; // the budget took no more
  }
  return { any: sent, all: planned === requests.length };
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
 * as `creating` and its rows taken into it. Null when the job no longer runs, the submission is no
 * longer this step's, or the budget takes none of it (the job then waits or pauses).
 */
function openEntry(
  sub: Submission,
  file: PlannedRequest[],
  rowsOf: (requests: PlannedRequest[]) => number[],
  fingerprints: Map<number, string>,
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
    const rows = readRows(props, job);
    const prints = readFingerprints(props, job);
    const ledger = new Ledger(props, now, deps.calendar);
    const reservation = deps.newId();
    const costs = file.map((r) => r.cost);
    const r = ledger.reserve(reservation, costs, who.sheet, who.spender, BATCH_RESERVATION_TTL_MS);
    if (r.allowed === 0) {
      holdOrHalt(job, r.refusal ?? new UserError('budget_reached'), deps, sub, usage);
      return { result: null, changes: jobChanges(job, rows, prints) };
    }
    const requests = file.slice(0, r.allowed);
    const indices = rowsOf(requests).filter((i) => PENDING.has(rows[i]));
    for (const i of indices) {
      rows[i] = queued(rows[i]);
      prints[i] = fingerprints.get(i) ?? prints[i];
    }
    const entry: BatchEntry = {
      id: (job.batch.seq++).toString(36),
      status: 'creating',
      rows: encodeRanges([...indices].sort((a, b) => a - b)),
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
    return {
      result: { entry, requests },
      changes: { ...jobChanges(job, rows, prints), ...ledger.changes() },
    };
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
    return { result: job.state === 'cancelled', changes: jobChanges(job, readRows(props, job)) };
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
    return { result: undefined, changes: jobChanges(job, readRows(props, job)) };
  });
}

/**
 * A file that could not be sent: its entry goes, its rows wait again, its reservation is released.
 * A file refused for its size makes the next ones smaller; a refusal that concerns the key or the
 * account stops the job; anything else is tried again a minute later.
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
    const rows = readRows(props, job);
    for (const i of decodeRanges(entry.rows)) rows[i] = unqueued(rows[i]);
    job.batch.entries = job.batch.entries.filter((e) => e.id !== entry.id);
    const ledger = new Ledger(props, now, deps.calendar);
    ledger.settle(entry.reservation, NO_CHARGE, undefined, { holder: entry.holder });
    adaptToFailure(job, failed, deps, usage, now);
    return { result: undefined, changes: { ...jobChanges(job, rows), ...ledger.changes() } };
  });
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

/** Rows the cache answers, blank rows and texts too long, written in bounded locked updates. */
function writeKnown(
  sub: Submission,
  sorted: Sorted,
  fingerprints: Map<number, string>,
  deps: JobDeps,
  deadline: number,
  usage: DailyUsage,
): void {
  const indices = [...sorted.known.keys(), ...sorted.blank].sort((a, b) => a - b);
  for (let from = 0; from < indices.length; from += CACHED_ROWS_PER_COMMIT) {
    if (deps.clock.now() > deadline - MARGIN_MS) return;
    const chunk = indices.slice(from, from + CACHED_ROWS_PER_COMMIT);
    const going = locked(deps, (props) => {
      const job = readJob(props, sub.job.id);
      if (!job || job.state !== 'running' || job.batch?.submitting?.id !== sub.lease)
        return { result: false, changes: {} };
      const rows = readRows(props, job);
      const prints = readFingerprints(props, job);
      const open = chunk.filter((i) => PENDING.has(rows[i]));
      const anchor = writeRows(
        job,
        rows,
        prints,
        { indices: open, fingerprints, answers: sorted.known },
        deps,
        usage,
      );
      return { result: anchor !== null, changes: jobChanges(job, rows, prints) };
    });
    if (!going) return;
  }
}

/**
 * The submission ends: its lease goes, a round is counted when every row went, and rows left for
 * want of room under the enqueued-token limit wait until a batch ends (or the next look).
 */
function finishSubmission(sub: Submission, deps: JobDeps, sent: { any: boolean; all: boolean }): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, sub.job.id);
    if (!job?.batch) return { result: undefined, changes: {} };
    releaseLease(job, sub.lease);
    // A round is over once every row went; rows that waited for room under the enqueued-token limit
    // are still part of it (they go in batches too, not by the normal path).
    if (sent.any && sent.all) job.batch.rounds++;
    if (!sent.all)
      job.batch.retryAt = Math.max(job.batch.retryAt ?? 0, now + checkInterval(now, job.batch.lastSubmitAt));
    return { result: undefined, changes: jobChanges(job, readRows(props, job)) };
  });
}

/** A refusal for the whole job while sending: stop (or pause) it now. */
function haltJob(sub: Submission, error: UserError, deps: JobDeps, usage: DailyUsage): void {
  locked(deps, (props) => {
    const job = readJob(props, sub.job.id);
    if (!job) return { result: undefined, changes: {} };
    holdOrHalt(job, error, deps, sub, usage);
    return { result: undefined, changes: jobChanges(job, readRows(props, job)) };
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
