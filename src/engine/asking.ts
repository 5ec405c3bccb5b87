// Asking the API for the rows a lookup missed: the budget reservation (with a claim, when the rows
// are shared with other cells), the parallel requests, the lone retry of dropped rows, and the one
// locked commit that settles the reservation, stores the answers and releases the claim.
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { lookupAnswers, storeAnswers } from '../cache/answer-cache';
import { durableChanges, readShards } from '../cache/durable';
import { recordSample } from '../cache/answer-sample';
import { Ledger, type Charge, type RequestCost } from '../budget/ledger';
import type { RateLimitSnapshot } from '../openai/client';
import { lessonChanges, readLessons } from '../openai/lessons';
import {
  capabilitiesOf,
  cacheWriteTokens,
  costUsd,
  type Lessons,
  type ModelCapabilities,
} from '../openai/models';
import { utcDay } from '../openai/model-choice';
import { buildChatBody } from '../openai/request';
import { LockBusyError } from '../platform/ports';
import { UserError } from '../i18n/messages';
import {
  makeBatch,
  parseAnswers,
  planBatches,
  requestCost,
  usageLimits,
  type Batch,
  type BatchParams,
} from './batch';
import {
  CLAIM_FAILURES,
  CLAIMS_MIRROR,
  FAILURE_HOLD_MS,
  claimChanges,
  claimCovering,
  claimId,
  failuresValue,
  liveClaims,
  mirrorValue,
  readClaims,
  withChanges,
  type Claim,
} from './claims';
import { isAccountWide, userErrorFor } from './failures';
import { usableUsage } from './reported-usage';
import { readIsolateRows } from './isolation';
import { learnPrompt, promptBoundChanges, readPromptBounds, type PromptBounds } from './prompt-bounds';
import { lockedUpdate, writeWithinStore, type Update } from './locked-update';
import type { PipelineDeps, RowOutcome, RunParams, TabRef } from './pipeline-types';
import type { Task } from './tasks';

const LOCK_WAIT_MS = 10000;
/** Another round of requests sized to the budget starts only with this much time left. */
const ROUND_MIN_MS = 8000;
/** How long a formula waits for other executions' reservations to settle before it looks again. */
const OTHERS_WAIT_MS = 400;

/**
 * A refusal that would not be one without other executions' live reservations: they settle within
 * seconds, usually for far less than they held, so waiting is worth it.
 */
function heldByOthers(refusal: UserError | undefined): boolean {
  if (refusal?.key !== 'budget_short' && refusal?.key !== 'budget_short_usd') return false;
  const n = (v: unknown) => (typeof v === 'number' ? v : ((v as { usd?: number } | undefined)?.usd ?? 0));
  const { need, left, reserved } = refusal.params as Record<string, unknown>;
  return n(reserved) > 0 && n(need) <= n(left) + n(reserved);
}
const NO_CHARGE: Charge = { input: 0, output: 0, costUsd: 0, requests: 0 };
/** The cache keeps the mirror as long as answers; each claim in it has its own end. */
const MIRROR_TTL_SECONDS = 21600;

/** What a claiming reservation found: the rows are someone else's, or it reserved and claimed. */
export type ClaimResult = { taken: Claim } | { asked: true } | { busy: true };

interface ClaimWanted {
  id: string;
  own: number;
  candidates: number[];
  until: number;
  sheet: TabRef | undefined;
}

interface ClaimPlan {
  /** Another live claim covers this cell's own answer. */
  taken?: Claim;
  /** The answer was committed by someone else meanwhile. */
  ownAnswer?: string;
  batches: Batch[];
  allowed: number;
  refusal?: UserError;
  changes: Record<string, string>;
}

