// Checks a chat completion request the way the real API does, and reduces it to what the stub uses.

import * as errors from './api-errors';
import type { ApiError } from './api-errors';
import { EFFORTS, type Effort, type FamilyRules, type TokenParam } from './catalogue';
import type { PromptMessage } from './tokens';

export type ResponseFormat =
  { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; name: string; schema: unknown };

export interface ChatRequest {
  model: string;
  family: FamilyRules;
  messages: PromptMessage[];
  /** max_completion_tokens, or the deprecated max_tokens; null when neither is given. */
  maxTokens: number | null;
  /** The effort it reasons at: the one asked for, else the family's default; null if it does not reason. */
  effort: Effort | null;
  format: ResponseFormat;
  n: number;
}

/** The family of a model the caller may use now, or null (unknown, not offered or shut down). */
export type ModelLookup = (id: string) => FamilyRules | null;

export type Parsed = { ok: true; request: ChatRequest } | { ok: false; error: ApiError };

type Body = Record<string, unknown>;

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

export function parseChatRequest(body: unknown, lookup: ModelLookup): Parsed {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(errors.invalidJson());
  const b = body as Body;
  if (b.model === undefined) return fail(errors.missingModel());
  if (typeof b.model !== 'string') return fail(errors.invalidType('model', 'a string'));
  const messages = parseMessages(b.messages);
  if ('error' in messages) return fail(messages.error);
  const family = lookup(b.model);
  if (!family) return fail(errors.modelNotFound(b.model));
  const problem =
    checkTemperature(b, family) ??
    checkMaxTokens(b, family) ??
    checkEffort(b, b.model, family) ??
    checkN(b) ??
    checkStream(b);
  if (problem) return fail(problem);
  const format = parseFormat(b.response_format, messages.list);
  if ('error' in format) return fail(format.error);
  return {
    ok: true,
    request: {
      model: b.model,
      family,
      messages: messages.list,
      maxTokens: (b.max_completion_tokens ?? b.max_tokens ?? null) as number | null,
      effort: family.reasoning
        ? ((b.reasoning_effort as Effort | null | undefined) ?? family.defaultEffort)
        : null,
      format: format.format,
      n: (b.n as number | undefined) ?? 1,
    },
  };
}

function fail(error: ApiError): Parsed {
  return { ok: false, error };
}

function parseMessages(value: unknown): { list: PromptMessage[] } | { error: ApiError } {
  if (value === undefined) return { error: errors.missingParameter('messages') };
  if (!Array.isArray(value)) return { error: errors.invalidType('messages', 'an array') };
  if (value.length === 0) {
    return {
      error: errors.invalidValue(
        'messages',
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      ),
    };
  }
  const list: PromptMessage[] = [];
  for (const [i, raw] of value.entries()) {
    const message = parseMessage(raw, i);
    if ('error' in message) return message;
    list.push(message.message);
  }
  return { list };
}

function parseMessage(raw: unknown, i: number): { message: PromptMessage } | { error: ApiError } {
  if (typeof raw !== 'object' || raw === null)
    return { error: errors.invalidType(`messages[${i}]`, 'an object') };
  const m = raw as Body;
  if (typeof m.role !== 'string' || !ROLES.includes(m.role)) {
    return {
      error: errors.invalidValue(
        `messages[${i}].role`,
        `Invalid value: '${String(m.role)}'. Supported values are: ${quoteList(ROLES)}.`,
      ),
    };
  }
  const content = contentText(m.content);
  if (content === null) {
    return { error: errors.invalidType(`messages[${i}].content`, 'a string or an array of content parts') };
  }
  const message: PromptMessage = { role: m.role, content };
  if (typeof m.name === 'string') message.name = m.name;
  return { message };
}

/** A message's text: a string, or the text parts of a content array joined; null if neither. */
function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) return null;
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part !== 'object' || part === null) return null;
    const text = (part as Body).text;
    if (typeof text === 'string') texts.push(text);
  }
  return texts.join('\n');
}

function checkTemperature(b: Body, family: FamilyRules): ApiError | null {
  const t = b.temperature;
  if (t === undefined || t === null) return null;
  if (typeof t !== 'number') return errors.invalidType('temperature', 'a decimal');
  if (t < 0 || t > 2) {
    return errors.invalidValue(
      'temperature',
      `Invalid 'temperature': decimal ${t > 2 ? 'above maximum value. Expected a value <= 2' : 'below minimum value. Expected a value >= 0'}, but got ${t} instead.`,
    );
  }
  if (family.temperature === 'default_only' && t !== 1) {
    return errors.unsupportedValue(
      'temperature',
      `Unsupported value: 'temperature' does not support ${t} with this model. Only the default (1) value is supported.`,
    );
  }
  return null;
}

