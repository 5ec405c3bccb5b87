// A column job's state in the spreadsheet's document properties: the record (counts, claims,
// state) and the row states, one character per row, split over properties under 9 KB each.
import type { MessageRef } from '../i18n/messages';
import type { JobSpec } from './spec';

export type JobState = 'running' | 'paused' | 'stopped' | 'cancelled' | 'done';

/** Row states: pending, done (answer written or blank input), skipped (kept an existing value), failed. */
export type RowState = '.' | 'd' | 's' | 'f';

export interface Claim {
  /** Row numbers (1-based) this step works on. */
  rows: number[];
  until: number;
  /** Hash of the input texts when claimed: a different hash at write time means rows moved. */
  fingerprint: string;
}

export interface JobRecord {
  id: string;
  spec: JobSpec;
  /** The user who started it (their temporary user key); only they run it, with their key. */
  owner: string;
  state: JobState;
  message?: MessageRef;
  createdAt: number;
  updatedAt: number;
  tokens: number;
  costUsd: number;
  unpricedTokens?: number;
  requests: number;
  claims: Record<string, Claim>;
  /** Failure message key -> rows failed for it. */
  failures: Record<string, number>;
}

const JOB_PREFIX = 'job:';
const ROWS_PER_PROPERTY = 8000;

export const jobKey = (id: string) => `${JOB_PREFIX}${id}`;
const rowsKey = (id: string, part: number) => `${JOB_PREFIX}${id}:rows:${part}`;

export function readJob(props: Record<string, string>, id: string): JobRecord | null {
  const raw = props[jobKey(id)];
  return raw ? (JSON.parse(raw) as JobRecord) : null;
}

export function listJobs(props: Record<string, string>): JobRecord[] {
  return Object.keys(props)
    .filter((k) => k.startsWith(JOB_PREFIX) && !k.includes(':rows:'))
    .map((k) => JSON.parse(props[k]) as JobRecord);
}

export function rowCount(spec: JobSpec): number {
  return spec.lastRow - spec.firstRow + 1;
}

export function readRows(props: Record<string, string>, job: JobRecord): RowState[] {
  const parts = Math.ceil(rowCount(job.spec) / ROWS_PER_PROPERTY);
  let text = '';
  for (let p = 0; p < parts; p++) text += props[rowsKey(job.id, p)] ?? '';
  return text.padEnd(rowCount(job.spec), '.').split('') as RowState[];
}

export function rowChanges(job: JobRecord, rows: RowState[]): Record<string, string> {
  const text = rows.join('');
  const out: Record<string, string> = {};
  for (let p = 0; p * ROWS_PER_PROPERTY < text.length; p++) {
    out[rowsKey(job.id, p)] = text.slice(p * ROWS_PER_PROPERTY, (p + 1) * ROWS_PER_PROPERTY);
  }
  return out;
}

export function jobPropertyKeys(props: Record<string, string>, id: string): string[] {
  return Object.keys(props).filter((k) => k === jobKey(id) || k.startsWith(`${jobKey(id)}:`));
}

export interface JobCounts {
  total: number;
  done: number;
  skipped: number;
  failed: number;
  pending: number;
}

export function countRows(rows: RowState[]): JobCounts {
  const counts: JobCounts = { total: rows.length, done: 0, skipped: 0, failed: 0, pending: 0 };
  for (const r of rows) {
    if (r === 'd') counts.done++;
    else if (r === 's') counts.skipped++;
    else if (r === 'f') counts.failed++;
    else counts.pending++;
  }
  return counts;
}