export class Asking {
  readonly outcomes = new Map<number, RowOutcome>();
  readonly charge: Charge = { input: 0, cachedInput: 0, output: 0, reasoning: 0, costUsd: 0, requests: 0 };
  readonly requestIds: string[] = [];
  rateLimits?: RateLimitSnapshot;
  modelMissing = false;
  /** Answers got from the API, to be cached (and kept durably for durable tasks) at commit. */
  private readonly fresh = new Map<string, string>();
  private readonly reservations: string[] = [];
  private claim?: Claim;
  /** The part of `charge` already settled in the ledger by an earlier round (settleSoFar). */
  private settled: Charge = { ...NO_CHARGE };
  /** Learned prompt bounds (prompt-bounds.ts): read once, tightened by every usable report. */
  private readonly promptBounds: PromptBounds;
  private learnedPrompts = false;
  private readonly lessons: Lessons;
  private readonly batchParams: BatchParams;
  private readonly startedAt: number;

  constructor(
    readonly task: Task,
    readonly deps: PipelineDeps,
    readonly params: RunParams,
    readonly epoch: string,
    /** The texts, by position; shared cells append their neighbours' texts. */
    readonly texts: string[],
    readonly keys: string[],
  ) {
    this.startedAt = deps.clock.now();
    this.lessons = readLessons(deps.documentProps());
    this.promptBounds = readPromptBounds(deps.documentProps());
    this.batchParams = {
      ...params,
      caps: capabilitiesOf(params.model, this.lessons[params.model]),
      alone: readIsolateRows(deps.documentProps()),
    };
  }

  get caps(): ModelCapabilities {
    return this.batchParams.caps;
  }

  /** Adds texts (with their keys) and returns their positions. */
  add(texts: string[], keys: string[]): number[] {
    const first = this.texts.length;
    this.texts.push(...texts);
    this.keys.push(...keys);
    return texts.map((_, i) => first + i);
  }

  /** Rows per request and requests per wave for this task: how much one claim may take on. */
  waveRows(): number {
    return this.task.batchSize * this.deps.client.concurrency;
  }

  /**
   * Asks for `positions` (none of them claimed by anyone), then once more for dropped rows. Requests
   * are sized to what the budget has left (fewer rows per request, down to one); rows that did not
   * fit are tried again in another round once this round's usage is settled, while a round adds
   * answers and time remains.
   */
  ask(positions: number[]): void {
    let pending = positions;
    for (;;) {
      const round = this.reserveFitting(pending);
      const sent = round.batches.flatMap((b) => b.positions);
      this.sendAndRetry(round.batches, round.batches.length, undefined, sent, this.params.deadline);
      if (!round.left.length) return;
      const timeLeft = this.params.deadline - this.deps.clock.now() > ROUND_MIN_MS;
      const waitForOthers = !round.batches.length && heldByOthers(round.refusal);
      if (waitForOthers && timeLeft) this.deps.clock.sleep(OTHERS_WAIT_MS);
      const again = (round.batches.length > 0 || waitForOthers) && timeLeft;
      if (!again) {
        for (const p of round.left) this.outcomes.set(p, { ok: false, error: round.refusal as UserError });
        return;
      }
      this.settleSoFar();
      pending = round.left;
    }
  }

  /**
   * Under the lock, the longest run of requests that fits the budget, each as large as fits: a request
   * that does not fit gives up rows until it does; when even one row does not fit, the rest are left
   * with the refusal that says what it could need and what is left.
   */
  private reserveFitting(positions: number[]): { batches: Batch[]; left: number[]; refusal?: UserError } {
    const id = this.deps.newId();
    const sheet = this.params.sheet?.();
    const spender = this.params.spender;
    const planned = planBatches(this.texts, positions, this.task, this.batchParams);
    const result = this.locked(this.params.deadline, (props) => {
      const ledger = new Ledger(props, this.deps.clock.now(), this.deps.calendar);
      const chosen: Batch[] = [];
      const costs: RequestCost[] = [];
      const queue = [...planned];
      let short: RequestCost | undefined;
      while (queue.length) {
        let batch = queue[0];
        let cost = this.costs([batch])[0];
        while (!ledger.fits([...costs, cost], sheet?.id, spender) && batch.positions.length > 1) {
          batch = makeBatch(this.texts, batch.positions.slice(0, -1), this.task, this.batchParams);
          cost = this.costs([batch])[0];
        }
        if (!ledger.fits([...costs, cost], sheet?.id, spender)) {
          short = cost;
          break;
        }
        chosen.push(batch);
        costs.push(cost);
        const rest = queue[0].positions.slice(batch.positions.length);
        queue.shift();
        if (rest.length) queue.unshift(makeBatch(this.texts, rest, this.task, this.batchParams));
      }
      if (chosen.length) ledger.reserve(id, costs, sheet?.id, spender);
      const refusal = short && ledger.refusalFor(short, sheet?.id, spender, this.params.model);
      const left = queue.flatMap((b) => b.positions);
      return { result: { batches: chosen, left, refusal }, changes: ledger.changes() };
    });
    if (result.batches.length) this.reservations.push(id);
    return result;
  }

