// One formula's (or one job chunk's) journey: cache lookup for every row at once, budget
// reservation, batched parallel requests, a lone retry for rows the model dropped, then one
// locked commit of usage and durable answers, and one cache write.
import { answerKey, lookupAnswers, storeInCache } from '../cache/answer-cache';
import { durableChanges, readShards } from '../cache/durable';
import { Ledger, type Charge } from '../budget/ledger';
import type { OpenAIClient, RateLimitSnapshot } from '../openai/client';
import { costUsd, type ModelPrice } from '../openai/models';
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
  /** The cache epoch of the spreadsheet (see clearCacheChanges). */
  cacheEpoch: () => string;
  prices: Record<string, ModelPrice>;
}

export interface RunParams extends BatchParams {
  deadline: number;
  /** The tab the work is charged to, besides the spreadsheet (asked only when a call is needed). */
  sheet?: () => string | undefined;
}

export type RowOutcome = { ok: true; answer: string } | { ok: false; error: UserError | 'unfinished' };

export interface PipelineReport {
  outcomes: RowOutcome[];
  cached: number;
  charge: Charge;
  requestIds: string[];
  /** The last rate-limit headers seen, for pacing the next requests. */
  rateLimits?: RateLimitSnapshot;
}

export function answerTexts(
  texts: string[],
  task: Task,
  deps: PipelineDeps,
  params: RunParams,
): PipelineReport {
  const unique = [...new Set(texts)];
  const epoch = deps.cacheEpoch();
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
  let props: Record<string, string> | undefined;
  const readProps = () => (props ??= deps.documentStore.getAll());
  const looked = lookupAnswers(deps.cache, () => readShards(readProps()), keys);

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
  const caller = new Caller(task, deps, params);
  if (misses.length) {
    let pending = caller.run(planBatches(unique, misses, task, params), outcomes);
    // The model dropped or mangled these rows: once more, each alone.
    if (pending.length)
      pending = caller.run(
        pending.map((p) => makeBatch(unique, [p], task, params)),
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
  };
}

class Caller {
  readonly charge: Charge = { input: 0, output: 0, costUsd: 0, requests: 0 };
  readonly requestIds: string[] = [];
  /** Budget reservations made, to be replaced by the actual charge at commit. */
  readonly reservations: string[] = [];
  rateLimits?: RateLimitSnapshot;

  constructor(
    private readonly task: Task,
    private readonly deps: PipelineDeps,
    private readonly params: RunParams,
  ) {}

  /** Sends the batches the budget allows; returns positions answered by a response that left them out. */
  run(batches: Batch[], outcomes: Map<number, RowOutcome>): number[] {
    const { allowed, refusal } = this.reserve(batches);
    for (const batch of batches.slice(allowed)) {
      for (const p of batch.positions) outcomes.set(p, { ok: false, error: refusal as UserError });
    }
    const sent = batches.slice(0, allowed);
    const results = this.deps.client.createChatCompletions(
      sent.map((b) => buildChatBody(b.spec)),
      this.params.deadline,
    );
    const dropped: number[] = [];
    sent.forEach((batch, k) => {
      const result = results[k];
      this.charge.unsettled = (this.charge.unsettled ?? 0) + (result.unanswered ?? 0) * batch.estimatedTokens;
      if (!result.ok) {
        const error =
          result.error.name === 'DeadlineExceededError'
            ? 'unfinished'
            : userErrorFor(result.error, this.params.model);
        for (const p of batch.positions) outcomes.set(p, { ok: false, error });
        return;
      }
      if (result.requestId) this.requestIds.push(result.requestId);
      this.rateLimits = result.rateLimits;
      const usage = result.value.usage;
      const input = usage?.prompt_tokens ?? 0;
      const output = usage?.completion_tokens ?? 0;
      this.charge.input += input;
      this.charge.output += output;
      this.charge.requests += 1;
      this.charge.costUsd += costUsd(this.params.model, input, output, this.deps.prices);
      const answers = parseAnswers(result.value.choices[0].message.content ?? '', batch, this.task);
      for (const p of batch.positions) {
        const answer = answers.get(p);
        if (answer === undefined) dropped.push(p);
        else outcomes.set(p, { ok: true, answer });
      }
    });
    return dropped;
  }

  private reserve(batches: Batch[]): { allowed: number; refusal?: UserError } {
    const id = this.deps.newId();
    const result = locked(this.deps, this.params.deadline, (props) => {
      const ledger = new Ledger(props, this.deps.clock.now());
      const r = ledger.reserve(
        id,
        batches.map((b) => b.estimatedTokens),
        this.params.sheet?.(),
      );
      return { result: r, changes: ledger.changes() };
    });
    if (result.allowed > 0) this.reservations.push(id);
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
  if (!reservations.length && !charge.requests && !durable.size && !touched.length) return;
  locked(deps, params.deadline + LOCK_WAIT_MS, (props) => {
    const ledger = new Ledger(props, deps.clock.now());
    ledger.settle(reservations[0] ?? '', charge, params.sheet?.());
    for (const id of reservations.slice(1)) ledger.settle(id, NO_CHARGE, params.sheet?.());
    const changes = { ...ledger.changes(), ...durableChanges(props, durable, touched, deps.clock.now()) };
    return { result: undefined, changes };
  });
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
