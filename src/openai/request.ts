// Request bodies with exactly the parameters the model's family (and what it taught us) accepts.
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { capabilitiesOf, type ModelCapabilities, type ReasoningEffort } from './models';

/** The SDK's type, with the efforts openapi.json lists today (it adds "max"). */
export type ChatBody = Omit<ChatCompletionCreateParamsNonStreaming, 'reasoning_effort'> & {
  reasoning_effort?: ReasoningEffort;
};

export interface ChatSpec {
  model: string;
  system: string;
  user: string;
  /** JSON schema for structured output (strict). */
  schema?: { name: string; schema: Record<string, unknown> };
  /** Not sent to reasoning models, which refuse a custom temperature. Default 0 (repeatable answers). */
  temperature?: number;
  maxOutputTokens: number;
}

export function buildChatBody(
  spec: ChatSpec,
  caps: ModelCapabilities = capabilitiesOf(spec.model),
): ChatBody {
  const body: ChatBody = {
    model: spec.model,
    messages: [
      { role: caps.reasoning ? 'developer' : 'system', content: spec.system },
      { role: 'user', content: spec.user },
    ],
    // Answers are cached here; there is no reason to also keep them on OpenAI's side.
    store: false,
  };
  if (caps.tokenParam === 'max_tokens') body.max_tokens = spec.maxOutputTokens;
  else body.max_completion_tokens = spec.maxOutputTokens;
  if (caps.reasoning && caps.cheapestEffort) body.reasoning_effort = caps.cheapestEffort;
  if (caps.temperature) body.temperature = spec.temperature ?? 0;
  if (spec.schema) {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: spec.schema.name, strict: true, schema: spec.schema.schema },
    };
  }
  for (const param of caps.drop) delete (body as Record<string, unknown>)[param];
  return body;
}
