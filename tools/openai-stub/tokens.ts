// Token counts with the o200k_base encoding used by the GPT-4o, GPT-4.1 and GPT-5 families.

import { decode, encode } from 'gpt-tokenizer/encoding/o200k_base';

/** Special-token text in a prompt is ordinary text to the API, not a control token. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

export interface PromptMessage {
  role: string;
  content: string;
  name?: string;
}

export function encodeText(text: string): number[] {
  return encode(text, AS_TEXT);
}

export function countTokens(text: string): number {
  return encodeText(text).length;
}

/**
 * The OpenAI cookbook's count for chat models: every message costs 3 tokens of framing plus its
 * role, content and name (a name adds 1 more), and the reply is primed with 3.
 */
export function countPromptTokens(messages: PromptMessage[]): number {
  let total = 3;
  for (const m of messages) {
    total += 3 + countTokens(m.role) + countTokens(m.content);
    if (m.name !== undefined) total += countTokens(m.name) + 1;
  }
  return total;
}

/** The tokens of a response_format JSON schema, which the real API bills as input. */
export function schemaTokens(schema: unknown | null): number[] {
  return schema === null ? [] : encodeText(JSON.stringify(schema));
}

/**
 * What the prompt cache compares: the schema, then each message's role and content, in order.
 * (Framing tokens are left out: they are the same for every request.)
 */
export function promptSequence(messages: PromptMessage[], schema: unknown | null): number[] {
  const sequence = schemaTokens(schema);
  for (const m of messages) sequence.push(...encodeText(m.role), ...encodeText(m.content));
  return sequence;
}

/** The text cut to its first `limit` tokens. */
export function truncateToTokens(text: string, limit: number): string {
  const tokens = encode(text, AS_TEXT);
  return tokens.length <= limit ? text : decode(tokens.slice(0, Math.max(0, limit)));
}
