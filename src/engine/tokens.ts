// Token estimates for checking the budget before a call. They err on the high side: the API's
// reported usage is what gets charged afterwards.

/** About 3 characters per token for ASCII (real: ~4), 1 per other BMP character, 3 per astral one. */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) ascii++;
    else other += c > 0xffff ? 3 : 1;
  }
  return Math.ceil(ascii / 3) + other;
}

/** Per-message framing the API adds around each message and the reply. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
