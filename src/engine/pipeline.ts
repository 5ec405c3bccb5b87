// One formula's (or one job chunk's) journey: cache lookup for every row at once, budget
// reservation, batched parallel requests, a lone retry for rows the model dropped, then one
// locked commit of usage and durable answers, and one cache write.
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { answerKey, EPOCH_PROPERTY, lookupAnswers, storeInCache } from '../cache/answer-cache';
import { durableChanges, readShards } from '../cache/durable';
import { Ledger, type Calendar, type Charge, type RequestCost, type Spender } from '../budget/ledger';
import type { OpenAIClient, RateLimitSnapshot } from '../openai/client';
import { lessonChanges, readLessons } from '../openai/lessons';
import {
  capabilitiesOf,
  costUsd,
  type Lessons,
  type ModelCapabilities,
  type ModelPrice,
} from '../openai/models';
import { utcDay } from '../openai/model-choice';
import { buildChatBody } from '../openai/request';
import { type Clock, type KeyValueCache, type Mutex, type PropertyStore } from '../platform/ports';
import { UserError } from '../i18n/messages';
import { lockedUpdate, type Update } from './locked-update';
import { makeBatch, parseAnswers, planBatches, type Batch, type BatchParams } from './batch';
import { userErrorFor } from './failures';
import type { Task } from './tasks';

/** Longest text one cell may send (Sheets allows 50,000 characters in a cell). */
export const MAX_INPUT_CHARS = 20000;
const LOCK_WAIT_MS = 10000;

export interface PipelineDeps {
  client: OpenAIClient;
  clock: Clock;
  cache: KeyValueCache;
  documentStore: PropertyStore;
  documentLock: Mutex;
  newId: () => string;
  /**
   * The spreadsheet's document properties, read once per execution (one service call): the cache
   * epoch, the models' lessons and the durable answers come from it.
   */
  documentProps: () => Record<string, string>;
  prices: Record<string, ModelPrice>;
  /** Days and months in the spreadsheet's time zone, for daily and monthly budgets. */
  calendar: Calendar;
}

/** The tab work is charged to, by its id (a renamed tab keeps its budget). */
export interface TabRef {
  id: string;
  name?: string;
}

export interface RunParams extends Omit<BatchParams, 'caps'> {
  deadline: number;
  /** The tab the work is charged to, besides the spreadsheet (asked only when a call is needed). */
  sheet?: () => TabRef | undefined;
  /** Whose key pays: the owner's (their budgets apply) unless said otherwise. */
  spender?: Spender;
}

export type RowOutcome = { ok: true; answer: string } | { ok: false; error: UserError | 'unfinished' };

export interface PipelineReport {
  outcomes: RowOutcome[];
  cached: number;
  charge: Charge;
  requestIds: string[];
  /** The last rate-limit headers seen, for pacing the next requests. */
  rateLimits?: RateLimitSnapshot;
  /** The API answered model_not_found for the model. */
  modelMissing: boolean;
}

