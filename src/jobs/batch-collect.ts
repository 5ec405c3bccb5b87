// Collecting a batch job's batches whenever a step runs (a page drives the job, or its trigger fires
// where it can reach the document), at most once per check interval: each batch still out is looked
// at; an ended one's output and error files are downloaded and matched to rows by custom_id, its
// money settled against its reservation, its answers cached and written with the job's anchoring.
import { redactKeys } from '../openai/api-key';
import { storeAnswers } from '../cache/answer-cache';
import { durableChanges } from '../cache/durable';
import { Ledger, type Charge } from '../budget/ledger';
import { itemsMessage } from '../engine/batch';
import { isAccountWide } from '../engine/failures';
import { UserError, type MessageRef } from '../i18n/messages';
import { isEnded, isSizeLimit, type BatchInfo } from '../openai/batches';
import type { RowAnswer } from './answer';
import type { Anchor } from './anchors';
import { batchContext, tabOf, type BatchContext } from './batch-context';
import { decodeRanges, textsHash } from './batch-ids';
import { MAX_BATCH_ROUNDS } from './batch-claim';
import { limitNamedIn, queueLimit, QUEUE_RETRY_MS, QUEUE_SHARE } from './batch-queue';
import { chargeOf, emptyUsage, readResults, type ReadResults } from './batch-results';
import { checkInterval, type BatchEntry, type BatchJobState } from './batch-state';
import { writeRows } from './batch-write';
import { locked, type JobDeps } from './deps';
import { cellsAt, follow } from './follow';
import { haltFor } from './halt';
import type { DailyUsage } from './quotas';
import {
  isQueued,
  jobChanges,
  readFingerprints,
  readJob,
  readRows,
  unqueued,
  type JobRecord,
  type RowState,
} from './store';
import { cellText } from '../engine/values';

const NO_CHARGE: Charge = { input: 0, output: 0, costUsd: 0, requests: 0 };
/** A step leaves collecting this long before its deadline. */
const MARGIN_MS = 30_000;

interface Due {
  job: JobRecord;
  entries: BatchEntry[];
}

/** Looks at the job's batches if it is time to, and collects those that ended. */
export function collectBatches(jobId: string, deps: JobDeps, deadline: number, usage: DailyUsage): void {
  const due = takeDue(jobId, deps);
  if (!due) return;
  let ctx: BatchContext;
  try {
    ctx = batchContext(due.job, deps);
  } catch (e) {
    if (e instanceof UserError) return; // no key: the job stops at its claim, which says so
    throw e;
  }
  const lost = due.entries.filter((e) => e.status === 'creating');
  if (lost.length) recoverCreating(due.job, lost, ctx, deps, deadline);
  const out = due.entries.filter((e) => e.batchId);
  const looked = ctx.api.retrieve(
    out.map((e) => e.batchId as string),
    deadline,
  );
  const ended: Array<{ entry: BatchEntry; info: BatchInfo }> = [];
  const seen = new Map<string, BatchInfo>();
  const gone: BatchEntry[] = [];
  looked.forEach((result, k) => {
    if (result.ok) {
      seen.set(out[k].id, result.value);
      if (isEnded(result.value.status)) ended.push({ entry: out[k], info: result.value });
    } else if (result.error.status === 404) gone.push(out[k]);
  });
  recordStatuses(jobId, seen, gone, deps);
  for (const { entry, info } of ended) {
    if (deps.clock.now() > deadline - MARGIN_MS) break;
    collectEntry(jobId, entry, info, ctx, deps, deadline, usage);
  }
}

/** Under the lock: the entries to look at now, and the next look set (so that steps at once do not all look). */
function takeDue(jobId: string, deps: JobDeps): Due | null {
  const now = deps.clock.now();
  return locked(deps, (props) => {
    const job = readJob(props, jobId);
    const state = job?.batch;
    if (!job || !state || job.owner !== deps.user) return { result: null, changes: {} };
    if (job.state !== 'running' && job.state !== 'cancelled') return { result: null, changes: {} };
    if (now < state.nextCheckAt) return { result: null, changes: {} };
    const entries = state.entries.filter((e) => e.status !== 'creating' || (e.until ?? 0) <= now);
    if (!entries.length) return { result: null, changes: {} };
    state.nextCheckAt = now + checkInterval(now, state.lastSubmitAt);
    return { result: { job, entries }, changes: jobChanges(job, readRows(props, job)) };
  });
}

