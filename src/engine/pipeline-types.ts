// What the pipeline (pipeline.ts) and the two ways it asks (asking.ts, shared-cell.ts) share: its
// dependencies, parameters and outcomes. Kept apart so that those files need not import each other.
import type { Calendar, Charge, Spender } from '../budget/ledger';
import type { BatchApi } from '../openai/batches';
import type { OpenAIClient, RateLimitSnapshot } from '../openai/client';
import type { ModelPrice } from '../openai/models';
import type { Clock, KeyValueCache, Mutex, PropertyStore } from '../platform/ports';
import type { UserError } from '../i18n/messages';
import type { BatchParams } from './batch';

export interface PipelineDeps {
  client: OpenAIClient;
  /** The Batch API with the same key and host (column jobs in batch mode). */
  batches?: BatchApi;
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
  /** A base URL other than OpenAI's: part of every answer's cache key. */
  endpoint?: string;
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
  /**
   * Personal data is replaced by placeholders before anything else sees the texts (the cache key,
   * the requests, the durable store), and put back into the answers that repeat a placeholder.
   */
  maskPersonalData?: boolean;
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
