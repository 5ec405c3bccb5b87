// A batch job's requests, made exactly as the normal path makes them (same batching, prompts, schema,
// parameters), written as JSONL lines of the Batch API, and grouped into files that stay under every
// limit: the API's 50,000 requests and 200 MB a file, Apps Script's 50 MB a call for the upload (the
// job's own byte cap is 20 MB) and for downloading the results (a bound of each result line), and the
// room left under the model's enqueued-token limit.
import type { RequestCost } from '../../budget/ledger';
import { itemsMessage, planBatches, requestCost, type BatchParams } from '../../engine/batch';
import { utf8Length } from '../../engine/sha256';
import type { Task } from '../../engine/tasks';
import { BATCH_ENDPOINT } from '../../openai/batches';
import type { ModelPrice } from '../../openai/models';
import { buildChatBody } from '../../openai/request';
import { customId, textsHash } from './ids';

/** A result file is downloaded in one call: the bound of its lines stays this far under 50 MB. */
export const MAX_RESULT_BYTES = 40_000_000;
/** A result line without its answer (ids, status, the completion's fields, usage). */
const RESULT_LINE_BYTES = 1500;
/** Bytes an output token can take in a result line: JSON inside JSON, escaped. */
const RESULT_BYTES_PER_TOKEN = 8;

export interface PlannedRequest {
  /** Its items' texts, in item order. */
  texts: string[];
  line: string;
  /** The line's UTF-8 bytes and its newline. */
  bytes: number;
  /** Estimated prompt tokens, as the enqueued-token limit counts them. */
  queueTokens: number;
  /** What it may cost at most, at the batch price. */
  cost: RequestCost;
  /** A bound of its result line. */
  resultBytes: number;
}

export interface PlanParams extends BatchParams {
  jobId: string;
  prices: Record<string, ModelPrice>;
  discount: number;
}

/** Requests for these distinct, non-blank texts. */
export function planRequests(texts: string[], task: Task, params: PlanParams): PlannedRequest[] {
  return planBatches(
    texts,
    texts.map((_, k) => k),
    task,
    params,
  ).map((batch, n) => {
    const items = batch.positions.map((k) => texts[k]);
    const id = customId({ jobId: params.jobId, hash: textsHash(itemsMessage(items)), n: n.toString(36) });
    const line = JSON.stringify({
      custom_id: id,
      method: 'POST',
      url: BATCH_ENDPOINT,
      body: buildChatBody(batch.spec, params.caps),
    });
    const output = batch.spec.maxOutputTokens;
    return {
      texts: items,
      line,
      bytes: utf8Length(line) + 1,
      queueTokens: batch.estimatedTokens - output,
      cost: requestCost(batch, params.model, params.prices, params.discount),
      resultBytes: RESULT_LINE_BYTES + output * RESULT_BYTES_PER_TOKEN,
    };
  });
}

export interface FileLimits {
  maxRequests: number;
  maxBytes: number;
  /** Enqueued tokens the files may add. */
  queueRoom: number;
  /** Whether the first file may pass the room (nothing else is enqueued: the API will say). */
  mayPassRoom: boolean;
}

/** Requests grouped into files in order; what does not fit the enqueued-token room is left. */
export function groupFiles(
  requests: PlannedRequest[],
  limits: FileLimits,
): { files: PlannedRequest[][]; left: PlannedRequest[] } {
  const files: PlannedRequest[][] = [];
  let current: PlannedRequest[] = [];
  let bytes = 0;
  let results = 0;
  let queued = 0;
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    const overRoom = queued + r.queueTokens > limits.queueRoom && !(limits.mayPassRoom && i === 0);
    if (overRoom) {
      if (current.length) files.push(current);
      return { files, left: requests.slice(i) };
    }
    const full =
      current.length >= limits.maxRequests ||
      bytes + r.bytes > limits.maxBytes ||
      results + r.resultBytes > MAX_RESULT_BYTES;
    if (current.length && full) {
      files.push(current);
      [current, bytes, results] = [[], 0, 0];
    }
    current.push(r);
    bytes += r.bytes;
    results += r.resultBytes;
    queued += r.queueTokens;
  }
  if (current.length) files.push(current);
  return { files, left: [] };
}

export function fileText(requests: PlannedRequest[]): string {
  return requests.map((r) => `${r.line}\n`).join('');
}
