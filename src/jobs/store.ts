// A column job's state in the spreadsheet's document properties: one record (spec, owner, state, money,
// where its columns and rows are, what the last look at the sheet counted), its claims, and, for jobs
// that overwrite and for evaluations, a fixed-size filter of what the job wrote (engine/written.ts).
// Nothing is kept per row: which rows are still to answer is read from the sheet at every step
// (engine/scan.ts). Each part stays under the 9 KB a property may hold.
import type { MessageRef } from '../i18n/messages';
import type { BatchEntry, BatchJobState } from './batch/state';
import type { JobSpec } from './spec';
import { utf8Length } from '../engine/sha256';

export type JobState = 'running' | 'paused' | 'stopped' | 'cancelled' | 'done';

export interface Claim {
  /** Fingerprints (engine/written.ts, FP_CHARS each) of the texts this step asks about. */
  texts: string;
  until: number;
  /** The sheet rows the texts were read from: where the answers are written first. */
  first: number;
  last: number;
}

/** What people did to the job's cells while it ran, as it saw it. */
export interface JobChanges {
  inserted: number;
  deleted: number;
  edited: number;
  moved: number;
  renamed?: string;
}

/**
 * Where the job's cells are. Four developer metadata items at most, whatever the rows: the input and
 * output columns (COLUMN items) and the rows just above and below the job's rows (ROW items, the
 * "fences"). Any of them may be missing: the tab had no room for it (Sheets keeps 30,000 characters
 * of metadata per tab), or there is no such row (a job from row 1, or to the sheet's last row).
 */
export interface Place {
  key: string;
  sheetId: number;
  inputId?: number;
  outputId?: number;
  input: number;
  output: number;
  /** Sheet rows of the job's first and last rows, as last seen. */
  top: number;
  bottom: number;
  aboveId?: number;
  belowId?: number;
  /** No row below the job when it started: it runs to the tab's last row. */
  open?: boolean;
  /** Columns not anchored: their header cells when the job started, checked at every look. */
  headers?: [string, string];
  /** Row markers of the previous release are still on the tab (removed a bounded number per call). */
  legacyRows?: boolean;
  /** The job is over and its items are gone. */
  cleared?: boolean;
}

export interface JobCounts {
  /** Rows of the job in the sheet now. */
  total: number;
  /** Rows holding an answer, and rows with nothing to answer (blank input). */
  done: number;
  /** Rows whose output held someone's value when the job started (never written without overwrite). */
  skipped: number;
  failed: number;
  /** Not answered yet, those in batches included. */
  pending: number;
  /** Of `pending`, asked in batches whose answers are not collected yet. */
  queued: number;
  /** Rows of the job deleted from the sheet. */
  deleted: number;
}

export interface JobRecord {
  id: string;
  /** As started; `sheet` follows renames, the row range is where the rows were at the start. */
  spec: JobSpec;
  /** The private id of the user who started it (user-ids.ts); only they run it, with their key. */
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
  /** Fingerprints of the texts whose answer failed for that text (asked again on Retry). */
  failedTexts?: string;
  place?: Place;
  /** What the last look at the sheet counted. */
  counts?: JobCounts;
  /** Bits of the filter of what the job wrote (jobs that overwrite, evaluations); 0 without one. */
  writtenBits?: number;
  /** Properties its claims have used (a free one is kept empty and used again). */
  claimSlots?: number;
  /** An evaluation of the previous release: its tallies start afresh at its next commit. */
  evaluationReset?: boolean;
  changes?: JobChanges;
  /** A job in batch mode: its files and batches. */
  batch?: BatchJobState;
  /** A job of the previous release: where its row markers were (engine/legacy.ts converts it). */
  anchor?: LegacyAnchor;
}

/** The part of the previous release's record that finding its cells again needs. */
export interface LegacyAnchor {
  key: string;
  sheetId: number;
  inputId: number;
  outputId: number;
  input: number;
  output: number;
  top: number;
  bottom: number;
  cleared?: boolean;
}

const JOB_PREFIX = 'job:';
export const jobKey = (id: string) => `${JOB_PREFIX}${id}`;
/** One claim per property (a claim of 1,000 texts takes about 8 KB of the 9 KB one may hold). */
const claimKey = (id: string, slot: number) => `${JOB_PREFIX}${id}:cl:${slot}`;
const entriesKey = (id: string, part: number) => `${JOB_PREFIX}${id}:bt:${part}`;
export const writtenKey = (id: string, part: number) => `${JOB_PREFIX}${id}:w:${part}`;
/** Characters of a batch job's entries (JSON) per property. */
const ENTRIES_PER_PROPERTY = 8000;
/** Characters of the written filter per property (6 bits a character). */
export const WRITTEN_PER_PROPERTY = 8000;
/** Bytes of a record with its claims, at most (three steps' claims of 1,000 texts). */
const RECORD_BYTES = 30_000;

/** As stored: claims and a batch job's entries live in properties of their own. */
type StoredRecord = Omit<JobRecord, 'batch' | 'claims'> & {
  claims?: Record<string, Claim>;
  batch?: Omit<BatchJobState, 'entries'> & { entries?: BatchEntry[]; entryParts?: number };
};

