// The /v1/batches endpoints: create from an uploaded file, retrieve, list with pagination, cancel.

import * as errors from './api-errors';
import type { ApiError } from './api-errors';
import { chatRefusal, isQuotaExhausted } from './auth';
import { cancelBatch, createBatch, syncBatch, type BatchParams } from './batch-lifecycle';
import { batchObject, isTerminal } from './batches';
import type { Exchange } from './exchange';
import type { RequestBody } from './file-routes';
import { BATCH_FILE_LIFETIME_S } from './files';
import type { StubState } from './state';

/** The endpoints CreateBatchRequest names; the stub runs chat completions only. */
const ENDPOINTS = [
  '/v1/responses',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/completions',
  '/v1/moderations',
  '/v1/images/generations',
  '/v1/images/edits',
  '/v1/videos',
];
const CHAT_ENDPOINT = '/v1/chat/completions';
const METADATA_PAIRS = 16;

export function handleBatches(stub: StubState, ex: Exchange, key: string, body: RequestBody): void {
  const { method, path } = ex;
  if (path === '/v1/batches' && method === 'POST') return create(stub, ex, key, body.text);
  if (path === '/v1/batches' && method === 'GET') return list(stub, ex, key);
  const match = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
  const cancel = match?.[2] !== undefined;
  if (!match || method !== (cancel ? 'POST' : 'GET')) return ex.error(errors.invalidUrl(method, path));
  retrieve(stub, ex, key, decodeURIComponent(match[1]), cancel);
}

/** The batch as it is now by the stub clock; with `cancel`, cancelling it first. */
function retrieve(stub: StubState, ex: Exchange, key: string, id: string, cancel: boolean): void {
  const batch = stub.batches.get(key, id);
  if (!batch) return ex.error(errors.batchNotFound(id));
  const now = stub.now();
  syncBatch(stub, batch, now);
  if (cancel && isTerminal(batch.status)) return ex.error(errors.cannotCancel(batch.status));
  if (cancel && batch.status !== 'cancelling') cancelBatch(stub, batch, now);
  ex.json(200, batchObject(batch));
}

function create(stub: StubState, ex: Exchange, key: string, text: string): void {
  const refusal = chatRefusal(key, stub.config);
  if (refusal) return ex.error(refusal);
  const json = parseJson(text);
  if (json === undefined) return ex.error(errors.invalidJson());
  if (isQuotaExhausted(key, stub.config)) return ex.error(errors.insufficientQuota());
  const parsed = parseCreate(json);
  if ('error' in parsed) return ex.error(parsed.error);
  const file = stub.files.get(key, parsed.inputFileId, stub.nowSeconds());
  if (!file) return ex.error(errors.noSuchFile(parsed.inputFileId));
  if (file.purpose !== 'batch') return ex.error(errors.notBatchPurpose(file.purpose));
  ex.json(200, batchObject(createBatch(stub, key, file, parsed.params)));
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return undefined;
  }
}

type Parsed = { inputFileId: string; params: BatchParams } | { error: ApiError };

function parseCreate(json: unknown): Parsed {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { error: errors.invalidJson() };
  const b = json as Record<string, unknown>;
  for (const param of ['input_file_id', 'endpoint', 'completion_window'] as const) {
    if (b[param] === undefined) return { error: errors.missingParameter(param) };
    if (typeof b[param] !== 'string') return { error: errors.invalidType(param, 'a string') };
  }
  const problem =
    endpointProblem(b.endpoint as string) ??
    windowProblem(b.completion_window as string) ??
    metadataProblem(b.metadata);
  if (problem) return { error: problem };
  const lifetime = outputLifetime(b.output_expires_after);
  if (typeof lifetime !== 'number') return { error: lifetime };
  const metadata = (b.metadata ?? null) as Record<string, string> | null;
  const params = {
    endpoint: b.endpoint as string,
    completionWindow: b.completion_window as string,
    metadata,
    outputLifetimeS: lifetime,
  };
  return { inputFileId: b.input_file_id as string, params };
}