/** What the batches still out say now (counts, status); a batch the API no longer knows is given up. */
function recordStatuses(
  jobId: string,
  seen: Map<string, BatchInfo>,
  gone: BatchEntry[],
  deps: JobDeps,
): void {
  if (!seen.size && !gone.length) return;
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, jobId);
    if (!job?.batch) return { result: undefined, changes: {} };
    const rows = readRows(props, job);
    const ledger = new Ledger(props, now, deps.calendar);
    for (const entry of job.batch.entries) {
      const info = seen.get(entry.id);
      if (info) {
        entry.counts = info.counts;
        if (info.expiresAt) entry.expiresAt = info.expiresAt;
        if (!isEnded(info.status)) entry.status = info.status;
      }
    }
    for (const lost of gone) {
      // Its requests may have run and been billed: charged at their estimate, never less.
      const charge = { ...NO_CHARGE, costUsd: lost.reserved.usd, unsettled: lost.reserved.tokens };
      settleEntry(ledger, lost, charge, tabOf(job, deps));
      dropEntry(job, rows, lost);
    }
    return { result: undefined, changes: { ...jobChanges(job, rows), ...ledger.changes() } };
  });
}

/**
 * Entries left `creating` by a step that died: the batch is looked for by its metadata among the
 * latest batches; found, it is adopted; not found, the entry goes and its rows wait again.
 */
function recoverCreating(
  job: JobRecord,
  lost: BatchEntry[],
  ctx: BatchContext,
  deps: JobDeps,
  deadline: number,
): void {
  const listed = ctx.api.list(deadline);
  if (!listed.ok) return;
  const now = deps.clock.now();
  locked(deps, (props) => {
    const current = readJob(props, job.id);
    if (!current?.batch) return { result: undefined, changes: {} };
    const rows = readRows(props, current);
    const ledger = new Ledger(props, now, deps.calendar);
    for (const stale of lost) {
      const entry = current.batch.entries.find((e) => e.id === stale.id && e.status === 'creating');
      if (!entry) continue;
      const batch = listed.value.batches.find(
        (b) => b.metadata?.gpt_job === job.id && b.metadata?.gpt_entry === entry.id,
      );
      if (batch) {
        Object.assign(entry, {
          status: batch.status,
          batchId: batch.id,
          fileId: batch.inputFileId ?? undefined,
        });
        delete entry.until;
        current.batch.uploaded++;
      } else {
        ledger.settle(entry.reservation, NO_CHARGE, undefined, { holder: entry.holder });
        dropEntry(current, rows, entry);
      }
    }
    return { result: undefined, changes: { ...jobChanges(current, rows), ...ledger.changes() } };
  });
}

function collectEntry(
  jobId: string,
  entry: BatchEntry,
  info: BatchInfo,
  ctx: BatchContext,
  deps: JobDeps,
  deadline: number,
  usage: DailyUsage,
): void {
  if (info.status === 'failed') return failedBatch(jobId, entry, info, deps, usage);
  const results = download(jobId, info, ctx, deadline);
  if (!results) return; // not downloaded this time: the next look tries again
  commitResults(jobId, entry, info, results, ctx, deps, usage);
  const files = [entry.fileId, info.outputFileId, info.errorFileId].filter((f): f is string => !!f);
  ctx.api.remove(files, deadline);
}

/** The output and error files read; null when a download failed for now. */
function download(jobId: string, info: BatchInfo, ctx: BatchContext, deadline: number): ReadResults | null {
  const texts: string[] = [];
  for (const file of [info.outputFileId, info.errorFileId]) {
    if (!file) continue;
    const content = ctx.api.content(file, deadline);
    if (content.ok) texts.push(content.value);
    else if (isSizeLimit(content.error, 'response')) return unreadable(info);
    else return null;
  }
  return readResults(texts, jobId, ctx.task, ctx.model);
}

/** A result file over Apps Script's 50 MB: its rows are asked again (the batch's usage is still billed). */
function unreadable(info: BatchInfo): ReadResults {
  const usage = emptyUsage();
  if (info.usage) Object.assign(usage, info.usage, { requests: info.counts.completed });
  else usage.unreported = 1; // charged at least its reservation
  return { lines: [], usage, tooLarge: true };
}

/** A batch that failed validation ran nothing: its rows wait again, and the job adapts to why. */
function failedBatch(
  jobId: string,
  entry: BatchEntry,
  info: BatchInfo,
  deps: JobDeps,
  usage: DailyUsage,
): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, jobId);
    const current = job?.batch?.entries.find((e) => e.id === entry.id);
    if (!job?.batch || !current) return { result: undefined, changes: {} };
    const rows = readRows(props, job);
    const ledger = new Ledger(props, now, deps.calendar);
    ledger.settle(current.reservation, NO_CHARGE, undefined, { holder: current.holder });
    dropEntry(job, rows, current);
    job.batch.ended.failed++;
    adaptToRefusal(job, job.batch, current, info, rows, deps, usage, now);
    return { result: undefined, changes: { ...jobChanges(job, rows), ...ledger.changes() } };
  });
}

