// The chat.completion object for an answer: usage, truncation at the token limit, reasoning tokens.

import { randomBytes } from 'node:crypto';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { ChatRequest } from './chat-request';
import { defaultEffort, type Effort } from './models';
import { hexHash, stableHash } from './random';
import { countPromptTokens, countTokens, truncateToTokens } from './tokens';

const REASONING_BASE: Record<Effort, number> = {
  none: 0,
  minimal: 0,
  low: 64,
  medium: 192,
  high: 448,
  xhigh: 960,
};

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export function reasoningTokens(request: ChatRequest, content: string): number {
  if (!request.reasoning) return 0;
  const effort = request.effort ?? defaultEffort(request.model);
  const base = REASONING_BASE[effort];
  return base === 0 ? 0 : base + (stableHash(content) % 64);
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
): { body: ChatCompletion; usage: Usage } {
  const out = limitOutput(request, content);
  const promptTokens = countPromptTokens(request.messages);
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
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
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
  return { body, usage: { promptTokens, completionTokens } };
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(length: number): string {
  return Array.from(randomBytes(length), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}
