// POST /__stub/batches/advance {id?, to?, completeRequests?}: moves batches on deterministically,
// whatever the clock says.

import {
  cancelBatch,
  completeBatch,
  expireBatch,
  finalizeBatch,
  finishCancel,
  runRequests,
  startBatch,
  syncBatch,
} from './batch-lifecycle';
import { batchObject, isTerminal, type BatchObject, type BatchRecord, type BatchStatus } from './batches';
import type { StubState } from './state';

export const ADVANCE_TARGETS = [
  'in_progress',
  'finalizing',
  'completed',
  'expired',
  'cancelling',
  'cancelled',
] as const;

type Target = (typeof ADVANCE_TARGETS)[number];

export interface AdvanceRequest {
  /** One batch (of any key); absent: every batch not yet ended. */
  id: string | null;
  /** Where to take it, through the stages between; absent: the next stage. */
  to: Target | null;
  /** Run this many more requests (starting the batch if it is validating) before `to`, if any. */
  completeRequests: number | null;
}

export type AdvanceResult = { ok: true; data: BatchObject[] } | { ok: false; status: number; error: string };

const FIELDS = ['id', 'to', 'completeRequests'];

export function parseAdvance(value: unknown): AdvanceRequest | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'the body must be a JSON object';
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).find((k) => !FIELDS.includes(k));
  if (unknown) return `unknown field "${unknown}" (fields: ${FIELDS.join(', ')})`;
  if (v.id !== undefined && typeof v.id !== 'string') return '"id" must be a batch id';
  if (v.to !== undefined && !ADVANCE_TARGETS.includes(v.to as Target)) {
    return `"to" must be one of ${ADVANCE_TARGETS.join(', ')}`;
  }
  const n = v.completeRequests;
  if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 0)) {
    return '"completeRequests" must be an integer >= 0';
  }
  return {
    id: (v.id as string | undefined) ?? null,
    to: (v.to as Target | undefined) ?? null,
    completeRequests: (n as number | undefined) ?? null,
  };
}

export function advanceBatches(stub: StubState, request: AdvanceRequest): AdvanceResult {
  const now = stub.now();
  if (request.id !== null) {
    const batch = stub.batches.byId(request.id);
    if (!batch) return { ok: false, status: 404, error: `no batch ${request.id}` };
    syncBatch(stub, batch, now);
    const problem = advanceOne(stub, batch, request, now);
    return problem ? { ok: false, status: 409, error: problem } : { ok: true, data: [batchObject(batch)] };
  }
  const moved: BatchObject[] = [];
  for (const batch of stub.batches.all()) {
    syncBatch(stub, batch, now);
    if (!isTerminal(batch.status) && advanceOne(stub, batch, request, now) === null)
      moved.push(batchObject(batch));
  }
  return { ok: true, data: moved };
}

/** Applies the request to one batch; a sentence saying why it cannot, or null. */
function advanceOne(
  stub: StubState,
  batch: BatchRecord,
  request: AdvanceRequest,
  now: number,
): string | null {
  if (isTerminal(batch.status)) return `batch ${batch.id} has ended (${batch.status})`;
  if (request.completeRequests !== null) {
    if (batch.status === 'validating') startBatch(batch, stub.config.seed, now);
    if (batch.status === 'failed') return null;
    if (batch.status === 'in_progress') runRequests(stub, batch, request.completeRequests);
    else if (request.to === null) return `batch ${batch.id} is ${batch.status}, not in_progress`;
  }
  if (request.to !== null) return moveTo(stub, batch, request.to, now);
  if (request.completeRequests === null) nextStage(stub, batch, now);
  return null;
}

const FORWARD: readonly BatchStatus[] = ['validating', 'in_progress', 'finalizing', 'completed'];

function nextStage(stub: StubState, batch: BatchRecord, now: number): void {
  if (batch.status === 'validating') return startBatch(batch, stub.config.seed, now);
  if (batch.status === 'in_progress') return finalizeBatch(stub, batch, now);
  if (batch.status === 'finalizing') return completeBatch(stub, batch, now);
  if (batch.status === 'cancelling') return finishCancel(stub, batch, now);
}

function moveTo(stub: StubState, batch: BatchRecord, to: Target, now: number): string | null {
  if (to === 'cancelling' || to === 'cancelled') return cancelTo(stub, batch, to, now);
  if (batch.status === 'cancelling') return `batch ${batch.id} is cancelling; it can only go on to cancelled`;
  if (to === 'expired') {
    if (batch.status === 'validating') startBatch(batch, stub.config.seed, now);
    if (batch.status === 'in_progress') expireBatch(stub, batch, now);
    return batch.status === 'expired' || batch.status === 'failed'
      ? null
      : `batch ${batch.id} is ${batch.status}: only a batch in progress can expire`;
  }
  const target = FORWARD.indexOf(to);
  if (FORWARD.indexOf(batch.status) > target)
    return `batch ${batch.id} is already past ${to} (${batch.status})`;
  while (FORWARD.includes(batch.status) && FORWARD.indexOf(batch.status) < target)
    nextStage(stub, batch, now);
  return null;
}

function cancelTo(stub: StubState, batch: BatchRecord, to: 'cancelling' | 'cancelled', now: number): null {
  if (batch.status !== 'cancelling') cancelBatch(stub, batch, now);
  if (to === 'cancelled') finishCancel(stub, batch, now);
  return null;
}