export function answerTexts(
  texts: string[],
  task: Task,
  deps: PipelineDeps,
  params: RunParams,
): PipelineReport {
  const unique = [...new Set(texts)];
  const epoch = deps.documentProps()[EPOCH_PROPERTY] ?? '';
  const keys = unique.map((text) =>
    answerKey({
      epoch,
      model: params.model,
      signature: task.signature,
      temperature: params.temperature,
      maxTokens: params.maxTokens,
      text,
    }),
  );
  const looked = lookupAnswers(deps.cache, () => readShards(deps.documentProps()), keys);

  const outcomes = new Map<number, RowOutcome>();
  unique.forEach((_, i) => {
    const answer = looked.answers.get(keys[i]);
    if (answer !== undefined) outcomes.set(i, { ok: true, answer });
  });
  const cached = outcomes.size;
  const misses: number[] = [];
  unique.forEach((text, i) => {
    if (outcomes.has(i)) return;
    if (text.length > MAX_INPUT_CHARS) {
      outcomes.set(i, {
        ok: false,
        error: new UserError('input_too_long', { chars: text.length, limit: MAX_INPUT_CHARS }),
      });
    } else misses.push(i);
  });

  const fresh = new Map<string, string>();
  const lessons = readLessons(deps.documentProps());
  const batchParams = { ...params, caps: capabilitiesOf(params.model, lessons[params.model]) };
  const caller = new Caller(task, deps, params, batchParams.caps, lessons);
  if (misses.length) {
    let pending = caller.run(planBatches(unique, misses, task, batchParams), outcomes);
    // The model dropped, mangled or answered twice these rows: once more, each alone.
    if (pending.length)
      pending = caller.run(
        pending.map((p) => makeBatch(unique, [p], task, batchParams)),
        outcomes,
      );
    for (const p of pending) outcomes.set(p, { ok: false, error: new UserError('malformed_response') });
    for (const i of misses) {
      const outcome = outcomes.get(i);
      if (outcome?.ok) fresh.set(keys[i], outcome.answer);
    }
    storeInCache(deps.cache, fresh);
  }
  commit(deps, params, caller, task.durable ? fresh : new Map(), looked.fromDurable);

  const byText = new Map(unique.map((text, i) => [text, outcomes.get(i) as RowOutcome]));
  return {
    outcomes: texts.map((t) => byText.get(t) as RowOutcome),
    cached,
    charge: caller.charge,
    requestIds: caller.requestIds,
    rateLimits: caller.rateLimits,
    modelMissing: caller.modelMissing,
  };
}

class Caller {
  readonly charge: Charge = { input: 0, cachedInput: 0, output: 0, reasoning: 0, costUsd: 0, requests: 0 };
  readonly requestIds: string[] = [];
  /** Budget reservations made, to be replaced by the actual charge at commit. */
  readonly reservations: string[] = [];
  rateLimits?: RateLimitSnapshot;
  modelMissing = false;

  constructor(
    private readonly task: Task,
    private readonly deps: PipelineDeps,
    private readonly params: RunParams,
    private readonly caps: ModelCapabilities,
    readonly lessons: Lessons,
  ) {}

  /** Lessons to keep: what refusals taught, and a model the API no longer knows. */
  learned(now: number): Lessons {
    const learned: Lessons = { ...this.deps.client.learned };
    if (this.modelMissing && !this.lessons[this.params.model]?.missingSince) {
      learned[this.params.model] = { ...learned[this.params.model], missingSince: utcDay(now) };
    }
    return learned;
  }

  /** Sends the batches the budget allows; returns positions answered by a response that left them out. */
  run(batches: Batch[], outcomes: Map<number, RowOutcome>): number[] {
    const { allowed, refusal } = this.reserve(batches);
    for (const batch of batches.slice(allowed)) {
      for (const p of batch.positions) outcomes.set(p, { ok: false, error: refusal as UserError });
    }
    const sent = batches.slice(0, allowed);
    const results = this.deps.client.createChatCompletions(
      sent.map((b) => buildChatBody(b.spec, this.caps)),
      this.params.deadline,
    );
    const dropped: number[] = [];
    sent.forEach((batch, k) => {
      const result = results[k];
      this.charge.unsettled = (this.charge.unsettled ?? 0) + (result.unanswered ?? 0) * batch.estimatedTokens;
      if (!result.ok) {
        if (result.error.reason === 'model_not_found') this.modelMissing = true;
        const error =
          result.error.name === 'DeadlineExceededError'
            ? 'unfinished'
            : userErrorFor(result.error, this.params.model);
        for (const p of batch.positions) outcomes.set(p, { ok: false, error });
        return;
      }
      if (result.requestId) this.requestIds.push(result.requestId);
      this.rateLimits = result.rateLimits;
      this.bill(result.value.usage);
      const answers = parseAnswers(result.value.choices[0].message.content ?? '', batch, this.task);
      for (const p of batch.positions) {
        const answer = answers.get(p);
        if (answer === undefined) dropped.push(p);
        else outcomes.set(p, { ok: true, answer });
      }
    });
    return dropped;
  }

