// A job's progress as the server functions return it.
import type { MessageRef } from '../i18n/messages';
import { columnLetter } from './columns';
import { countRows, type JobChanges, type JobRecord, type RowState } from './store';

export interface JobStatus {
  jobId: string;
  state: JobRecord['state'];
  /** The tab's name now (the job follows renames). */
  sheet: string;
  /** Column letters now (the job follows inserted and deleted columns). */
  inputColumn: string;
  outputColumn: string;
  task: string;
  /** Rows of the job still in the sheet. */
  total: number;
  done: number;
  skipped: number;
  failed: number;
  remaining: number;
  /** Rows of the job someone deleted from the sheet. */
  deleted: number;
  tokens: number;
  costUsd: number;
  /** Tokens of a model with no known price (not in costUsd). */
  unpricedTokens: number;
  etaSeconds: number | null;
  message: MessageRef | null;
  failures: Array<{ reason: string; rows: number }>;
  /** What people did to the job's cells while it ran. */
  changes: JobChanges;
  /** Started by the caller: only then may the caller run it. */
  mine: boolean;
  canCancel: boolean;
  /** An evaluation's models (its output column holds the expected answers); null for a column job. */
  evaluation: string[] | null;
}

const NO_CHANGES: JobChanges = { inserted: 0, deleted: 0, edited: 0, moved: 0 };

export function statusOf(
  job: JobRecord,
  rows: RowState[],
  now: number,
  access: { mine: boolean; canCancel: boolean } = { mine: true, canCancel: true },
): JobStatus {
  const counts = countRows(rows);
  const processed = counts.done + counts.skipped + counts.failed;
  const elapsed = (now - job.createdAt) / 1000;
  const rate = processed > 0 && elapsed > 0 ? processed / elapsed : 0;
  return {
    jobId: job.id,
    state: job.state,
    sheet: job.spec.sheet,
    inputColumn: columnLetter(job.anchor?.input ?? job.spec.inputColumn),
    outputColumn: columnLetter(job.anchor?.output ?? job.spec.outputColumn),
    task: job.spec.task,
    total: counts.total,
    done: counts.done,
    skipped: counts.skipped,
    failed: counts.failed,
    remaining: counts.pending,
    deleted: counts.deleted,
    tokens: job.tokens,
    costUsd: Math.round(job.costUsd * 1e6) / 1e6,
    unpricedTokens: job.unpricedTokens ?? 0,
    etaSeconds: job.state === 'running' && rate > 0 ? Math.ceil(counts.pending / rate) : null,
    message: job.message ?? null,
    failures: Object.entries(job.failures).map(([reason, n]) => ({ reason, rows: n })),
    changes: { ...NO_CHANGES, ...job.changes },
    mine: access.mine,
    canCancel: access.canCancel,
    evaluation: job.spec.evaluation?.models ?? null,
  };
}
