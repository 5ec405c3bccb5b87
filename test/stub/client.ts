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