function supported(value: string, values: string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  const list =
    quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}` : quoted[0];
  return `Invalid value: '${value}'. Supported values are: ${list}.`;
}

function endpointProblem(endpoint: string): ApiError | null {
  if (!ENDPOINTS.includes(endpoint)) return errors.invalidValue('endpoint', supported(endpoint, ENDPOINTS));
  if (endpoint !== CHAT_ENDPOINT) {
    return errors.invalidValue('endpoint', `This stub runs only '${CHAT_ENDPOINT}' batches.`);
  }
  return null;
}

function windowProblem(window: string): ApiError | null {
  return window === '24h' ? null : errors.invalidValue('completion_window', supported(window, ['24h']));
}

function metadataProblem(metadata: unknown): ApiError | null {
  if (metadata === undefined || metadata === null) return null;
  if (typeof metadata !== 'object' || Array.isArray(metadata))
    return errors.invalidType('metadata', 'an object');
  const entries = Object.entries(metadata);
  if (entries.length > METADATA_PAIRS) {
    return errors.invalidValue(
      'metadata',
      `Invalid 'metadata': too many properties. Expected an object with at most ${METADATA_PAIRS} properties, but got an object with ${entries.length} properties instead.`,
    );
  }
  for (const [k, v] of entries) {
    if (typeof v !== 'string') return errors.invalidType(`metadata.${k}`, 'a string');
    if (k.length > 64 || v.length > 512) {
      return errors.invalidValue(
        'metadata',
        "Invalid 'metadata': keys can be at most 64 characters and values at most 512 characters.",
      );
    }
  }
  return null;
}

/** output_expires_after {anchor: "created_at", seconds: 3600..2592000}, or the 30 days of batch files. */
function outputLifetime(value: unknown): number | ApiError {
  if (value === undefined || value === null) return BATCH_FILE_LIFETIME_S;
  const v = value as { anchor?: unknown; seconds?: unknown };
  if (typeof value !== 'object' || v.anchor !== 'created_at') {
    return errors.invalidValue('output_expires_after.anchor', supported(String(v.anchor), ['created_at']));
  }
  const s = v.seconds;
  if (!Number.isInteger(s) || (s as number) < 3600 || (s as number) > 2_592_000) {
    return errors.invalidValue(
      'output_expires_after.seconds',
      `Invalid 'output_expires_after.seconds': expected an integer between 3600 and 2592000, but got ${String(s)} instead.`,
    );
  }
  return s as number;
}

function list(stub: StubState, ex: Exchange, key: string): void {
  const query = new URL(ex.req.url ?? '/', 'http://127.0.0.1').searchParams;
  const limit = parseLimit(query.get('limit'));
  if (typeof limit !== 'number') return ex.error(limit);
  const now = stub.now();
  const all = stub.batches.list(key);
  for (const batch of all) syncBatch(stub, batch, now);
  const after = query.get('after');
  const start = after === null ? 0 : all.findIndex((b) => b.id === after) + 1;
  if (after !== null && start === 0) return ex.error(errors.batchNotFound(after, 'after'));
  const page = all.slice(start, start + limit).map(batchObject);
  ex.json(200, {
    object: 'list',
    data: page,
    first_id: page[0]?.id ?? null,
    last_id: page[page.length - 1]?.id ?? null,
    has_more: start + limit < all.length,
  });
}

/** "Limit can range between 1 and 100, and the default is 20." */
function parseLimit(raw: string | null): number | ApiError {
  if (raw === null) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n)) return errors.invalidType('limit', 'an integer');
  if (n < 1 || n > 100) {
    return errors.invalidValue(
      'limit',
      `Invalid 'limit': integer ${n < 1 ? 'below minimum value. Expected a value >= 1' : 'above maximum value. Expected a value <= 100'}, but got ${n} instead.`,
    );
  }
  return n;
}
