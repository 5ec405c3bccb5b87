// Validates a batch input file as the Batch API does while a batch is `validating`: its size and
// number of requests, then every line ({custom_id, method, url, body}), one model for the file.

import type { ApiError } from './api-errors';
import { modelNotFound } from './api-errors';
import { parseChatRequest, type ChatRequest, type ModelLookup } from './chat-request';
import { promptTokens } from './completion';

/** An entry of `errors.data` of a failed batch. */
export interface BatchError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** A valid line: the request it makes, or the refusal a synchronous call would get for its body. */
export interface BatchLine {
  line: number;
  customId: string;
  request: ChatRequest | null;
  refusal: ApiError | null;
  promptTokens: number;
}

export type InputCheck =
  | { ok: true; model: string; lines: BatchLine[]; promptTokens: number }
  | { ok: false; model: string | null; errors: BatchError[] };

export interface InputLimits {
  maxRequests: number;
  maxBytes: number;
}

/** A failed batch reports at most this many line errors. */
const MAX_REPORTED = 100;

interface Entry {
  line: number;
  customId: string;
  body: Record<string, unknown>;
  model: string;
}

export function checkInput(
  bytes: Buffer,
  endpoint: string,
  limits: InputLimits,
  lookup: ModelLookup,
): InputCheck {
  const text = bytes.toString('utf8');
  const fileProblem = fileError(bytes.length, text, limits);
  if (fileProblem) return { ok: false, model: null, errors: [fileProblem] };
  const lines = splitLines(text);
  if (lines.length > limits.maxRequests) {
    return { ok: false, model: null, errors: [tooManyTasks(lines.length, limits.maxRequests)] };
  }
  const { entries, errors } = readEntries(lines, endpoint);
  const model = entries[0]?.model ?? null;
  if (model !== null && lookup(model) === null) errors.push(unknownModel(model, entries[0].line));
  if (errors.length > 0 || model === null) {
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { ok: false, model, errors: errors.slice(0, MAX_REPORTED) };
  }
  const parsed = entries.map((entry) => toBatchLine(entry, lookup));
  const total = parsed.reduce((sum, l) => sum + l.promptTokens, 0);
  return { ok: true, model, lines: parsed, promptTokens: total };
}

function fileError(size: number, text: string, limits: InputLimits): BatchError | null {
  if (size > limits.maxBytes) {
    return batchError('file_too_large', `The input file is larger than ${mb(limits.maxBytes)} MB.`);
  }
  if (text.trim() === '') {
    return batchError('empty_file', 'The input file is empty. It must contain at least one request.');
  }
  return null;
}

/** A trailing newline ends the last line; it does not start an empty one. CRLF is accepted. */
function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function readEntries(lines: string[], endpoint: string): { entries: Entry[]; errors: BatchError[] } {
  const entries: Entry[] = [];
  const errors: BatchError[] = [];
  const seen = new Set<string>();
  lines.forEach((text, i) => {
    const problem = readEntry(text, i + 1, endpoint, seen, entries[0]?.model);
    if ('code' in problem) errors.push(problem);
    else entries.push(problem);
  });
  return { entries, errors };
}

/** A line that is a valid request (its custom_id then taken), or its first problem. */
function readEntry(
  text: string,
  line: number,
  endpoint: string,
  seen: Set<string>,
  model: string | undefined,
): Entry | BatchError {
  const entry = readShape(text, line, endpoint);
  if ('code' in entry) return entry;
  if (seen.has(entry.customId)) return duplicateCustomId(line);
  seen.add(entry.customId);
  if (model !== undefined && entry.model !== model) return modelMismatch(entry.model, model, line);
  return entry;
}

function readShape(text: string, line: number, endpoint: string): Entry | BatchError {
  const value = parseLine(text);
  if (value === null)
    return batchError('invalid_json_line', 'This line is not parseable as valid JSON.', null, line);
  const { custom_id: customId, method, url, body } = value;
  if (typeof customId !== 'string') return missing('custom_id', line);
  if (method === undefined) return missing('method', line);
  if (method !== 'POST') {
    return batchError(
      'invalid_value',
      `Invalid value: '${String(method)}'. Supported values are: 'POST'.`,
      'method',
      line,
    );
  }
  if (url === undefined) return missing('url', line);
  if (url !== endpoint) {
    const message = `The URL '${String(url)}' of this request does not match the endpoint of the batch ('${endpoint}').`;
    return batchError('url_mismatch', message, 'url', line);
  }
  if (!isRecord(body)) return missing('body', line);
  if (typeof body.model !== 'string') return missing('body.model', line);
  return { line, customId, body, model: body.model };
}

function parseLine(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function toBatchLine(entry: Entry, lookup: ModelLookup): BatchLine {
  const parsed = parseChatRequest(entry.body, lookup);
  const base = { line: entry.line, customId: entry.customId };
  if (!parsed.ok) return { ...base, request: null, refusal: parsed.error, promptTokens: 0 };
  return { ...base, request: parsed.request, refusal: null, promptTokens: promptTokens(parsed.request) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function batchError(
  code: string,
  message: string,
  param: string | null = null,
  line: number | null = null,
): BatchError {
  return { code, message, param, line };
}

function missing(param: string, line: number): BatchError {
  return batchError('missing_required_parameter', `Missing required parameter: '${param}'.`, param, line);
}

function duplicateCustomId(line: number): BatchError {
  return batchError(
    'duplicate_custom_id',
    'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each individual request in a batch.',
    'custom_id',
    line,
  );
}

function modelMismatch(model: string, expected: string, line: number): BatchError {
  return batchError(
    'model_mismatch',
    `The model '${model}' of this request differs from the model '${expected}' of the requests before it. All requests in a batch must use the same model.`,
    'body.model',
    line,
  );
}

function unknownModel(model: string, line: number): BatchError {
  return batchError('model_not_found', modelNotFound(model).body.error.message, 'body.model', line);
}

function tooManyTasks(count: number, max: number): BatchError {
  return batchError(
    'too_many_tasks',
    `The input file has ${grouped(count)} requests; a batch can have at most ${grouped(max)}.`,
  );
}

export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

function mb(bytes: number): string {
  return grouped(Math.round((bytes / 1_000_000) * 100) / 100);
}
