// Collecting a batch job's batches whenever a step runs (a page drives the job, or its trigger fires
// where it can reach the document), at most once per check interval: each batch still out is looked
// at; an ended one's input, output and error files are downloaded, each result line matched by
// custom_id to the texts its request asked (read from the input file), its money settled against its
// reservation, its answers cached and written next to their texts wherever those rows are now: a
// sheet sorted during the day the batch waited gets every answer in the right row.
import { redactKeys } from '../../openai/api-key';
import { storeAnswers } from '../../cache/answer-cache';
import { durableChanges } from '../../cache/durable';
import { Ledger, type Charge } from '../../budget/ledger';
import { isAccountWide } from '../../engine/failures';
import { UserError, type MessageRef } from '../../i18n/messages';
import { isEnded, isSizeLimit, type BatchInfo } from '../../openai/batches';
import type { RowAnswer } from '../engine/answer';
import { follow, readGuarded, writtenOf } from '../engine/look';
import { writeAnswers } from '../engine/write';
import { batchContext, tabOf, type BatchContext } from './context';
import { MAX_BATCH_ROUNDS } from './claim';
import { limitNamedIn, queueLimit, QUEUE_RETRY_MS, QUEUE_SHARE } from './queue';
import { chargeOf, emptyUsage, readInputs, readResults, type ReadResults } from './results';
import { checkInterval, type BatchEntry, type BatchJobState } from './state';
import { unsend } from './submit';
import { locked, type JobDeps } from '../deps';
import { haltFor } from '../halt';
import type { DailyUsage } from '../quotas';
import { jobChanges, noteChange, readJob, type JobRecord } from '../store';

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
    return { result: { job, entries }, changes: jobChanges(job) };
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
      dropEntry(job, lost, true);
    }
    return { result: undefined, changes: { ...jobChanges(job), ...ledger.changes() } };
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
        dropEntry(current, entry, true);
      }
    }
    return { result: undefined, changes: { ...jobChanges(current), ...ledger.changes() } };
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
  const inputs = entry.fileId ? ctx.api.content(entry.fileId, deadline) : null;
  if (inputs && !inputs.ok && !isSizeLimit(inputs.error, 'response')) return; // the next look tries again
  const asked = inputs?.ok ? readInputs(inputs.value) : new Map<string, string[]>();
  if (info.status === 'failed') return failedBatch(jobId, entry, info, asked, deps, usage);
  const results = download(jobId, info, asked, ctx, deadline);
  if (!results) return; // not downloaded this time: the next look tries again
  commitResults(jobId, entry, info, results, ctx, deps, usage);
  const files = [entry.fileId, info.outputFileId, info.errorFileId].filter((f): f is string => !!f);
  ctx.api.remove(files, deadline);
}

/** The output and error files read; null when a download failed for now. */
function download(
  jobId: string,
  info: BatchInfo,
  asked: Map<string, string[]>,
  ctx: BatchContext,
  deadline: number,
): ReadResults | null {
  const texts: string[] = [];
  for (const file of [info.outputFileId, info.errorFileId]) {
    if (!file) continue;
    const content = ctx.api.content(file, deadline);
    if (content.ok) texts.push(content.value);
    else if (isSizeLimit(content.error, 'response')) return unreadable(info);
    else return null;
  }
  return readResults(texts, asked, jobId, ctx.task, ctx.model);
}

/** A result file over Apps Script's 50 MB: its rows are asked again (the batch's usage is still billed). */
function unreadable(info: BatchInfo): ReadResults {
  const usage = emptyUsage();
  if (info.usage) Object.assign(usage, info.usage, { requests: info.counts.completed });
  else usage.unreported = 1; // charged at least its reservation
  return { lines: [], usage, tooLarge: true };
}

/** A batch that failed validation ran nothing: its texts wait again, and the job adapts to why. */
function failedBatch(
  jobId: string,
  entry: BatchEntry,
  info: BatchInfo,
  asked: Map<string, string[]>,
  deps: JobDeps,
  usage: DailyUsage,
): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, jobId);
    const current = job?.batch?.entries.find((e) => e.id === entry.id);
    if (!job?.batch || !current) return { result: undefined, changes: {} };
    const ledger = new Ledger(props, now, deps.calendar);
    ledger.settle(current.reservation, NO_CHARGE, undefined, { holder: current.holder });
    job.batch.ended.failed++;
    const refused = adaptToRefusal(job, job.batch, current, info, deps, usage, now);
    dropEntry(job, current, !refused);
    // Refused for the enqueued-token limit: the next round is cut into buckets that fit the new limit.
    if (info.errors[0]?.code === 'token_limit_exceeded' && !job.batch.entries.length) delete job.batch.round;
    let written: Record<string, string> = {};
    if (refused) written = failTexts(job, [...asked.values()].flat(), refused, props, deps);
    return { result: undefined, changes: { ...jobChanges(job), ...ledger.changes(), ...written } };
  });
}

/** The texts of a file the API refused fail with its reason, where they are. */
function failTexts(
  job: JobRecord,
  texts: string[],
  reason: UserError,
  props: Record<string, string>,
  deps: JobDeps,
): Record<string, string> {
  const found = follow(job, deps);
  const rows = found && readGuarded(job, found.place, deps, found.place.top, found.place.bottom);
  if (!found || !rows) return {};
  const answers = new Map<string, RowAnswer>(texts.map((t) => [t, { kind: 'fail', reason }]));
  const written = writtenOf(job, props);
  writeAnswers(job, found.place, rows, answers, written, deps.sheets);
  return written?.changes() ?? {};
}