export function readJob(props: Record<string, string>, id: string): JobRecord | null {
  const raw = props[jobKey(id)];
  if (!raw) return null;
  const job = JSON.parse(raw) as StoredRecord;
  if (job.claimSlots !== undefined) {
    job.claims = {};
    for (let slot = 0; slot < job.claimSlots; slot++) {
      const raw = props[claimKey(id, slot)];
      if (!raw) continue;
      const [claimId, claim] = JSON.parse(raw) as [string, Claim];
      job.claims[claimId] = claim;
    }
  } else job.claims ??= {};
  // Claims of the previous release named row indices: they are dropped (their steps write nothing).
  for (const [k, c] of Object.entries(job.claims)) if (typeof c.texts !== 'string') delete job.claims[k];
  if (job.batch && job.batch.entryParts !== undefined) {
    const { entryParts, ...batch } = job.batch;
    const text = readParts(props, (p) => entriesKey(id, p), entryParts);
    job.batch = { ...batch, entries: text ? (JSON.parse(text) as BatchEntry[]) : [] };
  }
  return job as JobRecord;
}

export function listJobs(props: Record<string, string>): JobRecord[] {
  return Object.keys(props)
    .filter((k) => k.startsWith(JOB_PREFIX) && !k.slice(JOB_PREFIX.length).includes(':'))
    .map((k) => readJob(props, k.slice(JOB_PREFIX.length)) as JobRecord);
}

/** The record, its claims and a batch job's entries, to save. */
export function jobChanges(job: JobRecord): Record<string, string> {
  const { claims, ...rest } = job;
  const entries = Object.entries(claims).sort(([a], [b]) => (a < b ? -1 : 1));
  const slots = Math.max(job.claimSlots ?? 0, entries.length);
  const stored: StoredRecord = { ...rest, claimSlots: slots };
  const out: Record<string, string> = {};
  for (let slot = 0; slot < slots; slot++)
    out[claimKey(job.id, slot)] = entries[slot] ? JSON.stringify(entries[slot]) : '';
  if (job.batch) {
    const { entries, ...batch } = job.batch;
    const text = entries.length ? JSON.stringify(entries) : '';
    const parts = writeParts(text, (p) => entriesKey(job.id, p), ENTRIES_PER_PROPERTY);
    stored.batch = { ...batch, entryParts: Object.keys(parts).length };
    Object.assign(out, parts);
  }
  return { [jobKey(job.id)]: JSON.stringify(stored), ...out };
}

export function rowCount(spec: JobSpec): number {
  return spec.lastRow - spec.firstRow + 1;
}

export function readParts(
  props: Record<string, string>,
  key: (part: number) => string,
  parts: number,
): string {
  let text = '';
  for (let p = 0; p < parts; p++) text += props[key(p)] ?? '';
  return text;
}

export function writeParts(
  text: string,
  key: (part: number) => string,
  size: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (let p = 0; p * size < text.length; p++) out[key(p)] = text.slice(p * size, (p + 1) * size);
  return out;
}

/** Properties of the previous release's row states and fingerprints (removed when a job is converted). */
export function legacyRowKeys(props: Record<string, string>, id: string): string[] {
  const prefix = `${jobKey(id)}:`;
  return Object.keys(props).filter(
    (k) => k.startsWith(prefix) && /^(rows|fp|runs):/.test(k.slice(prefix.length)),
  );
}

export function jobPropertyKeys(props: Record<string, string>, id: string): string[] {
  return Object.keys(props).filter((k) => k === jobKey(id) || k.startsWith(`${jobKey(id)}:`));
}

/** Whether a job keeps a filter of what it wrote: it may overwrite, or it is an evaluation. */
export function keepsWritten(spec: JobSpec): boolean {
  return spec.overwrite || spec.evaluation !== undefined;
}

/** Bytes the store would need for a job of `rows` rows: its record and claims, and its filter if any. */
export function bytesForJob(spec: JobSpec): number {
  const filter = keepsWritten(spec) ? Math.ceil(rowCount(spec) * 2 * 1.02) : 0;
  return RECORD_BYTES + filter;
}

/** The bytes a job keeps in the store now. */
export function jobBytes(props: Record<string, string>, id: string): number {
  return jobPropertyKeys(props, id).reduce((n, k) => n + utf8Length(k) + utf8Length(props[k]), 0);
}

/** What a job may come to keep: an unfinished one is counted at its largest. */
export function jobShareBytes(props: Record<string, string>, job: JobRecord): number {
  const now = jobBytes(props, job.id);
  return job.state === 'running' || job.state === 'paused' ? Math.max(now, bytesForJob(job.spec)) : now;
}

/** Every count at zero, to start a tally from. */
export const NO_COUNTS: Readonly<JobCounts> = {
  total: 0,
  done: 0,
  skipped: 0,
  failed: 0,
  pending: 0,
  queued: 0,
  deleted: 0,
};

/** The counts of the last look; a job never looked at shows its rows as pending. */
export function countsOf(job: JobRecord): JobCounts {
  if (job.counts) return job.counts;
  const rows = rowCount(job.spec);
  return { ...NO_COUNTS, total: rows, pending: rows };
}

export function noteChange(job: JobRecord, change: Partial<JobChanges>): void {
  const c = (job.changes ??= { inserted: 0, deleted: 0, edited: 0, moved: 0 });
  c.inserted += change.inserted ?? 0;
  c.deleted += change.deleted ?? 0;
  c.edited += change.edited ?? 0;
  c.moved += change.moved ?? 0;
  if (change.renamed !== undefined) c.renamed = change.renamed;
}