function adaptToRefusal(
  job: JobRecord,
  state: BatchJobState,
  entry: BatchEntry,
  info: BatchInfo,
  rows: RowState[],
  deps: JobDeps,
  usage: DailyUsage,
  now: number,
): void {
  const error = info.errors[0] ?? { code: '', message: '', line: null };
  if (error.code === 'token_limit_exceeded') {
    // Resubmitted later, in files that fit the limit the API named (or half of what was assumed).
    const assumed = queueLimit(job) / QUEUE_SHARE;
    const named = limitNamedIn(error.message);
    state.queueLimit = named !== undefined && named < assumed ? named : Math.floor(assumed / 2);
    state.retryAt = now + QUEUE_RETRY_MS;
    // Nothing of it ran: its rows are still being sent for the first time, not retried.
    state.rounds = Math.max(0, state.rounds - 1);
  } else if (error.code === 'too_many_tasks' || error.code === 'file_too_large') {
    state.maxRequests = Math.max(1, Math.floor(entry.requests / 2));
  } else if (error.code === 'model_not_found') {
    haltFor(job, new UserError('model_not_found', { model: entry.model }), deps, usage);
  } else {
    // The file itself was refused (a line the API does not accept): its rows fail with the API's reason.
    const detail = redactKeys(error.message).slice(0, 300);
    job.message = { key: 'bad_request', params: { detail, code: error.code } };
    const failed = decodeRanges(entry.rows).filter((i) => rows[i] === '.' || rows[i] === 'r');
    for (const i of failed) rows[i] = 'f';
    job.failures.bad_request = (job.failures.bad_request ?? 0) + failed.length;
  }
}

/**
 * The entry is done with: gone from the job, its rows that still wait pending again, and rows that
 * waited for room under the enqueued-token limit may go now.
 */
function dropEntry(job: JobRecord, rows: RowState[], entry: BatchEntry): void {
  for (const i of decodeRanges(entry.rows)) if (isQueued(rows[i])) rows[i] = unqueued(rows[i]);
  if (!job.batch) return;
  job.batch.entries = job.batch.entries.filter((e) => e.id !== entry.id);
  delete job.batch.retryAt;
}

/** The reservation replaced by what the batch billed (an expired reservation was charged its estimate already). */
function settleEntry(
  ledger: Ledger,
  entry: BatchEntry,
  charge: Charge,
  sheet: ReturnType<typeof tabOf>,
): void {
  const spender = { holder: entry.holder };
  if (ledger.isReserved(entry.reservation)) return ledger.settle(entry.reservation, charge, sheet, spender);
  const tokens = charge.input + charge.output + (charge.unsettled ?? 0);
  const excess: Charge = {
    ...NO_CHARGE,
    costUsd: Math.max(0, charge.costUsd - entry.reserved.usd),
    unsettled: Math.max(0, tokens - entry.reserved.tokens),
  };
  ledger.settle(entry.reservation, excess, sheet, spender);
}

/** Everything the results say, in one locked update: money, answers, cache, rows to ask again. */
function commitResults(
  jobId: string,
  entry: BatchEntry,
  info: BatchInfo,
  results: ReadResults,
  ctx: BatchContext,
  deps: JobDeps,
  usage: DailyUsage,
): void {
  const now = deps.clock.now();
  const sheet = tabOfById(jobId, deps);
  locked(deps, (props) => {
    const job = readJob(props, jobId);
    const current = job?.batch?.entries.find((e) => e.id === entry.id);
    if (!job?.batch || !current) return { result: undefined, changes: {} };
    const rows = readRows(props, job);
    const prints = readFingerprints(props, job);
    const ledger = new Ledger(props, now, deps.calendar);
    chargeJob(job, job.batch, ledger, current, results, ctx, sheet);
    countEnded(job.batch, info);
    let durable: Record<string, string> = {};
    if (job.state !== 'cancelled') {
      const anchor = follow(job, rows, deps);
      if (anchor)
        durable = applyResults(job, rows, prints, anchor, current, results, ctx, deps, usage, props, now);
    }
    if (results.tooLarge) job.batch.maxRequests = Math.max(1, Math.floor(current.requests / 2));
    dropEntry(job, rows, current);
    return {
      result: undefined,
      changes: { ...jobChanges(job, rows, prints), ...ledger.changes(), ...durable },
    };
  });
}

function tabOfById(jobId: string, deps: JobDeps): ReturnType<typeof tabOf> {
  const job = readJob(deps.store.getAll(), jobId);
  return job ? tabOf(job, deps) : undefined;
}

