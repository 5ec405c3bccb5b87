// Grouping rows into requests and matching the model's answers back to them.
import type { ChatSpec } from '../openai/request';
import { answerSchema, type Task } from './tasks';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from './tokens';

/** Input tokens one request may carry, so a batch never gets near a context limit or a long wait. */
const MAX_BATCH_INPUT_TOKENS = 6000;
/** Output framing per item: {"id":12,"answer":""}, */
const ITEM_FRAMING_TOKENS = 10;

export interface Batch {
  /** Positions (in the caller's list of texts) of the items, in request order; the request uses 0..n-1 as ids. */
  positions: number[];
  spec: ChatSpec;
  estimatedTokens: number;
}

export interface BatchParams {
  model: string;
  temperature?: number;
  maxTokens?: number;
}

export function planBatches(texts: string[], positions: number[], task: Task, params: BatchParams): Batch[] {
  const batches: Batch[] = [];
  let current: number[] = [];
  let currentTokens = 0;
  for (const position of positions) {
    const tokens = estimateTokens(texts[position]) + ITEM_FRAMING_TOKENS;
    const full = current.length >= task.batchSize || currentTokens + tokens > MAX_BATCH_INPUT_TOKENS;
    if (current.length && full) {
      batches.push(makeBatch(texts, current, task, params));
      current = [];
      currentTokens = 0;
    }
    current.push(position);
    currentTokens += tokens;
  }
  if (current.length) batches.push(makeBatch(texts, current, task, params));
  return batches;
}

export function makeBatch(texts: string[], positions: number[], task: Task, params: BatchParams): Batch {
  const user = JSON.stringify({ items: positions.map((p, id) => ({ id, text: texts[p] })) });
  const schema = answerSchema(task);
  const itemTokens = params.maxTokens ?? task.maxItemTokens;
  const maxOutputTokens = positions.length * (itemTokens + ITEM_FRAMING_TOKENS) + 20;
  const spec: ChatSpec = {
    model: params.model,
    system: task.instructions,
    user,
    schema: { name: 'answers', schema },
    temperature: params.temperature,
    maxOutputTokens,
  };
  const input =
    estimateTokens(task.instructions) +
    estimateTokens(user) +
    estimateTokens(JSON.stringify(schema)) +
    3 * MESSAGE_OVERHEAD_TOKENS;
  return { positions, spec, estimatedTokens: input + maxOutputTokens };
}

/**
 * Answers by position for the items the model answered properly: a known id, once, and for a
 * choice task one of the labels (matched without regard to case or surrounding space).
 */
export function parseAnswers(content: string, batch: Batch, task: Task): Map<number, string> {
  const found = new Map<number, string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return found;
  }
  const answers = (parsed as { answers?: unknown } | null)?.answers;
  if (!Array.isArray(answers)) return found;
  for (const entry of answers) {
    const { id, answer } = (entry ?? {}) as { id?: unknown; answer?: unknown };
    if (typeof id !== 'number' || typeof answer !== 'string') continue;
    const position = batch.positions[id];
    if (position === undefined || found.has(position)) continue;
    const value = task.labels ? canonicalLabel(answer, task.labels) : answer.trim();
    if (value !== undefined) found.set(position, value);
  }
  return found;
}

function canonicalLabel(answer: string, labels: string[]): string | undefined {
  const wanted = answer.trim().toLowerCase();
  return labels.find((l) => l.toLowerCase() === wanted);
}
