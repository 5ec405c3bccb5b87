// Plain-fetch helpers for talking to a running stub, as any HTTP client would.

import type { ChatCompletion } from 'openai/resources/chat/completions';

export const KEY = 'sk-test-0123456789abcdefghijklmn';

/** The day the catalogue was checked: tests pin it so shutdowns do not change them as time passes. */
export const TODAY = '2026-12-01';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = KEY,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseOrNull(text) };
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function chat(baseUrl: string, body: unknown, key: string | null = KEY): Promise<Reply> {
  return call(baseUrl, 'POST', '/v1/chat/completions', body, key);
}

export function asCompletion(value: unknown): ChatCompletion {
  const v = value as Partial<ChatCompletion> | null;
  if (!v || v.object !== 'chat.completion' || !Array.isArray(v.choices)) {
    throw new Error(`not a chat completion: ${JSON.stringify(value)}`);
  }
  return v as ChatCompletion;
}

export function contentOf(value: unknown): string {
  return asCompletion(value).choices[0].message.content ?? '';
}

export interface ErrorShape {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export function errorOf(value: unknown): ErrorShape {
  const error = (value as { error?: ErrorShape } | null)?.error;
  if (!error || typeof error.message !== 'string')
    throw new Error(`not an error body: ${JSON.stringify(value)}`);
  return error;
}

/** The schema the add-on sends with batched work: one `{id, answer}` per item. */
export function answersSchema(answer: Record<string, unknown> = { type: 'string' }): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      answers: {
        type: 'array',
        items: {
          type: 'object',
          properties: { id: { type: 'integer' }, answer },
          required: ['id', 'answer'],
          additionalProperties: false,
        },
      },
    },
    required: ['answers'],
    additionalProperties: false,
  };
}

export function jsonSchemaFormat(schema: Record<string, unknown>, name = 'answers'): Record<string, unknown> {
  return { type: 'json_schema', json_schema: { name, strict: true, schema } };
}

export function itemsMessage(texts: string[]): string {
  return JSON.stringify({ items: texts.map((text, id) => ({ id, text })) });
}

export function batchRequest(
  model: string,
  system: string,
  texts: string[],
  answer: Record<string, unknown> = { type: 'string' },
): Record<string, unknown> {
  return {
    model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: itemsMessage(texts) },
    ],
    response_format: jsonSchemaFormat(answersSchema(answer)),
  };
}

export function answersOf(value: unknown): Array<{ id: number; answer: unknown }> {
  const parsed = JSON.parse(contentOf(value)) as { answers: Array<{ id: number; answer: unknown }> };
  return parsed.answers;
}

/** POST /v1/files as multipart/form-data (undici's FormData), as an HTTP client would upload. */
export async function uploadFile(
  baseUrl: string,
  content: string | Uint8Array,
  filename = 'requests.jsonl',
  purpose: string | null = 'batch',
  key: string = KEY,
): Promise<Reply> {
  const form = new FormData();
  if (purpose !== null) form.append('purpose', purpose);
  form.append('file', new Blob([content], { type: 'application/jsonl' }), filename);
  const response = await fetch(`${baseUrl}/v1/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseOrNull(text) };
}

/** One line of a batch input file. */
export function batchLine(customId: string, body: Record<string, unknown>): string {
  return JSON.stringify({ custom_id: customId, method: 'POST', url: '/v1/chat/completions', body });
}

export function jsonl(lines: string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}

export function parseJsonl(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Uploads the lines and creates a batch of them; returns the Batch object. */
export async function startBatch(
  baseUrl: string,
  lines: string[],
  extra: Record<string, unknown> = {},
  key: string = KEY,
): Promise<BatchShape> {
  const file = await uploadFile(baseUrl, jsonl(lines), 'requests.jsonl', 'batch', key);
  if (file.status !== 200) throw new Error(`upload failed: ${file.text}`);
  const body = {
    input_file_id: (file.json as { id: string }).id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    ...extra,
  };
  const batch = await call(baseUrl, 'POST', '/v1/batches', body, key);
  if (batch.status !== 200) throw new Error(`batch creation failed: ${batch.text}`);
  return batch.json as BatchShape;
}

export async function getBatch(baseUrl: string, id: string, key: string = KEY): Promise<BatchShape> {
  return (await call(baseUrl, 'GET', `/v1/batches/${id}`, undefined, key)).json as BatchShape;
}

/** The lines of a file's content, parsed. */
export async function fileLines(baseUrl: string, id: string): Promise<Array<Record<string, unknown>>> {
  return parseJsonl((await call(baseUrl, 'GET', `/v1/files/${id}/content`)).text);
}

/** The fields of the Batch object these tests read. */
export interface BatchShape {
  id: string;
  status: string;
  model: string | null;
  errors: {
    object: string;
    data: Array<{ code: string; message: string; param: string | null; line: number | null }>;
  } | null;
  output_file_id: string | null;
  error_file_id: string | null;
  request_counts: { total: number; completed: number; failed: number };
  usage: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
  created_at: number;
  in_progress_at: number | null;
  expires_at: number | null;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  metadata: Record<string, string> | null;
}
