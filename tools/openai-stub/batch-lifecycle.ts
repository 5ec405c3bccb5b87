// How a batch moves: validating -> in_progress -> finalizing -> completed (or failed at validation,
// expired at the end of its 24-hour window, cancelling -> cancelled), by the stub's clock
// (batchSecondsPerStage) or by the control call.

import { batchError, checkInput, grouped, type InputCheck } from './batch-input';
import { recordUnfinished, runLine, writeResultFiles, type Unfinished } from './batch-results';
import { isTerminal, type BatchRecord, type NewBatch, type Stamp } from './batches';
import { todayOf } from './models';
import { seededRandom } from './random';
import type { StubState } from './state';
import type { StoredFile } from './files';

/** completion_window "24h": the only one. */
export const WINDOW_MS = 24 * 3600 * 1000;

export type BatchParams = Pick<NewBatch, 'endpoint' | 'completionWindow' | 'metadata' | 'outputLifetimeS'>;

/** A new batch, `validating`; its file is checked now, and the outcome shows when validation ends. */
export function createBatch(
  stub: StubState,
  key: string,
  file: StoredFile,
  params: BatchParams,
): BatchRecord {
  const today = todayOf(stub.config);
  const limits = { maxRequests: stub.config.batchMaxRequests, maxBytes: stub.config.batchMaxBytes };
  const lookup = (id: string) => stub.models.available(id, today)?.family ?? null;
  // Batches the clock has moved on since anyone read them no longer count as enqueued.
  for (const earlier of stub.batches.list(key)) syncBatch(stub, earlier, stub.now());
  const check = withinEnqueuedLimit(stub, key, checkInput(file.bytes, params.endpoint, limits, lookup));
  stub.stats.batchCreated();
  return stub.batches.add({ ...params, key, inputFileId: file.id, check, createdMs: stub.now() });
}

function withinEnqueuedLimit(stub: StubState, key: string, check: InputCheck): InputCheck {
  const limit = stub.config.batchEnqueuedTokenLimit;
  if (!check.ok || limit === null) return check;
  if (stub.batches.enqueuedTokens(key, check.model) + check.promptTokens <= limit) return check;
  const message =
    `Enqueued token limit reached for ${check.model} in organization org-stub. Limit: ${grouped(limit)} ` +
    'enqueued tokens. Please try submitting fewer tasks or waiting for existing batches to complete.';
  return { ok: false, model: check.model, errors: [batchError('token_limit_exceeded', message)] };
}

function enter(batch: BatchRecord, status: BatchRecord['status'], at: number, stamp: Stamp): void {
  batch.status = status;
  batch.stamps[stamp] = Math.floor(at / 1000);
  batch.stageSince = at;
}

/** validating -> in_progress (or failed, with the validation errors). */
export function startBatch(batch: BatchRecord, seed: number, at: number): void {
  if (!batch.check.ok) {
    batch.errors = batch.check.errors;
    return enter(batch, 'failed', at, 'failed_at');
  }
  batch.total = batch.check.lines.length;
  batch.order = runningOrder(batch.total, seed + batch.ordinal * 7919);
  batch.stamps.expires_at = Math.floor((batch.createdMs + WINDOW_MS) / 1000);
  enter(batch, 'in_progress', at, 'in_progress_at');
}

/**
 * The order requests run and their results are written: shuffled by the seed, never the input
 * order when there are two or more (results are matched by custom_id, not by position).
 */
function runningOrder(count: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  if (count > 1 && order.every((v, i) => v === i)) order.push(order.shift() as number);
  return order;
}

/** Runs up to `count` more requests of an in_progress batch. */
export function runRequests(stub: StubState, batch: BatchRecord, count: number): void {
  if (!batch.check.ok) return;
  const end = Math.min(batch.total, batch.processed + Math.max(0, count));
  for (; batch.processed < end; batch.processed++) {
    runLine(stub, batch, batch.check.lines[batch.order[batch.processed]], batch.processed + 1);
  }
}

/** in_progress -> finalizing, once every request has run. */
export function finalizeBatch(stub: StubState, batch: BatchRecord, at: number): void {
  runRequests(stub, batch, batch.total);
  enter(batch, 'finalizing', at, 'finalizing_at');
}

export function completeBatch(stub: StubState, batch: BatchRecord, at: number): void {
  writeResultFiles(stub, batch);
  enter(batch, 'completed', at, 'completed_at');
}

/** "Remaining work is cancelled and any already completed work is returned": the rest as batch_expired. */
export function expireBatch(stub: StubState, batch: BatchRecord, at: number): void {
  endUnfinished(stub, batch, 'batch_expired');
  enter(batch, 'expired', at, 'expired_at');
}

export function cancelBatch(stub: StubState, batch: BatchRecord, at: number): void {
  stub.stats.batchCancelled();
  enter(batch, 'cancelling', at, 'cancelling_at');
}

/** cancelling -> cancelled, "where it will have partial results (if any) available in the output file". */
export function finishCancel(stub: StubState, batch: BatchRecord, at: number): void {
  endUnfinished(stub, batch, 'batch_cancelled');
  enter(batch, 'cancelled', at, 'cancelled_at');
}

function endUnfinished(stub: StubState, batch: BatchRecord, code: Unfinished): void {
  if (batch.check.ok) {
    for (; batch.processed < batch.total; batch.processed++) {
      recordUnfinished(stub, batch, batch.check.lines[batch.order[batch.processed]], code);
    }
  }
  writeResultFiles(stub, batch);
}

/** Moves the batch on by the stub's clock: each stage lasts batchSecondsPerStage; requests run in proportion. */
export function syncBatch(stub: StubState, batch: BatchRecord, now: number): void {
  const seconds = stub.config.batchSecondsPerStage;
  if (seconds === null) return;
  const stageMs = seconds * 1000;
  for (let moved = true; moved && !isTerminal(batch.status);) {
    moved = step(stub, batch, now, stageMs);
  }
}

/** One stage forward if its time has come; true if the batch moved. */
function step(stub: StubState, batch: BatchRecord, now: number, stageMs: number): boolean {
  const due = batch.stageSince + stageMs;
  switch (batch.status) {
    case 'validating':
      if (now < due) return false;
      startBatch(batch, stub.config.seed, due);
      return true;
    case 'in_progress':
      return progress(stub, batch, now, stageMs);
    case 'finalizing':
      if (now < due) return false;
      completeBatch(stub, batch, due);
      return true;
    case 'cancelling':
      if (now < due) return false;
      finishCancel(stub, batch, due);
      return true;
    default:
      return false;
  }
}

function progress(stub: StubState, batch: BatchRecord, now: number, stageMs: number): boolean {
  const expiresAt = batch.createdMs + WINDOW_MS;
  const until = Math.min(now, expiresAt);
  const share = stageMs === 0 ? 1 : Math.min(1, (until - batch.stageSince) / stageMs);
  runRequests(stub, batch, Math.floor(batch.total * share) - batch.processed);
  if (batch.processed === batch.total && until >= batch.stageSince + stageMs) {
    finalizeBatch(stub, batch, batch.stageSince + stageMs);
    return true;
  }
  if (now < expiresAt) return false;
  expireBatch(stub, batch, expiresAt);
  return true;
}