  /** The prompt bounds learned here, to keep: only from the owner's key (another endpoint could under-report). */
  private promptBoundChanges(props: Record<string, string>): Record<string, string> {
    if (!this.learnedPrompts || this.params.spender?.holder === false) return {};
    return promptBoundChanges(props, this.promptBounds);
  }

  /** What `charge` holds that the ledger has not been told yet. */
  private unsettledCharge(): Charge {
    const c = this.charge;
    const s = this.settled;
    const less = (a: number | undefined, b: number | undefined) => (a ?? 0) - (b ?? 0);
    return {
      input: less(c.input, s.input),
      cachedInput: less(c.cachedInput, s.cachedInput),
      cacheWrite: less(c.cacheWrite, s.cacheWrite),
      output: less(c.output, s.output),
      reasoning: less(c.reasoning, s.reasoning),
      costUsd: less(c.costUsd, s.costUsd),
      unpricedTokens: less(c.unpricedTokens, s.unpricedTokens),
      requests: less(c.requests, s.requests),
      unsettled: less(c.unsettled, s.unsettled),
    };
  }

  /** Replaces this execution's reservations so far by its usage so far, so the next round sees what is left. */
  private settleSoFar(): void {
    if (!this.reservations.length) return;
    const delta = this.unsettledCharge();
    const ids = this.reservations.splice(0);
    const sheet = this.params.sheet?.();
    this.locked(this.params.deadline + LOCK_WAIT_MS, (props) => {
      const ledger = new Ledger(props, this.deps.clock.now(), this.deps.calendar);
      ledger.settle(ids[0], delta, sheet, this.params.spender);
      for (const id of ids.slice(1)) ledger.settle(id, NO_CHARGE, sheet, this.params.spender);
      return { result: undefined, changes: { ...ledger.changes(), ...this.promptBoundChanges(props) } };
    });
    this.settled = { ...this.charge };
  }

  /**
   * Under the document lock: unless another live claim covers `own`, claims `own` and those of
   * `candidates` nobody has claimed or answered (at most one wave), reserves their budget, and then
   * asks for them with no request starting after `sendBy`. `busy` when the lock was not had within
   * waitMs.
   */
  askClaimed(own: number, candidates: number[], until: number, sendBy: number, waitMs: number): ClaimResult {
    const id = this.deps.newId();
    const sheet = this.params.sheet?.(); // a service call or two: not while holding the lock
    let plan: ClaimPlan;
    try {
      plan = this.deps.documentLock.withLock(waitMs, () => {
        const props = this.deps.documentStore.getAll();
        const planned = this.planClaim(props, { id, own, candidates, until, sheet });
        writeWithinStore(this.deps.documentStore, props, planned.changes);
        return planned;
      });
    } catch (e) {
      if (e instanceof LockBusyError) return { busy: true };
      throw e;
    }
    if (plan.taken) return { taken: plan.taken };
    if (plan.ownAnswer !== undefined) {
      this.outcomes.set(own, { ok: true, answer: plan.ownAnswer });
      return { asked: true };
    }
    if (plan.allowed > 0) this.reservations.push(id);
    // Only this cell's own row is asked again alone; the other cells ask for theirs.
    this.sendAndRetry(
      plan.batches,
      plan.allowed,
      plan.refusal,
      [own],
      Math.min(sendBy, this.params.deadline),
    );
    return { asked: true };
  }

