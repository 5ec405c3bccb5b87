// Tighter bounds for budget admission, learned from the API's own counts.
//
// The ledger admits a request only if a bound of what it can bill fits (ledger.ts). UTF-8 bytes are a
// bound for any text, but about four times the real count for English, so a budget was refused with
// most of it unused. The bound kept here stays a bound, under one documented property of the chat
// format: each message (and the response_format schema) is tokenized on its own, between special
// tokens. Then two requests with the same model, system message and schema differ in prompt tokens
// only by their user messages, and
//
//   prompt(new) <= [prompt(seen) - lower(user seen)] + bytes(user new)
//
// where lower(text) counts pieces the tokenizer's pre-tokenizer keeps apart (tokenLowerBound). The bracket is learned per (model, system, schema) from every usable
// usage report, keeping the smallest; per (model, system) a looser figure also subtracts the
// schema's runs, so a request with a schema not seen yet is bounded by it plus its schema's bytes.
// A server that under-reports usage can lower these figures; the base URL is the owner's choice.
import { sha256Hex, utf8Length } from './sha256';

/** Document property: `{e: {<exact key>: tokens}, s: {<system key>: tokens}}`. */
export const PROMPT_BOUNDS_KEY = 'u:prompts';
/** Figures kept per map: past it the oldest learned go (each entry is about 20 bytes). */
const MAX_ENTRIES = 150;

export interface PromptBounds {
  /** (model, system, schema) -> prompt tokens less the user message's lower bound. */
  e: Record<string, number>;
  /** (model, system) -> prompt tokens less the lower bounds of the user message and the schema. */
  s: Record<string, number>;
}

/** What identifies a request's fixed part, and the sizes its bounds need. */
export interface PromptShape {
  exactKey: string;
  systemKey: string;
  userBytes: number;
  schemaBytes: number;
  userRuns: number;
  schemaRuns: number;
}

/**
 * A lower bound of the tokens of `text` for the API's tokenizers (o200k and cl100k), from their
 * pre-tokenizers, which cut text into pieces that are tokenized apart, so each piece is one token at
 * least: a piece never holds two runs of non-space characters; a letter run with an English
 * contraction ('s 't 're 've 'm 'll 'd) is at most one piece, and never shares it with a digit;
 * digits go at most three to a piece. The larger of the two counts is taken.
 */
export function tokenLowerBound(text: string): number {
  const runs = text.match(/\S+/g)?.length ?? 0;
  const words = text.match(/[\p{L}\p{M}]+(?:'(?:s|t|re|ve|m|ll|d)(?![\p{L}\p{M}]))?/giu)?.length ?? 0;
  const digits = (text.match(/\p{N}+/gu) ?? []).reduce((n, d) => n + Math.ceil([...d].length / 3), 0);
  return Math.max(runs, words + digits);
}

export function promptShape(model: string, system: string, schemaText: string, user: string): PromptShape {
  return {
    exactKey: sha256Hex(`${model}\n${system}\n${schemaText}`).slice(0, 12),
    systemKey: sha256Hex(`${model}\n${system}`).slice(0, 12),
    userBytes: utf8Length(user),
    schemaBytes: utf8Length(schemaText),
    userRuns: tokenLowerBound(user),
    schemaRuns: tokenLowerBound(schemaText),
  };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function counts(raw: unknown): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (isCount(v)) out[k] = v;
  return out;
}

export function readPromptBounds(props: Record<string, string>): PromptBounds {
  try {
    const parsed = JSON.parse(props[PROMPT_BOUNDS_KEY] ?? '{}') as { e?: unknown; s?: unknown };
    return { e: counts(parsed.e), s: counts(parsed.s) };
  } catch {
    return { e: counts(undefined), s: counts(undefined) };
  }
}

/** The learned bound of a request's prompt tokens, or undefined when nothing is learned for it. */
export function learnedPromptBound(bounds: PromptBounds, shape: PromptShape): number | undefined {
  const exact = bounds.e[shape.exactKey];
  const system = bounds.s[shape.systemKey];
  const candidates = [
    exact === undefined ? Infinity : exact + shape.userBytes,
    system === undefined ? Infinity : system + shape.schemaBytes + shape.userBytes,
  ];
  const best = Math.min(...candidates);
  return Number.isFinite(best) ? best : undefined;
}

/** Keeps what one usable report teaches (the smaller figure wins). */
export function learnPrompt(bounds: PromptBounds, shape: PromptShape, promptTokens: number): void {
  const exact = Math.max(0, promptTokens - shape.userRuns);
  const system = Math.max(0, exact - shape.schemaRuns);
  bounds.e[shape.exactKey] = Math.min(bounds.e[shape.exactKey] ?? Infinity, exact);
  bounds.s[shape.systemKey] = Math.min(bounds.s[shape.systemKey] ?? Infinity, system);
}

function trimmed(map: Record<string, number>): Record<string, number> {
  const keys = Object.keys(map);
  return Object.fromEntries(keys.slice(Math.max(0, keys.length - MAX_ENTRIES)).map((k) => [k, map[k]]));
}

/** The property change that merges `learned` into what the store holds now (smaller wins). */
export function promptBoundChanges(
  props: Record<string, string>,
  learned: PromptBounds,
): Record<string, string> {
  const stored = readPromptBounds(props);
  let changed = false;
  for (const part of ['e', 's'] as const) {
    for (const [k, v] of Object.entries(learned[part])) {
      if (stored[part][k] !== undefined && stored[part][k] <= v) continue;
      stored[part][k] = v;
      changed = true;
    }
  }
  if (!changed) return {};
  return { [PROMPT_BOUNDS_KEY]: JSON.stringify({ e: trimmed(stored.e), s: trimmed(stored.s) }) };
}