/** Adapts to why the API refused a batch; returns the reason its texts fail, when they do. */
function adaptToRefusal(
  job: JobRecord,
  state: BatchJobState,
  entry: BatchEntry,
  info: BatchInfo,
  deps: JobDeps,
  usage: DailyUsage,
  now: number,
): UserError | undefined {
  const error = info.errors[0] ?? { code: '', message: '', line: null };
  if (error.code === 'token_limit_exceeded') {
    // Resubmitted later, in files that fit the limit the API named (or half of what was assumed).
    const assumed = queueLimit(job) / QUEUE_SHARE;
    const named = limitNamedIn(error.message);
    state.queueLimit = named !== undefined && named < assumed ? named : Math.floor(assumed / 2);
    state.retryAt = now + QUEUE_RETRY_MS;
  } else if (error.code === 'too_many_tasks' || error.code === 'file_too_large') {
    state.maxRequests = Math.max(1, Math.floor(entry.requests / 2));
  } else if (error.code === 'model_not_found') {
    haltFor(job, new UserError('model_not_found', { model: entry.model }), deps, usage);
  } else {
    // The file itself was refused (a line the API does not accept): its texts fail with the API's reason.
    const detail = redactKeys(error.message).slice(0, 300);
    job.message = { key: 'bad_request', params: { detail, code: error.code } };
    return new UserError('bad_request', { detail, code: error.code });
  }
  return undefined;
}

/**
 * The entry is done with: gone from the job; `again`: its bucket counts as not sent (its texts go
 * again in this round), and texts that waited for room under the enqueued-token limit may go now.
 */
function dropEntry(job: JobRecord, entry: BatchEntry, again: boolean): void {
  if (!job.batch) return;
  if (again) unsend(job, entry);
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

/** Everything the results say, in one locked update: money, answers where their texts are, the cache. */
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
    const ledger = new Ledger(props, now, deps.calendar);
    chargeJob(job, job.batch, ledger, current, results, ctx, sheet);
    countEnded(job.batch, info);
    let more: Record<string, string> = {};
    if (job.state !== 'cancelled') more = applyResults(job, results, ctx, deps, usage, props, now);
    if (results.tooLarge) job.batch.maxRequests = Math.max(1, Math.floor(current.requests / 2));
    dropEntry(job, current, false);
    return { result: undefined, changes: { ...jobChanges(job), ...ledger.changes(), ...more } };
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
 * The answers, by the texts the input file says were asked, cached and written next to those texts
 * wherever their rows are now (write.ts: only into blank outputs of rows that still hold the text).
 * Texts of lines not run wait for the next round. Returns the store's changes (filter, durable store).
 */
function applyResults(
  job: JobRecord,
  results: ReadResults,
  ctx: BatchContext,
  deps: JobDeps,
  usage: DailyUsage,
  props: Record<string, string>,
  now: number,
): Record<string, string> {
  const answers = new Map<string, RowAnswer>();
  const fresh = new Map<string, string>();
  let expired = 0;
  let stop: UserError | undefined;
  for (const line of results.lines) {
    if (line.kind === 'again') {
      if (line.expired) expired += line.texts.length;
      // Only the Batch API refused the model: what is left goes by the normal path, not in new batches.
      if (line.normalPath && job.batch) job.batch.rounds = Math.max(job.batch.rounds, MAX_BATCH_ROUNDS);
      continue;
    }
    line.texts.forEach((text, k) => {
      if (line.kind === 'fail') {
        if (isAccountWide(line.error)) stop = line.error;
        else answers.set(text, { kind: 'fail', reason: line.error });
        return;
      }
      const answer = line.answers.get(k);
      if (answer === undefined) return; // dropped or answered twice: asked again
      answers.set(text, { kind: 'answer', text: answer });
      fresh.set(ctx.keyOf(text), answer);
    });
  }
  storeAnswers(ctx.pipeline.cache, fresh, ctx.epoch);
  const found = follow(job, deps);
  const rows = found && readGuarded(job, found.place, deps, found.place.top, found.place.bottom);
  const written = writtenOf(job, props);
  if (found && rows) {
    const outcome = writeAnswers(job, found.place, rows, answers, written, deps.sheets);
    noteChange(job, { edited: outcome.missing });
    stop ??= outcome.stop;
  }
  if (expired > 0) holdForExpired(job, expired);
  if (stop) haltFor(job, stop, deps, usage);
  return {
    ...written?.changes(),
    ...(ctx.task.durable ? durableChanges(props, fresh, [], now) : {}),
  };
}

/** Texts of an expired batch wait for the person: the job pauses once no batch is out, and Resume sends them again. */
function holdForExpired(job: JobRecord, rows: number): void {
  if (!job.batch) return;
  const before = job.batch.hold?.key === 'job_batch_expired' ? Number(job.batch.hold.params?.rows ?? 0) : 0;
  const hold: MessageRef = { key: 'job_batch_expired', params: { rows: before + rows } };
  job.batch.hold = hold;
}