/** The token-limit parameter the family does not take, when the request sends it. */
function unsupportedTokenParam(b: Body, family: FamilyRules): ApiError | null {
  const other: Record<TokenParam, TokenParam> = {
    max_tokens: 'max_completion_tokens',
    max_completion_tokens: 'max_tokens',
  };
  for (const param of ['max_tokens', 'max_completion_tokens'] as const) {
    const sent = b[param] !== undefined && b[param] !== null;
    if (sent && !family.tokenParams.includes(param)) {
      return errors.unsupportedParameter(param, `Use '${other[param]}' instead.`);
    }
  }
  return null;
}

function checkMaxTokens(b: Body, family: FamilyRules): ApiError | null {
  const unsupported = unsupportedTokenParam(b, family);
  if (unsupported) return unsupported;
  for (const param of ['max_completion_tokens', 'max_tokens'] as const) {
    const v = b[param];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v)) return errors.invalidType(param, 'an integer');
    if (v < 1) {
      return errors.invalidValue(
        param,
        `Invalid '${param}': integer below minimum value. Expected a value >= 1, but got ${v} instead.`,
      );
    }
  }
  return null;
}

function checkEffort(b: Body, model: string, family: FamilyRules): ApiError | null {
  const effort = b.reasoning_effort;
  if (effort === undefined || effort === null) return null;
  if (!family.reasoning) return errors.unsupportedParameter('reasoning_effort');
  if (!EFFORTS.includes(effort as Effort)) {
    return errors.invalidValue(
      'reasoning_effort',
      `Invalid value: '${String(effort)}'. Supported values are: ${quoteList(EFFORTS)}.`,
    );
  }
  if (!family.efforts.includes(effort as Effort)) {
    return errors.unsupportedEffort(model, String(effort), quoteList(family.efforts));
  }
  return null;
}

function checkN(b: Body): ApiError | null {
  const n = b.n;
  if (n === undefined || n === null) return null;
  if (typeof n !== 'number' || !Number.isInteger(n)) return errors.invalidType('n', 'an integer');
  if (n < 1 || n > 128) {
    return errors.invalidValue('n', `Invalid 'n': expected a value between 1 and 128, but got ${n} instead.`);
  }
  return null;
}

function checkStream(b: Body): ApiError | null {
  if (b.stream !== true) return null;
  return errors.invalidValue('stream', 'This stub does not stream: send the request without "stream": true.');
}

function parseFormat(
  value: unknown,
  messages: PromptMessage[],
): { format: ResponseFormat } | { error: ApiError } {
  if (value === undefined || value === null) return { format: { type: 'text' } };
  const f = value as Body;
  if (typeof value !== 'object' || typeof f.type !== 'string') {
    return { error: errors.missingParameter('response_format.type') };
  }
  if (f.type === 'text') return { format: { type: 'text' } };
  if (f.type === 'json_object') {
    const mentionsJson = messages.some((m) => /json/i.test(m.content));
    if (!mentionsJson) {
      return {
        error: errors.invalidValue(
          'messages',
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        ),
      };
    }
    return { format: { type: 'json_object' } };
  }
  if (f.type === 'json_schema') return parseJsonSchemaFormat(f.json_schema);
  return {
    error: errors.invalidValue(
      'response_format.type',
      `Invalid value: '${f.type}'. Supported values are: 'text', 'json_object', and 'json_schema'.`,
    ),
  };
}

function parseJsonSchemaFormat(value: unknown): { format: ResponseFormat } | { error: ApiError } {
  if (typeof value !== 'object' || value === null) {
    return { error: errors.missingParameter('response_format.json_schema') };
  }
  const js = value as Body;
  if (typeof js.name !== 'string')
    return { error: errors.missingParameter('response_format.json_schema.name') };
  if (js.schema !== undefined && (typeof js.schema !== 'object' || js.schema === null)) {
    return { error: errors.invalidType('response_format.json_schema.schema', 'an object') };
  }
  return { format: { type: 'json_schema', name: js.name, schema: js.schema ?? {} } };
}

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`
    : quoted.join('');
}
