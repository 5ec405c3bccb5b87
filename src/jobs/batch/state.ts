// What a job in batch mode keeps about its files and batches (in its record, the entries in
// properties of their own: store.ts), and the rules that read it: which batches are still out, how
// often they are looked at, what the job shows of them.
import type { MessageRef } from '../../i18n/messages';
import { isEnded, type BatchStatus } from '../../openai/batches';

/** `creating`: reserved and its rows taken, the file or batch not recorded yet. */
export type EntryStatus = 'creating' | BatchStatus;

/** One uploaded file and the batch that runs it. */
export interface BatchEntry {
  /** Local id, also in the batch's metadata: a batch whose creation was not recorded is found by it. */
  id: string;
  status: EntryStatus;
  fileId?: string;
  batchId?: string;
  /** The bucket of the round whose texts it asks (ids.ts bucketOf). */
  bucket?: number;
  /** Files of the previous release: their row indices (the texts are read from the input file now). */
  rows?: string;
  requests: number;
  /** Estimated prompt tokens: what the file adds to the model's enqueued tokens. */
  queueTokens: number;
  model: string;
  /** The budget reservation, and what it reserved (an expired one was charged that much). */
  reservation: string;
  reserved: { tokens: number; usd: number };
  /** Paid with the key formulas spend (the owner's): the spreadsheet's budgets apply. */
  holder: boolean;
  createdAt: number;
  /** While `creating`: after this the creating step is taken for dead. */
  until?: number;
  counts?: { total: number; completed: number; failed: number };
  /** Unix ms by which OpenAI ends the batch (24 hours after its creation). */
  expiresAt?: number;
  /** The results were read once: the money is settled and the answers are cached. */
  settled?: boolean;
  /** The job was cancelled and the cancel was sent. */
  cancelSent?: boolean;
}

export interface EndedCounts {
  completed: number;
  expired: number;
  failed: number;
  cancelled: number;
}

export interface BatchJobState {
  /** Every file of the job asks this model (one model per file), decided when the job started. */
  model: string;
  entries: BatchEntry[];
  /** Local ids handed out so far. */
  seq: number;
  /** Batches created so far. */
  uploaded: number;
  ended: EndedCounts;
  /** When the batches are looked at next. */
  nextCheckAt: number;
  lastSubmitAt: number;
  /** Requests a file may hold; halved when the API refused a file as too large or too long. */
  maxRequests: number;
  /** Bytes a file may have (under Apps Script's 50 MB a call). */
  maxBytes: number;
  /** The enqueued-token limit the API named for the model, once it refused a batch for it. */
  queueLimit?: number;
  /** No new batch before this (the API refused one for the enqueued-token limit). */
  retryAt?: number;
  /** Why no new batch is sent; the job pauses with it once no batch is out. */
  hold?: MessageRef;
  /** A step is sending the job's rows (reading the cache, uploading): no other step takes rows meanwhile. */
  submitting?: { id: string; until: number };
  /** Rounds of batches sent; past a few, what is left goes by the normal path. */
  rounds: number;
  /**
   * The round being sent: its texts fall into `buckets` buckets by their hash (ids.ts), one bucket
   * at a time; `sent` lists the buckets sent. A text of a sent bucket waits for that bucket's batch;
   * a text still to answer once the round is over goes in the next round.
   */
  round?: { buckets: number; sent: number[] };
  /** What the collected batches cost, and what the same usage costs at the synchronous price. */
  costUsd: number;
  fullCostUsd: number;
}

/** The API's limits ("up to 50,000 requests, and can be up to 200 MB") and Apps Script's 50 MB a call. */
export const MAX_FILE_REQUESTS = 50_000;
export const MAX_FILE_BYTES = 20_000_000;

export function newBatchState(model: string, now: number): BatchJobState {
  return {
    model,
    entries: [],
    seq: 0,
    uploaded: 0,
    ended: { completed: 0, expired: 0, failed: 0, cancelled: 0 },
    nextCheckAt: now,
    lastSubmitAt: now,
    maxRequests: MAX_FILE_REQUESTS,
    maxBytes: MAX_FILE_BYTES,
    rounds: 0,
    costUsd: 0,
    fullCostUsd: 0,
  };
}

/** Entries whose batch OpenAI is still working on (or still being created). */
export function isRunning(entry: BatchEntry): boolean {
  return entry.status === 'creating' || !isEnded(entry.status);
}

/** The shortest and longest wait between two looks at a job's batches. */
const MIN_CHECK_MS = 30_000;
const MAX_CHECK_MS = 10 * 60_000;

/**
 * How long until the next look: a tenth of the time since the last batch was sent, between 30 s
 * and 10 minutes (a day's wait is about 150 looks, a few hundred URL Fetch calls of the 20,000).
 */
export function checkInterval(now: number, lastSubmitAt: number): number {
  return Math.min(MAX_CHECK_MS, Math.max(MIN_CHECK_MS, Math.round((now - lastSubmitAt) / 10)));
}

/** What the job shows of its batches. */
export interface BatchSummary {
  /** Batches created so far. */
  uploaded: number;
  validating: number;
  inProgress: number;
  finalizing: number;
  cancelling: number;
  completed: number;
  expired: number;
  failed: number;
  cancelled: number;
  /** Requests of the batches still out, as OpenAI counts them. */
  requests: { total: number; completed: number; failed: number };
  /** Unix ms by which every batch still out ends; null when none is out. */
  resultsBy: number | null;
  /** What the collected batches saved against the synchronous price. */
  savedUsd: number;
  /** Whether new batches wait (the enqueued-token limit, or a reason the job will pause with). */
  waiting: boolean;
}

function countOf(entries: BatchEntry[], ...statuses: EntryStatus[]): number {
  return entries.filter((e) => statuses.includes(e.status)).length;
}

export function summarize(state: BatchJobState, now: number): BatchSummary {
  const out = state.entries.filter(isRunning);
  const requests = { total: 0, completed: 0, failed: 0 };
  for (const e of out) {
    requests.total += e.counts?.total || e.requests;
    requests.completed += e.counts?.completed ?? 0;
    requests.failed += e.counts?.failed ?? 0;
  }
  const ends = out.map((e) => e.expiresAt ?? e.createdAt + 24 * 3600_000);
  return {
    uploaded: state.uploaded,
    validating: countOf(state.entries, 'creating', 'validating'),
    inProgress: countOf(state.entries, 'in_progress'),
    finalizing: countOf(state.entries, 'finalizing'),
    cancelling: countOf(state.entries, 'cancelling'),
    completed: state.ended.completed,
    expired: state.ended.expired,
    failed: state.ended.failed,
    cancelled: state.ended.cancelled,
    requests,
    resultsBy: ends.length ? Math.max(...ends) : null,
    savedUsd: Math.max(0, Math.round((state.fullCostUsd - state.costUsd) * 1e6) / 1e6),
    waiting: state.hold !== undefined || (state.retryAt !== undefined && state.retryAt > now),
  };
}