  /** Usage as billed: reasoning is part of completion_tokens, cached input is priced lower. */
  private bill(usage: ChatCompletion['usage']): void {
    const input = usage?.prompt_tokens ?? 0;
    const cachedInput = usage?.prompt_tokens_details?.cached_tokens ?? 0;
    const output = usage?.completion_tokens ?? 0;
    const c = this.charge;
    c.input += input;
    c.cachedInput = (c.cachedInput ?? 0) + cachedInput;
    c.output += output;
    c.reasoning = (c.reasoning ?? 0) + (usage?.completion_tokens_details?.reasoning_tokens ?? 0);
    c.requests += 1;
    const cost = costUsd(this.params.model, { input, cachedInput, output }, this.deps.prices);
    if (cost === undefined) c.unpricedTokens = (c.unpricedTokens ?? 0) + input + output;
    else c.costUsd += cost;
  }

  private reserve(batches: Batch[]): { allowed: number; refusal?: UserError } {
    const id = this.deps.newId();
    const costs = batches.map((b) => requestCost(b, this.params.model, this.deps.prices));
    const result = locked(this.deps, this.params.deadline, (props) => {
      const ledger = new Ledger(props, this.deps.clock.now(), this.deps.calendar);
      const r = ledger.reserve(id, costs, this.params.sheet?.()?.id, this.params.spender);
      return { result: r, changes: ledger.changes() };
    });
    if (result.allowed > 0) this.reservations.push(id);
    if (result.refusal?.key === 'budget_needs_price')
      return { ...result, refusal: new UserError('budget_needs_price', { model: this.params.model }) };
    return result;
  }
}

const NO_CHARGE: Charge = { input: 0, output: 0, costUsd: 0, requests: 0 };

function commit(
  deps: PipelineDeps,
  params: RunParams,
  caller: Caller,
  durable: Map<string, string>,
  touched: string[],
): void {
  const { reservations, charge } = caller;
  const learned = caller.learned(deps.clock.now());
  const nothing = !reservations.length && !charge.requests && !durable.size && !touched.length;
  if (nothing && !Object.keys(learned).length) return;
  locked(deps, params.deadline + LOCK_WAIT_MS, (props) => {
    const ledger = new Ledger(props, deps.clock.now(), deps.calendar);
    const sheet = params.sheet?.();
    ledger.settle(reservations[0] ?? '', charge, sheet, params.spender);
    for (const id of reservations.slice(1)) ledger.settle(id, NO_CHARGE, sheet, params.spender);
    const changes = {
      ...ledger.changes(),
      ...durableChanges(props, durable, touched, deps.clock.now()),
      ...lessonChanges(props, learned),
    };
    return { result: undefined, changes };
  });
}

/** What a request may cost at most: the bound in tokens, and priced at the model's rates. */
function requestCost(batch: Batch, model: string, prices: Record<string, ModelPrice>): RequestCost {
  const output = batch.spec.maxOutputTokens;
  const usd = costUsd(model, { input: batch.boundTokens - output, output }, prices);
  return { tokens: batch.estimatedTokens, bound: batch.boundTokens, ...(usd === undefined ? {} : { usd }) };
}

/** Read all document properties, compute, write the changes: all under the document lock. */
function locked<T>(
  deps: PipelineDeps,
  deadline: number,
  fn: (props: Record<string, string>) => Update<T>,
): T {
  const wait = Math.max(500, Math.min(LOCK_WAIT_MS, deadline - deps.clock.now()));
  return lockedUpdate(deps.documentStore, deps.documentLock, wait, fn);
}
