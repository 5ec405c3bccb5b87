// The chat.completion object for an answer: usage, truncation at the token limit, reasoning tokens.

import { randomBytes } from 'node:crypto';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Effort } from './catalogue';
import type { ChatRequest } from './chat-request';
import type { CacheUse } from './prompt-cache';
import { hexHash, stableHash } from './random';
import { countPromptTokens, countTokens, schemaTokens, truncateToTokens } from './tokens';

/** Reasoning tokens are billed at every effort but none and minimal. */
const REASONING_BASE: Record<Effort, number> = {
  none: 0,
  minimal: 0,
  low: 64,
  medium: 192,
  high: 448,
  xhigh: 960,
  max: 2048,
};

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** Prompt tokens written to the prompt cache (GPT-5.6 and later bill them at 1.25x input). */
  cacheWriteTokens: number;
  reasoningTokens: number;
}

/** The usage details of families that bill cache writes; the installed `openai` types (6.x) predate the field. */
type PromptDetails = NonNullable<NonNullable<ChatCompletion['usage']>['prompt_tokens_details']> & {
  cache_write_tokens?: number;
};

export function reasoningTokens(request: ChatRequest, content: string): number {
  if (request.effort === null) return 0;
  const base = REASONING_BASE[request.effort];
  return base === 0 ? 0 : base + (stableHash(content) % 64);
}

/** The schema in response_format, or null. */
export function formatSchema(request: ChatRequest): unknown | null {
  return request.format.type === 'json_schema' ? request.format.schema : null;
}

/** The cookbook count of the messages plus the response_format schema, which the real API bills as input. */
export function promptTokens(request: ChatRequest): number {
  return countPromptTokens(request.messages) + schemaTokens(formatSchema(request)).length;
}

/** The reply as the model would give it under max_completion_tokens: reasoning first, then text. */
function limitOutput(request: ChatRequest, content: string) {
  const reasoning = reasoningTokens(request, content);
  const tokens = countTokens(content);
  const limit = request.maxTokens;
  if (limit === null || reasoning + tokens <= limit) {
    return { content, reasoning, contentTokens: tokens, finish: 'stop' as const };
  }
  const reasoningUsed = Math.min(reasoning, limit);
  const contentTokens = limit - reasoningUsed;
  return {
    content: truncateToTokens(content, contentTokens),
    reasoning: reasoningUsed,
    contentTokens,
    finish: 'length' as const,
  };
}

export function buildCompletion(
  request: ChatRequest,
  content: string,
  cache: CacheUse = { read: 0, written: 0 },
  now = Date.now(),
): { body: ChatCompletion; usage: Usage } {
  const out = limitOutput(request, content);
  const prompt = promptTokens(request);
  const completionTokens = (out.reasoning + out.contentTokens) * request.n;
  const choices: ChatCompletion.Choice[] = Array.from({ length: request.n }, (_, index) => ({
    index,
    message: { role: 'assistant', content: out.content, refusal: null, annotations: [] },
    finish_reason: out.finish,
    logprobs: null,
  }));
  const body: ChatCompletion = {
    id: `chatcmpl-${randomId(29)}`,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: request.model,
    choices,
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completionTokens,
      total_tokens: prompt + completionTokens,
      prompt_tokens_details: promptDetails(request, cache),
      completion_tokens_details: {
        reasoning_tokens: out.reasoning * request.n,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: `fp_${hexHash(request.model, 10)}`,
  };
  const usage = {
    promptTokens: prompt,
    completionTokens,
    cachedTokens: cache.read,
    cacheWriteTokens: cache.written,
    reasoningTokens: out.reasoning * request.n,
  };
  return { body, usage };
}

/** `cache_write_tokens` is present (0 included) on the families that bill writes, as captures show it. */
function promptDetails(request: ChatRequest, cache: CacheUse): PromptDetails {
  const details: PromptDetails = { cached_tokens: cache.read, audio_tokens: 0 };
  if (request.family.cacheWrites) details.cache_write_tokens = cache.written;
  return details;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(length: number): string {
  return Array.from(randomBytes(length), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}