  /** What a claim takes, reserves and writes, from the properties read under the lock. */
  private planClaim(props: Record<string, string>, want: ClaimWanted): ClaimPlan {
    const now = this.deps.clock.now();
    const claims = readClaims(props);
    const nothing = { batches: [], allowed: 0, changes: {} };
    const taken = claimCovering(claims, claimId(this.keys[want.own]), now);
    if (taken) return { ...nothing, taken };
    const busy = new Set(liveClaims(claims, now).flatMap((c) => c.keys));
    const free = want.candidates.filter((p) => !busy.has(claimId(this.keys[p])));
    // Answers are only written under this lock: what is missing now stays missing until we commit.
    const answered = this.lookUp([want.own, ...free], props);
    if (answered.has(want.own)) return { ...nothing, ownAnswer: answered.get(want.own) };
    const positions = [want.own, ...free.filter((p) => !answered.has(p))].slice(0, this.waveRows());
    const ledger = new Ledger(props, now, this.deps.calendar);
    let batches = planBatches(this.texts, positions, this.task, this.batchParams);
    let r = ledger.reserve(want.id, this.costs(batches), want.sheet?.id, this.params.spender);
    if (r.allowed === 0 && positions.length > 1) {
      // Too little budget for a shared batch: this cell alone may still fit.
      batches = [makeBatch(this.texts, [want.own], this.task, this.batchParams)];
      r = ledger.reserve(want.id, this.costs(batches), want.sheet?.id, this.params.spender);
    }
    r = this.namedRefusal(r);
    const claimed = batches.slice(0, r.allowed).flatMap((b) => b.positions);
    const keys = [...new Set(claimed.map((p) => claimId(this.keys[p])))];
    const recorded = keys.length
      ? this.recordClaim(props, { id: want.id, until: want.until, keys }, now)
      : {};
    return { batches, allowed: r.allowed, refusal: r.refusal, changes: { ...ledger.changes(), ...recorded } };
  }

  /** The property changes that record `claim` (mirrored when it covers other cells); none when no shard has room. */
  private recordClaim(props: Record<string, string>, claim: Claim, now: number): Record<string, string> {
    const added = claimChanges(props, now, claim);
    if (!added) return {};
    this.claim = claim;
    if (claim.keys.length > 1) this.writeMirror(withChanges(props, added), now);
    return added;
  }

  /** Which of `positions` have an answer in the cache or the durable store (as of `props`). */
  private lookUp(positions: number[], props: Record<string, string>): Map<number, string> {
    const keys = positions.map((p) => this.keys[p]);
    const { answers } = lookupAnswers(this.deps.cache, () => readShards(props), keys, this.epoch);
    const out = new Map<number, string>();
    positions.forEach((p, i) => {
      const answer = answers.get(keys[i]);
      if (answer !== undefined) out.set(p, answer);
    });
    return out;
  }

  private sendAndRetry(
    batches: Batch[],
    allowed: number,
    refusal: UserError | undefined,
    retryable: number[],
    sendBy: number,
  ): void {
    for (const batch of batches.slice(allowed)) {
      for (const p of batch.positions) this.outcomes.set(p, { ok: false, error: refusal as UserError });
    }
    let pending = this.send(batches.slice(0, allowed), sendBy).filter((p) => retryable.includes(p));
    // The model dropped, mangled or answered twice these rows: once more, each alone.
    if (pending.length) {
      const again = pending.map((p) => makeBatch(this.texts, [p], this.task, this.batchParams));
      const r = this.reserve(again);
      for (const batch of again.slice(r.allowed))
        for (const p of batch.positions) this.outcomes.set(p, { ok: false, error: r.refusal as UserError });
      pending = this.send(again.slice(0, r.allowed), sendBy);
    }
    for (const p of pending) this.outcomes.set(p, { ok: false, error: new UserError('malformed_response') });
  }

