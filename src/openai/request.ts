import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { capabilitiesOf, type ReasoningEffort } from './models';

export type ChatBody = ChatCompletionCreateParamsNonStreaming;

export interface ChatSpec {
  model: string;
  system: string;
  user: string;
  /** JSON schema for structured output (strict). */
  schema?: { name: string; schema: Record<string, unknown> };
  /** Ignored by reasoning models, which refuse a custom temperature. Default 0 (repeatable answers). */
  temperature?: number;
  maxOutputTokens: number;
  /** For reasoning models; defaults to the cheapest effort the model accepts. */
  effort?: ReasoningEffort;
}

/** A request body with exactly the parameters the model's family accepts. */
export function buildChatBody(spec: ChatSpec): ChatBody {
  const caps = capabilitiesOf(spec.model);
  const body: ChatBody = {
    model: spec.model,
    messages: [
      { role: caps.reasoning ? 'developer' : 'system', content: spec.system },
      { role: 'user', content: spec.user },
    ],
    max_completion_tokens: spec.maxOutputTokens,
    // Answers are cached here; there is no reason to also keep them on OpenAI's side.
    store: false,
  };
  if (caps.reasoning) {
    body.reasoning_effort = spec.effort ?? caps.cheapestEffort ?? 'low';
  } else {
    body.temperature = spec.temperature ?? 0;
  }
  if (spec.schema) {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: spec.schema.name, strict: true, schema: spec.schema.schema },
    };
  }
  return body;
}
