// The batches a running stub keeps, per key, and the Batch object the API returns for each.

import { randomBytes } from 'node:crypto';
import type { BatchError, InputCheck } from './batch-input';
import type { Usage } from './completion';

export const BATCH_STATUSES = [
  'validating',
  'failed',
  'in_progress',
  'finalizing',
  'completed',
  'expired',
  'cancelling',
  'cancelled',
] as const;

export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** Batches whose prompt tokens count as enqueued toward the per-model limit. */
const ACTIVE: readonly BatchStatus[] = ['validating', 'in_progress', 'finalizing'];
const TERMINAL: readonly BatchStatus[] = ['failed', 'completed', 'expired', 'cancelled'];

export const STAMPS = [
  'created_at',
  'in_progress_at',
  'expires_at',
  'finalizing_at',
  'completed_at',
  'failed_at',
  'expired_at',
  'cancelling_at',
  'cancelled_at',
] as const;

export type Stamp = (typeof STAMPS)[number];

export interface BatchRecord {
  id: string;
  key: string;
  /** Creation order since the last reset: seeds the order results come out in. */
  ordinal: number;
  inputFileId: string;
  endpoint: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  /** Seconds the output and error files live (output_expires_after), or the default. */
  outputLifetimeS: number;
  status: BatchStatus;
  /** The validation outcome, decided at creation and shown when the batch leaves `validating`. */
  check: InputCheck;
  createdMs: number;
  /** Unix seconds, null until the batch gets there. */
  stamps: Record<Stamp, number | null>;
  /** When the current stage began, in stub-clock ms. */
  stageSince: number;
  total: number;
  /** Indices into the valid lines, in the order the requests run (and their results are written). */
  order: number[];
  processed: number;
  completed: number;
  failed: number;
  usage: Usage;
  outputLines: string[];
  errorLines: string[];
  outputFileId: string | null;
  errorFileId: string | null;
  errors: BatchError[] | null;
}

export interface BatchUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The Batch object; fields not reached yet are null, as the real API returns them. */
export type BatchObject = {
  id: string;
  object: 'batch';
  endpoint: string;
  model: string | null;
  errors: { object: 'list'; data: BatchError[] } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  request_counts: { total: number; completed: number; failed: number };
  usage: BatchUsage;
  metadata: Record<string, string> | null;
} & Record<Stamp, number | null>;

export type NewBatch = Pick<
  BatchRecord,
  | 'key'
  | 'inputFileId'
  | 'endpoint'
  | 'completionWindow'
  | 'metadata'
  | 'outputLifetimeS'
  | 'check'
  | 'createdMs'
>;

export function isTerminal(status: BatchStatus): boolean {
  return TERMINAL.includes(status);
}

export class BatchStore {
  private batches = new Map<string, BatchRecord>();
  private created = 0;

  reset(): void {
    this.batches.clear();
    this.created = 0;
  }

  add(batch: NewBatch): BatchRecord {
    const stamps = Object.fromEntries(STAMPS.map((s) => [s, null])) as Record<Stamp, number | null>;
    stamps.created_at = Math.floor(batch.createdMs / 1000);
    const record: BatchRecord = {
      ...batch,
      id: `batch_${randomBytes(16).toString('hex')}`,
      ordinal: this.created++,
      status: 'validating',
      stamps,
      stageSince: batch.createdMs,
      total: 0,
      order: [],
      processed: 0,
      completed: 0,
      failed: 0,
      usage: {
        promptTokens: 0,
        completionTokens: 0,
        cachedTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
      },
      outputLines: [],
      errorLines: [],
      outputFileId: null,
      errorFileId: null,
      errors: null,
    };
    this.batches.set(record.id, record);
    return record;
  }

  get(key: string, id: string): BatchRecord | null {
    const batch = this.batches.get(id);
    return batch && batch.key === key ? batch : null;
  }

  /** Any key's batch (for the control endpoint). */
  byId(id: string): BatchRecord | null {
    return this.batches.get(id) ?? null;
  }

  /** The key's batches, newest first. */
  list(key: string): BatchRecord[] {
    return [...this.batches.values()].filter((b) => b.key === key).sort((a, b) => b.ordinal - a.ordinal);
  }

  all(): BatchRecord[] {
    return [...this.batches.values()].sort((a, b) => a.ordinal - b.ordinal);
  }

  /** Prompt tokens of the key's valid batches of this model still validating, running or finalizing. */
  enqueuedTokens(key: string, model: string): number {
    let total = 0;
    for (const b of this.batches.values()) {
      if (b.key !== key || !ACTIVE.includes(b.status) || !b.check.ok || b.check.model !== model) continue;
      total += b.check.promptTokens;
    }
    return total;
  }
}

export function batchObject(b: BatchRecord): BatchObject {
  const { promptTokens, completionTokens, cachedTokens, reasoningTokens } = b.usage;
  return {
    id: b.id,
    object: 'batch',
    endpoint: b.endpoint,
    model: b.check.model,
    errors: b.errors ? { object: 'list', data: b.errors } : null,
    input_file_id: b.inputFileId,
    completion_window: b.completionWindow,
    status: b.status,
    output_file_id: b.outputFileId,
    error_file_id: b.errorFileId,
    ...b.stamps,
    request_counts: { total: b.total, completed: b.completed, failed: b.failed },
    usage: {
      input_tokens: promptTokens,
      input_tokens_details: { cached_tokens: cachedTokens },
      output_tokens: completionTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: promptTokens + completionTokens,
    },
    metadata: b.metadata,
  };
}
