// Reading a batch's output and error files: each line matched to its rows by custom_id (in any
// order), answers parsed and checked exactly as synchronous answers are (parseAnswers: known ids,
// each once, labels among the task's), refusals turned into the messages a synchronous call gets.
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Charge } from '../../budget/ledger';
import { parseAnswers } from '../../engine/batch';
import { usableUsage } from '../../engine/reported-usage';
import { userErrorFor } from '../../engine/failures';
import type { Task } from '../../engine/tasks';
import type { UserError } from '../../i18n/messages';
import { errorForStatus, type ApiErrorBody } from '../../openai/errors';
import { cacheWriteTokens, costUsd, type ModelPrice } from '../../openai/models';
import { shouldRetry } from '../../openai/retry';
import { parseCustomId, type RequestId } from './ids';

/** `texts`: the request's item texts, read from the input file. */
export type LineOutcome =
  | { kind: 'answers'; request: RequestId; texts: string[]; answers: Map<number, string> }
  /**
   * Not run (expired, cancelled) or failed in a way that may pass: asked again; `normalPath` when
   * only the Batch API refused the model, so the texts go by synchronous requests instead.
   */
  | { kind: 'again'; request: RequestId; texts: string[]; expired: boolean; normalPath?: boolean }
  | { kind: 'fail'; request: RequestId; texts: string[]; error: UserError };

interface OutputLine {
  custom_id?: unknown;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
}

export interface BatchUsageTotals {
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  /** Requests that were billed (a completion came back). */
  requests: number;
  /** Of those, completions whose usage was missing or not a count: charged at the reservation. */
  unreported?: number;
}

export interface ReadResults {
  lines: LineOutcome[];
  usage: BatchUsageTotals;
  /** The results could not be downloaded (over Apps Script's 50 MB a call): every row is asked again. */
  tooLarge?: boolean;
}

export function emptyUsage(): BatchUsageTotals {
  return { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, requests: 0 };
}

/**
 * Every line of the files that belongs to this job, in the files' order, with its item texts as the
 * input file has them (a line whose request is not in it is left out: nothing can be written for it).
 */
export function readResults(
  files: string[],
  inputs: Map<string, string[]>,
  jobId: string,
  task: Task,
  model: string,
): ReadResults {
  const usage = emptyUsage();
  const lines: LineOutcome[] = [];
  for (const text of files) {
    for (const raw of text.split('\n')) {
      const line = parseLine(raw);
      const request = parseCustomId(line?.custom_id);
      const texts = inputs.get(String(line?.custom_id));
      if (!line || !request || request.jobId !== jobId || !texts) continue;
      lines.push(outcomeOf(line, request, texts, task, model, usage));
    }
  }
  return { lines, usage };
}

/** custom_id -> the request's item texts, from a batch's input file. */
export function readInputs(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of file.split('\n')) {
    const line = parseLine(raw) as {
      custom_id?: unknown;
      body?: { messages?: Array<{ content?: unknown }> };
    } | null;
    const messages = line?.body?.messages;
    const user = messages?.[messages.length - 1]?.content;
    if (typeof line?.custom_id !== 'string' || typeof user !== 'string') continue;
    try {
      const items = (JSON.parse(user) as { items?: Array<{ id: number; text: string }> }).items ?? [];
      const texts: string[] = [];
      for (const item of items) texts[item.id] = String(item.text);
      out.set(line.custom_id, texts);
    } catch {
      // not a request of this add-on
    }
  }
  return out;
}

function parseLine(raw: string): OutputLine | null {
  if (!raw.trim()) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' ? (value as OutputLine) : null;
  } catch {
    return null;
  }
}

function outcomeOf(
  line: OutputLine,
  request: RequestId,
  texts: string[],
  task: Task,
  model: string,
  usage: BatchUsageTotals,
): LineOutcome {
  const response = line.response;
  if (!response) return { kind: 'again', request, texts, expired: line.error?.code === 'batch_expired' };
  const status = response.status_code ?? 0;
  if (status === 200) {
    const completion = response.body as ChatCompletion | undefined;
    addUsage(usage, completion?.usage);
    const content = completion?.choices?.[0]?.message?.content ?? '';
    const positions = texts.map((_, k) => k);
    return { kind: 'answers', request, texts, answers: parseAnswers(content, { positions }, task) };
  }
  const body = (response.body as { error?: ApiErrorBody } | undefined)?.error;
  const error = errorForStatus(status, body, undefined, undefined);
  if (isInternalBatchModel(status, body))
    return { kind: 'again', request, texts, expired: false, normalPath: true };
  if (shouldRetry(error, undefined)) return { kind: 'again', request, texts, expired: false };
  return { kind: 'fail', request, texts, error: userErrorFor(error, model) };
}

/**
 * openai/openai-python#3071: batch runs of GPT-5.x models look up an internal id that does not exist
 * ("The model `gpt-5-mini-2025-08-07-batch` does not exist ...", 404 model_not_found) while
 * synchronous calls to the same model work. The model is not missing; only its batch path is.
 */
function isInternalBatchModel(status: number, body: ApiErrorBody | undefined): boolean {
  return status === 404 && body?.code === 'model_not_found' && /`[^`]+-batch`/.test(body.message ?? '');
}

/**
 * A line's usage, checked as a synchronous response's is (reported-usage.ts). The line's own bound is
 * not known here, so a line without usable usage is counted, and its batch is charged at least its
 * whole reservation (batch-collect.ts).
 */
function addUsage(totals: BatchUsageTotals, usage: ChatCompletion['usage']): void {
  totals.requests++;
  const checked = usableUsage(usage, { input: Infinity, output: Infinity });
  if (!checked) {
    totals.unreported = (totals.unreported ?? 0) + 1;
    return;
  }
  totals.input += checked.input;
  totals.cachedInput += checked.cachedInput;
  totals.cacheWrite += cacheWriteTokens(usage);
  totals.output += checked.output;
  totals.reasoning += checked.reasoning;
}

/** The usage as the ledger charges it, at the batch price; and what it costs at the synchronous one. */
export function chargeOf(
  usage: BatchUsageTotals,
  model: string,
  prices: Record<string, ModelPrice>,
  discount: number,
): { charge: Charge; fullUsd: number } {
  const tokens = {
    input: usage.input,
    cachedInput: usage.cachedInput,
    cacheWrite: usage.cacheWrite,
    output: usage.output,
  };
  const usd = costUsd(model, tokens, prices, discount);
  const charge: Charge = {
    input: usage.input,
    cachedInput: usage.cachedInput,
    cacheWrite: usage.cacheWrite,
    output: usage.output,
    reasoning: usage.reasoning,
    costUsd: usd ?? 0,
    requests: usage.requests,
    ...(usd === undefined ? { unpricedTokens: usage.input + usage.output } : {}),
  };
  return { charge, fullUsd: costUsd(model, tokens, prices) ?? 0 };
}
