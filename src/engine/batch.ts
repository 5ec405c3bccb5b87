// Grouping rows into requests and matching the model's answers back to them.
import type { RequestCost } from '../budget/ledger';
import type { ModelCapabilities, ModelPrice } from '../openai/models';
import { boundUsd, reasoningAllowance } from '../openai/models';
import type { ChatSpec } from '../openai/request';
import { answerSchema, readAnswers, type AnswerShape } from './answer-shape';
import { fitCell } from './cell-values';
import { looksLikeInstructions } from './injection';
import type { UsageLimits } from './reported-usage';
import { learnedPromptBound, promptShape, type PromptBounds, type PromptShape } from './prompt-bounds';
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
  /** What a learned bound of its prompt needs (prompt-bounds.ts). */
  shape: PromptShape;
}

export interface BatchParams {
  model: string;
  /** What the model takes (its family and lessons); decides the reasoning allowance. */
  caps: ModelCapabilities;
  temperature?: number;
  maxTokens?: number;
  /** For measuring the two shapes against each other; requests use ANSWER_SHAPE. */
  shape?: AnswerShape;
  /** The owner's "send every row alone" (isolation.ts): one row per request. */
  alone?: boolean;
}

/**
 * Groups rows into requests; a row that looks like instructions aimed at the model goes alone, so it
 * can only ever steer its own answer (every row does, with the owner's "send every row alone").
 */
export function planBatches(texts: string[], positions: number[], task: Task, params: BatchParams): Batch[] {
  const batches: Batch[] = [];
  let current: number[] = [];
  let currentTokens = 0;
  for (const position of positions) {
    if (params.alone || looksLikeInstructions(texts[position])) {
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
    shape: promptShape(params.model, task.instructions, schemaText, user),
  };
}

/**
 * Answers by position for the items the model answered properly: a known id, exactly once, and
 * for a choice task one of the labels (matched without regard to case or surrounding space). Free
 * text is cut to fit a cell (fitCell), whichever path writes it: formula, column job or batch.
 */
export function parseAnswers(
  content: string,
  batch: Pick<Batch, 'positions'>,
  task: Task,
): Map<number, string> {
  const found = new Map<number, string>();
  for (const [id, answer] of readAnswers(content, batch.positions.length)) {
    const value = task.labels ? canonicalLabel(answer, task.labels) : fitCell(answer.trim());
    if (value !== undefined) found.set(batch.positions[id], value);
  }
  return found;
}

function canonicalLabel(answer: string, labels: string[]): string | undefined {
  const wanted = answer.trim().toLowerCase();
  return labels.find((l) => l.toLowerCase() === wanted);
}

/** What a request can bill at most: its prompt bound and its output cap. */
export function usageLimits(batch: Pick<Batch, 'boundTokens' | 'spec'>): UsageLimits {
  return { input: batch.boundTokens - batch.spec.maxOutputTokens, output: batch.spec.maxOutputTokens };
}

/**
 * What a request may cost at most: the bound in tokens (the learned one when it is tighter), and
 * priced at the model's rates (times `discount`: the Batch API bills half).
 */
export function requestCost(
  batch: Batch,
  model: string,
  prices: Record<string, ModelPrice>,
  discount = 1,
  learned?: PromptBounds,
): RequestCost {
  const output = batch.spec.maxOutputTokens;
  const learnedPrompt = learned ? learnedPromptBound(learned, batch.shape) : undefined;
  const bound = Math.min(batch.boundTokens, learnedPrompt === undefined ? Infinity : learnedPrompt + output);
  const usd = boundUsd(model, { input: bound - output, output }, prices, discount);
  const tokens = Math.min(batch.estimatedTokens, bound);
  return { tokens, bound, model, ...(usd === undefined ? {} : { usd }) };
}
