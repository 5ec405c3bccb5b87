// Grouping rows into requests and matching the model's answers back to them.
import type { RequestCost } from '../budget/ledger';
import type { ModelCapabilities, ModelPrice } from '../openai/models';
import { boundUsd, reasoningAllowance } from '../openai/models';
import type { ChatSpec } from '../openai/request';
import { answerSchema, readAnswers, type AnswerShape } from './answer-shape';
import { looksLikeInstructions } from './injection';
import type { Task } from './tasks';
import { utf8Length } from './sha256';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from './tokens';

/** Longest text one cell may send (Sheets allows 50,000 characters in a cell). */
export const MAX_INPUT_CHARS = 20000;
/** Input tokens one request may carry, so a batch never gets near a context limit or a long wait. */
const MAX_BATCH_INPUT_TOKENS = 6000;
/** Output framing per item: "12":"", (keyed) or {"id":12,"answer":""}, (list). */
const ITEM_FRAMING_TOKENS = 10;

export interface Batch {
  /** Positions (in the caller's list of texts) of the items, in request order; the request uses 0..n-1 as ids. */
  positions: number[];
  spec: ChatSpec;
  /** The estimate of the tokens billed: input estimate plus the output cap. */
  estimatedTokens: number;
  /**
   * A bound no text can exceed: UTF-8 bytes of the input (a byte-level BPE token is at least one
   * byte) plus the output cap.
   */
  boundTokens: number;
}

export interface BatchParams {
  model: string;
  /** What the model takes (its family and lessons); decides the reasoning allowance. */
  caps: ModelCapabilities;
  temperature?: number;
  maxTokens?: number;
  /** For measuring the two shapes against each other; requests use ANSWER_SHAPE. */
  shape?: AnswerShape;
}

/**
 * Groups rows into requests; a row that looks like instructions aimed at the model goes alone, so it
 * can only ever steer its own answer.
 */
export function planBatches(texts: string[], positions: number[], task: Task, params: BatchParams): Batch[] {
  const batches: Batch[] = [];
  let current: number[] = [];
  let currentTokens = 0;
  for (const position of positions) {
    if (looksLikeInstructions(texts[position])) {
      batches.push(makeBatch(texts, [position], task, params));
      continue;
    }
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

/** The user message of a request: its items' texts with ids 0..n-1, in order. */
export function itemsMessage(texts: string[]): string {
  return JSON.stringify({ items: texts.map((text, id) => ({ id, text })) });
}

export function makeBatch(texts: string[], positions: number[], task: Task, params: BatchParams): Batch {
  const user = itemsMessage(positions.map((p) => texts[p]));
  const schema = answerSchema(task, positions.length, params.shape);
  const itemTokens = params.maxTokens ?? task.maxItemTokens;
  const maxOutputTokens =
    positions.length * (itemTokens + ITEM_FRAMING_TOKENS) + 20 + reasoningAllowance(params.caps);
  const spec: ChatSpec = {
    model: params.model,
    system: task.instructions,
    user,
    schema: { name: 'answers', schema },
    temperature: params.temperature,
    maxOutputTokens,
  };
  const schemaText = JSON.stringify(schema);
  const framing = 3 * MESSAGE_OVERHEAD_TOKENS;
  const input =
    estimateTokens(task.instructions) + estimateTokens(user) + estimateTokens(schemaText) + framing;
  const bound = utf8Length(task.instructions) + utf8Length(user) + utf8Length(schemaText) + framing;
  return {
    positions,
    spec,
    estimatedTokens: input + maxOutputTokens,
    boundTokens: Math.max(bound, input) + maxOutputTokens,
  };
}

/**
 * Answers by position for the items the model answered properly: a known id, exactly once, and
 * for a choice task one of the labels (matched without regard to case or surrounding space).
 */
export function parseAnswers(
  content: string,
  batch: Pick<Batch, 'positions'>,
  task: Task,
): Map<number, string> {
  const found = new Map<number, string>();
  for (const [id, answer] of readAnswers(content, batch.positions.length)) {
    const value = task.labels ? canonicalLabel(answer, task.labels) : answer.trim();
    if (value !== undefined) found.set(batch.positions[id], value);
  }
  return found;
}

function canonicalLabel(answer: string, labels: string[]): string | undefined {
  const wanted = answer.trim().toLowerCase();
  return labels.find((l) => l.toLowerCase() === wanted);
}

/**
 * What a request may cost at most: the bound in tokens, and priced at the model's rates (times
 * `discount`: the Batch API bills half).
 */
export function requestCost(
  batch: Batch,
  model: string,
  prices: Record<string, ModelPrice>,
  discount = 1,
): RequestCost {
  const output = batch.spec.maxOutputTokens;
  const usd = boundUsd(model, { input: batch.boundTokens - output, output }, prices, discount);
  return {
    tokens: batch.estimatedTokens,
    bound: batch.boundTokens,
    model,
    ...(usd === undefined ? {} : { usd }),
  };
}