  /** Sends the batches; returns positions answered by a response that left them out. */
  private send(sent: Batch[], deadline: number): number[] {
    if (!sent.length) return [];
    const results = this.deps.client.createChatCompletions(
      sent.map((b) => buildChatBody(b.spec, this.caps)),
      deadline,
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
        for (const p of batch.positions) this.outcomes.set(p, { ok: false, error });
        return;
      }
      if (result.requestId) this.requestIds.push(result.requestId);
      this.rateLimits = result.rateLimits;
      const usable = usableUsage(result.value.usage, usageLimits(batch));
      if (usable) {
        this.bill(result.value.usage);
        learnPrompt(this.promptBounds, batch.shape, usable.input);
        this.learnedPrompts = true;
      } else this.chargeBound(batch);
      const answers = parseAnswers(result.value.choices[0].message.content ?? '', batch, this.task);
      for (const p of batch.positions) {
        const answer = answers.get(p);
        if (answer === undefined) dropped.push(p);
        else {
          this.outcomes.set(p, { ok: true, answer });
          this.fresh.set(this.keys[p], answer);
        }
      }
    });
    return dropped;
  }

  /** Usage as billed: reasoning is part of completion_tokens, cached input is priced lower. */
  private bill(usage: ChatCompletion['usage']): void {
    const input = usage?.prompt_tokens ?? 0;
    const cachedInput = usage?.prompt_tokens_details?.cached_tokens ?? 0;
    const cacheWrite = cacheWriteTokens(usage);
    const output = usage?.completion_tokens ?? 0;
    const c = this.charge;
    c.input += input;
    c.cachedInput = (c.cachedInput ?? 0) + cachedInput;
    c.cacheWrite = (c.cacheWrite ?? 0) + cacheWrite;
    c.output += output;
    c.reasoning = (c.reasoning ?? 0) + (usage?.completion_tokens_details?.reasoning_tokens ?? 0);
    c.requests += 1;
    const cost = costUsd(this.params.model, { input, cachedInput, cacheWrite, output }, this.deps.prices);
    if (cost === undefined) c.unpricedTokens = (c.unpricedTokens ?? 0) + input + output;
    else c.costUsd += cost;
  }

  /**
   * A response without usable usage (missing, text, negative, more than the request could bill):
   * charged its bound, the most it can have billed, as unsettled.
   */
  private chargeBound(batch: Batch): void {
    const c = this.charge;
    const cost = requestCost(batch, this.params.model, this.deps.prices);
    c.unsettled = (c.unsettled ?? 0) + batch.boundTokens;
    c.requests += 1;
    if (cost.usd === undefined) c.unpricedTokens = (c.unpricedTokens ?? 0) + batch.boundTokens;
    else c.costUsd += cost.usd;
  }

  private reserve(batches: Batch[]): { allowed: number; refusal?: UserError } {
    if (!batches.length) return { allowed: 0 };
    const id = this.deps.newId();
    const sheet = this.params.sheet?.();
    const result = this.locked(this.params.deadline, (props) => {
      const ledger = new Ledger(props, this.deps.clock.now(), this.deps.calendar);
      const r = ledger.reserve(id, this.costs(batches), sheet?.id, this.params.spender);
      return { result: r, changes: ledger.changes() };
    });
    if (result.allowed > 0) this.reservations.push(id);
    return this.namedRefusal(result);
  }

  /** What each request may cost at most: the bound in tokens, and priced at the model's rates. */
  private costs(batches: Batch[]): RequestCost[] {
    return batches.map((b) => requestCost(b, this.params.model, this.deps.prices, 1, this.promptBounds));
  }

  /** A money budget cannot price this model: the message names it. */
  private namedRefusal<T extends { refusal?: UserError }>(result: T): T {
    if (result.refusal?.key !== 'budget_needs_price') return result;
    return { ...result, refusal: new UserError('budget_needs_price', { model: this.params.model }) };
  }

  /** Lessons to keep: what refusals taught, and a model the API no longer knows. */
  private learned(now: number): Lessons {
    const learned: Lessons = { ...this.deps.client.learned };
    if (this.modelMissing && !this.lessons[this.params.model]?.missingSince) {
      learned[this.params.model] = { ...learned[this.params.model], missingSince: utcDay(now) };
    }
    return learned;
  }

  /**
   * One locked update: the reservations replaced by the actual charge, new and re-warmed answers
   * into the cache's packs (and durable ones into the durable store), lessons kept, the claim released.
   */
  commit(rewarm: Map<string, string>): void {
    const learned = this.learned(this.deps.clock.now());
    const durable = this.task.durable ? this.fresh : new Map<string, string>();
    const delta = this.unsettledCharge();
    const quiet = !this.reservations.length && !delta.requests && !this.fresh.size && !rewarm.size;
    if (quiet && !this.claim && !Object.keys(learned).length) return;
    const claim = this.claim;
    const sheet = this.reservations.length || delta.requests ? this.params.sheet?.() : undefined;
    this.locked(this.params.deadline + LOCK_WAIT_MS, (props) => {
      const now = this.deps.clock.now();
      const ledger = new Ledger(props, now, this.deps.calendar);
      ledger.settle(this.reservations[0] ?? '', delta, sheet, this.params.spender);
      for (const id of this.reservations.slice(1)) ledger.settle(id, NO_CHARGE, sheet, this.params.spender);
      storeAnswers(this.deps.cache, new Map([...rewarm, ...this.fresh]), this.epoch);
      this.recordFresh(now);
      const released = claim ? (claimChanges(props, now, undefined, claim.id) ?? {}) : {};
      if (claim && claim.keys.length > 1) {
        this.writeMirror(withChanges(props, released), now);
        this.shareFailure(claim, now);
      }
      const changes = {
        ...ledger.changes(),
        ...durableChanges(props, durable, [...rewarm.keys()], now),
        // What someone else's key or endpoint taught (an unverified organization, a server of
        // their own) must not change the models and parameters the owner's formulas use, nor the
        // prompt bounds their budget admits by.
        ...(this.params.spender?.holder === false ? {} : lessonChanges(props, learned)),
        ...this.promptBoundChanges(props),
        ...released,
      };
      return { result: undefined, changes };
    });
    this.claim = undefined;
  }

  /** The fresh answers with their texts, for a later preview of a model change (cache/answer-sample.ts). */
  private recordFresh(now: number): void {
    if (!this.fresh.size) return;
    const answers: Array<[string, string]> = [];
    this.keys.forEach((key, p) => {
      const answer = this.fresh.get(key);
      if (answer !== undefined) answers.push([this.texts[p], answer]);
    });
    const c = this.charge;
    const usage = {
      rows: answers.length,
      usd: c.costUsd,
      unpriced: c.unpricedTokens ?? 0,
      ms: now - this.startedAt,
    };
    try {
      recordSample(this.deps.cache, this.epoch, {
        task: this.task,
        model: this.params.model,
        answers,
        usage,
      });
    } catch {
      // The sample only feeds previews: a cache refusal must not cost the commit its usage record.
    }
  }

  /**
   * When this cell's own row failed for a reason that holds for every cell (a revoked key, no
   * credit, an unknown model), the cells its claim covered take that failure instead of each
   * asking again.
   */
  private shareFailure(claim: Claim, now: number): void {
    const own = this.outcomes.get(0);
    if (!own || own.ok || own.error === 'unfinished' || !isAccountWide(own.error)) return;
    const failure = {
      id: claim.id,
      until: now + FAILURE_HOLD_MS,
      keys: claim.keys,
      error: { key: own.error.key, params: own.error.params },
    };
    const current = this.deps.cache.getAll([CLAIM_FAILURES])[CLAIM_FAILURES];
    this.deps.cache.putAll({ [CLAIM_FAILURES]: failuresValue(current, failure, now) }, MIRROR_TTL_SECONDS);
  }

  private writeMirror(props: Record<string, string>, now: number): void {
    this.deps.cache.putAll({ [CLAIMS_MIRROR]: mirrorValue(readClaims(props), now) }, MIRROR_TTL_SECONDS);
  }

  /** Read all document properties, compute, write the changes: all under the document lock. */
  private locked<T>(deadline: number, fn: (props: Record<string, string>) => Update<T>): T {
    const wait = Math.max(500, Math.min(LOCK_WAIT_MS, deadline - this.deps.clock.now()));
    return lockedUpdate(this.deps.documentStore, this.deps.documentLock, wait, fn);
  }
}
