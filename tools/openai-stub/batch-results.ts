// The lines of a batch's output and error files: each request answered as a synchronous chat
// completion would be, a refused or faulted one as its error response, an unrun one as expired or
// cancelled; and the two files written when the batch ends.

import { randomBytes } from 'node:crypto';
import * as errors from './api-errors';
import type { BatchLine } from './batch-input';
import type { BatchRecord } from './batches';
import { answerChat } from './chat-answer';
import { todayOf } from './models';
import type { StubState } from './state';

/** The per-line object of the output and error files (BatchRequestOutput in the API reference). */
export interface BatchRequestOutput {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: unknown } | null;
  error: { code: string; message: string } | null;
}

export type Unfinished = 'batch_expired' | 'batch_cancelled';

/** The wording of the codes as the API reference describes them (the messages themselves are not captured). */
const UNFINISHED_MESSAGES: Record<Unfinished, string> = {
  batch_expired: 'The request could not be executed before the completion window ended.',
  batch_cancelled: 'The batch was cancelled before this request executed.',
};

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

function outputLine(customId: string, response: BatchRequestOutput['response']): BatchRequestOutput {
  return { id: `batch_req_${hex(16)}`, custom_id: customId, response, error: null };
}

/**
 * Runs the `nth` request (1-based, in running order) of the batch and records its line: a 200 with
 * the chat completion, or the refusal its body gets, or a 500 every `batchFailEvery`th request.
 */
export function runLine(stub: StubState, batch: BatchRecord, line: BatchLine, nth: number): void {
  const requestId = `req_${hex(16)}`;
  const every = stub.config.batchFailEvery;
  const refusal =
    every !== null && nth % every === 0
      ? errors.serverError()
      : (line.refusal ?? internalIdRefusal(stub, line));
  if (refusal || !line.request) {
    const error = refusal ?? errors.serverError();
    const response = { status_code: error.status, request_id: requestId, body: error.body };
    return recordFailure(stub, batch, outputLine(line.customId, response));
  }
  const { body, usage } = answerChat(stub, batch.key, line.request);
  batch.outputLines.push(
    JSON.stringify(outputLine(line.customId, { status_code: 200, request_id: requestId, body })),
  );
  batch.completed++;
  for (const k of [
    'promptTokens',
    'completionTokens',
    'cachedTokens',
    'cacheWriteTokens',
    'reasoningTokens',
  ] as const) {
    batch.usage[k] += usage[k];
  }
  stub.stats.batchBilled(usage);
}

/**
 * openai/openai-python#3071: batch runs of some models look up an internal "<snapshot>-batch" id that
 * does not exist, so every line fails with 404 model_not_found while synchronous calls work.
 */
function internalIdRefusal(stub: StubState, line: BatchLine): errors.ApiError | null {
  const model = line.request?.model;
  if (!model || !stub.config.batchInternalIdModels.includes(model)) return null;
  const created = stub.models.available(model, todayOf(stub.config))?.created ?? 0;
  const snapshot = new Date(created * 1000).toISOString().slice(0, 10);
  return errors.internalBatchModelNotFound(`${model}-${snapshot}-batch`);
}

/** A request the batch never ran: in the error file with the code saying why. */
export function recordUnfinished(
  stub: StubState,
  batch: BatchRecord,
  line: BatchLine,
  code: Unfinished,
): void {
  const output: BatchRequestOutput = {
    id: `batch_req_${hex(16)}`,
    custom_id: line.customId,
    response: null,
    error: { code, message: UNFINISHED_MESSAGES[code] },
  };
  recordFailure(stub, batch, output);
}

function recordFailure(stub: StubState, batch: BatchRecord, output: BatchRequestOutput): void {
  batch.errorLines.push(JSON.stringify(output));
  batch.failed++;
  stub.stats.batchRequestFailed();
}

/** Writes the output and error files (batch_output, JSONL), each only if it has lines. */
export function writeResultFiles(stub: StubState, batch: BatchRecord): void {
  const write = (lines: string[], kind: 'output' | 'error'): string | null => {
    if (lines.length === 0) return null;
    const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
    const file = { bytes, filename: `${batch.id}_${kind}.jsonl`, purpose: 'batch_output' as const };
    return stub.files.add(batch.key, file, stub.nowSeconds(), batch.outputLifetimeS).id;
  };
  batch.outputFileId = write(batch.outputLines, 'output');
  batch.errorFileId = write(batch.errorLines, 'error');
}