function chargeJob(
  job: JobRecord,
  state: BatchJobState,
  ledger: Ledger,
  entry: BatchEntry,
  results: ReadResults,
  ctx: BatchContext,
  sheet: ReturnType<typeof tabOf>,
): void {
  const { charge, fullUsd } = atLeastReserved(
    chargeOf(results.usage, ctx.model, ctx.prices, ctx.discount),
    results.usage.unreported ? entry.reserved : undefined,
  );
  settleEntry(ledger, entry, charge, sheet);
  job.tokens += charge.input + charge.output;
  job.costUsd += charge.costUsd;
  job.unpricedTokens = (job.unpricedTokens ?? 0) + (charge.unpricedTokens ?? 0);
  job.requests += charge.requests;
  state.costUsd += charge.costUsd;
  state.fullCostUsd += fullUsd;
}

/** A batch with completions whose usage could not be read is charged no less than its reservation. */
function atLeastReserved(
  found: { charge: Charge; fullUsd: number },
  reserved: { tokens: number; usd: number } | undefined,
): { charge: Charge; fullUsd: number } {
  if (!reserved) return found;
  const { charge } = found;
  const counted = charge.input + charge.output + (charge.unsettled ?? 0);
  const unsettled = (charge.unsettled ?? 0) + Math.max(0, reserved.tokens - counted);
  const costUsd = Math.max(charge.costUsd, reserved.usd);
  return { charge: { ...charge, unsettled, costUsd }, fullUsd: Math.max(found.fullUsd, costUsd) };
}

function countEnded(state: BatchJobState, info: BatchInfo): void {
  if (info.status === 'completed') state.ended.completed++;
  else if (info.status === 'expired') state.ended.expired++;
  else if (info.status === 'cancelled') state.ended.cancelled++;
}

/**
 * The answers written where the rows still hold the text that was asked (others are asked again),
 * cached where the whole request's texts are still the ones asked; rows of texts that appeared
 * twice get the answer of their twin. Returns the durable store's changes.
 */
function applyResults(
  job: JobRecord,
  rows: RowState[],
  prints: string[],
  anchor: Anchor,
  entry: BatchEntry,
  results: ReadResults,
  ctx: BatchContext,
  deps: JobDeps,
  usage: DailyUsage,
  props: Record<string, string>,
  now: number,
): Record<string, string> {
  const waiting = decodeRanges(entry.rows).filter((i) => isQueued(rows[i]));
  const textNow = new Map(
    cellsAt(deps, anchor, anchor.input, waiting).map((v, k) => [waiting[k], cellText(v)]),
  );
  const answers = new Map<number, RowAnswer>();
  const fresh = new Map<string, string>();
  const byText = new Map<string, string>();
  let expired = 0;
  let stop: UserError | undefined;
  for (const line of results.lines) {
    const texts = line.request.rows.map((i) => textNow.get(i));
    const asked =
      texts.every((t) => t !== undefined) && textsHash(itemsMessage(texts as string[])) === line.request.hash;
    if (line.kind === 'again') {
      if (line.expired) expired += line.request.rows.filter((i) => textNow.has(i)).length;
      // Only the Batch API refused the model: what is left goes by the normal path, not in new batches.
      if (line.normalPath && job.batch) job.batch.rounds = Math.max(job.batch.rounds, MAX_BATCH_ROUNDS);
      continue;
    }
    for (const [k, row] of line.request.rows.entries()) {
      if (!textNow.has(row)) continue;
      if (line.kind === 'fail') {
        if (isAccountWide(line.error)) stop = line.error;
        else answers.set(row, { kind: 'fail', reason: line.error });
        continue;
      }
      const answer = line.answers.get(row);
      if (answer === undefined) continue; // dropped or answered twice: asked again
      answers.set(row, { kind: 'answer', text: answer });
      if (asked) {
        fresh.set(ctx.keyOf(texts[k] as string), answer);
        byText.set(texts[k] as string, answer);
      }
    }
  }
  for (const i of waiting) {
    const twin = byText.get(textNow.get(i) ?? '');
    if (!answers.has(i) && twin !== undefined && textNow.get(i) !== '')
      answers.set(i, { kind: 'answer', text: twin });
  }
  const indices = waiting.filter((i) => answers.has(i));
  const fingerprints = new Map(indices.map((i) => [i, prints[i]]));
  writeRows(job, rows, prints, { indices, fingerprints, answers }, deps, usage, anchor);
  storeAnswers(ctx.pipeline.cache, fresh, ctx.epoch);
  if (expired > 0) holdForExpired(job, expired);
  if (stop) haltFor(job, stop, deps, usage);
  return ctx.task.durable ? durableChanges(props, fresh, [], now) : {};
}

/** Rows of an expired batch wait for the person: the job pauses once no batch is out, and Resume sends them again. */
function holdForExpired(job: JobRecord, rows: number): void {
  if (!job.batch) return;
  const before = job.batch.hold?.key === 'job_batch_expired' ? Number(job.batch.hold.params?.rows ?? 0) : 0;
  const hold: MessageRef = { key: 'job_batch_expired', params: { rows: before + rows } };
  job.batch.hold = hold;
}
