// A column job's state in the spreadsheet's document properties: the record (counts, claims, state,
// where its cells are), a state per row (run-length encoded), and for each answered row a fingerprint
// of the input it was answered from, each split over properties under 9 KB.
import type { MessageRef } from '../i18n/messages';
import type { Anchor } from './anchors';
import type { BatchEntry, BatchJobState } from './batch-state';
import type { Run } from './layout';
import type { JobSpec } from './spec';
import { utf8Length } from '../engine/sha256';

export type JobState = 'running' | 'paused' | 'stopped' | 'cancelled' | 'done';

/**
 * Row states, by the row's place in the job (its index), not its row number:
 * `.` pending; `r` pending again because its input changed after its answer was written (the output
 * cell holds the job's own earlier answer, so it may be replaced); `d` done (answer written, or the
 * cell already held it); `b` done, blank input; `s` skipped (kept a value someone else put there;
 * in an evaluation, a row with no text or no expected answer); `f` failed; `x` the row was deleted
 * from the sheet; `q` asked in a batch of the Batch API, its answer not collected yet (its
 * fingerprint is the one of the input it was asked with); `Q` the same for a row that was `r`.
 */
export type RowState = '.' | 'r' | 'd' | 'b' | 's' | 'f' | 'x' | 'q' | 'Q';

export const PENDING: ReadonlySet<RowState> = new Set(['.', 'r']);

/** Asked in a batch, waiting for its answer. */
export function isQueued(state: RowState): boolean {
  return state === 'q' || state === 'Q';
}

/** A pending row taken into a batch, and back. */
export function queued(state: RowState): RowState {
  return state === 'r' ? 'Q' : 'q';
}

export function unqueued(state: RowState): RowState {
  return state === 'Q' ? 'r' : state === 'q' ? '.' : state;
}

export interface Claim {
  /** Indices of the rows this step works on. */
  indices: number[];
  until: number;
  /** Fingerprints of their input texts when claimed, two characters each. */
  fingerprints: string;
}

/** What people did to the job's cells while it ran, as it saw it. */
export interface JobChanges {
  inserted: number;
  deleted: number;
  edited: number;
  moved: number;
  renamed?: string;
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
  /** Where the job's rows and columns are now (absent only for jobs started before anchoring). */
  anchor?: Anchor;
  changes?: JobChanges;
  /** A job in batch mode: its files and batches. */
  batch?: BatchJobState;
}

const JOB_PREFIX = 'job:';
const ROWS_PER_PROPERTY = 8000;
/** Fingerprints are two characters; a property holds 4,000 rows of them. */
const FINGERPRINTS_PER_PROPERTY = 4000;
export const NO_FINGERPRINT = '~~';

export const jobKey = (id: string) => `${JOB_PREFIX}${id}`;
const rowsKey = (id: string, part: number) => `${JOB_PREFIX}${id}:rows:${part}`;
const runsKey = (id: string, part: number) => `${JOB_PREFIX}${id}:runs:${part}`;
/** Characters of encoded runs per property: a job split by many insertions keeps its runs apart. */
const RUNS_PER_PROPERTY = 8000;
const fingerprintsKey = (id: string, part: number) => `${JOB_PREFIX}${id}:fp:${part}`;
const entriesKey = (id: string, part: number) => `${JOB_PREFIX}${id}:bt:${part}`;
/** Characters of a batch job's entries (JSON) per property. */
const ENTRIES_PER_PROPERTY = 8000;

/** As stored: the anchor's runs and a batch job's entries live in properties of their own. */
type StoredRecord = Omit<JobRecord, 'anchor' | 'batch'> & {
  anchor?: Omit<Anchor, 'runs'> & { runs?: Run[]; runParts?: number };
  batch?: Omit<BatchJobState, 'entries'> & { entries?: BatchEntry[]; entryParts?: number };
};

export function readJob(props: Record<string, string>, id: string): JobRecord | null {
  const raw = props[jobKey(id)];
  if (!raw) return null;
  const job = JSON.parse(raw) as StoredRecord;
  if (job.anchor && job.anchor.runParts !== undefined) {
    const { runParts, ...anchor } = job.anchor;
    job.anchor = { ...anchor, runs: decodeRuns(readParts(props, (p) => runsKey(id, p), runParts)) };
  }
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

/** The record, its runs and a batch job's entries, to save. */
export function recordChanges(job: JobRecord): Record<string, string> {
  const stored: StoredRecord = { ...job };
  const out: Record<string, string> = {};
  if (job.anchor) {
    const { runs, ...anchor } = job.anchor;
    const parts = writeParts(encodeRuns(runs), (p) => runsKey(job.id, p), RUNS_PER_PROPERTY);
    stored.anchor = { ...anchor, runParts: Object.keys(parts).length };
    Object.assign(out, parts);
  }
  if (job.batch) {
    const { entries, ...batch } = job.batch;
    const text = entries.length ? JSON.stringify(entries) : '';
    const parts = writeParts(text, (p) => entriesKey(job.id, p), ENTRIES_PER_PROPERTY);
    stored.batch = { ...batch, entryParts: Object.keys(parts).length };
    Object.assign(out, parts);
  }
  return { [jobKey(job.id)]: JSON.stringify(stored), ...out };
}

/** "first,row,count;..." in base 36. */
function encodeRuns(runs: Run[]): string {
  return runs.map((run) => run.map((n) => n.toString(36)).join(',')).join(';');
}

function decodeRuns(text: string): Run[] {
  if (!text) return [];
  return text.split(';').map((run) => run.split(',').map((n) => parseInt(n, 36)) as Run);
}

export function rowCount(spec: JobSpec): number {
  return spec.lastRow - spec.firstRow + 1;
}

function readParts(props: Record<string, string>, key: (part: number) => string, parts: number): string {
  let text = '';
  for (let p = 0; p < parts; p++) text += props[key(p)] ?? '';
  return text;
}

function writeParts(text: string, key: (part: number) => string, size: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let p = 0; p * size < text.length; p++) out[key(p)] = text.slice(p * size, (p + 1) * size);
  return out;
}

/**
 * Each property holds the states of 8,000 rows, run-length encoded: a run of five or more equal
 * states is written `d*5000` (no state is a digit or `*`), so a part is never longer than the
 * states themselves and a finished 50,000-row job keeps a few bytes.
 */
export function readRows(props: Record<string, string>, job: JobRecord): RowState[] {
  const n = rowCount(job.spec);
  let text = '';
  for (let p = 0; p * ROWS_PER_PROPERTY < n; p++) {
    const size = Math.min(ROWS_PER_PROPERTY, n - p * ROWS_PER_PROPERTY);
    text += decodeStates(props[rowsKey(job.id, p)] ?? '')
      .padEnd(size, '.')
      .slice(0, size);
  }
  return text.split('') as RowState[];
}

export function rowChanges(job: JobRecord, rows: RowState[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let p = 0; p * ROWS_PER_PROPERTY < rows.length; p++)
    out[rowsKey(job.id, p)] = encodeStates(rows.slice(p * ROWS_PER_PROPERTY, (p + 1) * ROWS_PER_PROPERTY));
  return out;
}

const MIN_RUN = 5;

export function encodeStates(states: string[]): string {
  let out = '';
  for (let i = 0; i < states.length;) {
    let j = i + 1;
    while (j < states.length && states[j] === states[i]) j++;
    out += j - i >= MIN_RUN ? `${states[i]}*${j - i}` : states[i].repeat(j - i);
    i = j;
  }
  return out;
}

export function decodeStates(text: string): string {
  return text.replace(/(.)\*(\d+)/g, (_, state: string, count: string) => state.repeat(Number(count)));
}

/** Per row, the fingerprint of the input its answer came from (NO_FINGERPRINT before it has one). */
export function readFingerprints(props: Record<string, string>, job: JobRecord): string[] {
  const n = rowCount(job.spec);
  const text = readParts(props, (p) => fingerprintsKey(job.id, p), Math.ceil(n / FINGERPRINTS_PER_PROPERTY));
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(text.slice(2 * i, 2 * i + 2) || NO_FINGERPRINT);
  return out;
}

export function fingerprintChanges(job: JobRecord, fingerprints: string[]): Record<string, string> {
  return writeParts(fingerprints.join(''), (p) => fingerprintsKey(job.id, p), 2 * FINGERPRINTS_PER_PROPERTY);
}

/** Everything of a job to save after a change: its record, row states and fingerprints. */
export function jobChanges(
  job: JobRecord,
  rows: RowState[],
  fingerprints?: string[],
): Record<string, string> {
  return {
    ...recordChanges(job),
    ...rowChanges(job, rows),
    ...(fingerprints ? fingerprintChanges(job, fingerprints) : {}),
  };
}

export function fingerprintKeys(props: Record<string, string>, id: string): string[] {
  return Object.keys(props).filter((k) => k.startsWith(`${jobKey(id)}:fp:`));
}

export function jobPropertyKeys(props: Record<string, string>, id: string): string[] {
  return Object.keys(props).filter((k) => k === jobKey(id) || k.startsWith(`${jobKey(id)}:`));
}

/** Bytes the store would need for a job of `rows` rows: its record, row states and fingerprints. */
export function bytesForJob(rows: number): number {
  return 3000 + rows * 3 + Math.ceil(rows / FINGERPRINTS_PER_PROPERTY) * 40;
}

/** The bytes a job keeps in the store now: its record, runs, row states and fingerprints. */
export function jobBytes(props: Record<string, string>, id: string): number {
  return jobPropertyKeys(props, id).reduce((n, k) => n + utf8Length(k) + utf8Length(props[k]), 0);
}

/** What a job may come to keep: an unfinished one is counted at its largest. */
export function jobShareBytes(props: Record<string, string>, job: JobRecord): number {
  const now = jobBytes(props, job.id);
  return job.state === 'running' || job.state === 'paused'
    ? Math.max(now, bytesForJob(rowCount(job.spec)))
    : now;
}

export interface JobCounts {
  /** Rows still in the sheet. */
  total: number;
  done: number;
  skipped: number;
  failed: number;
  /** Not answered yet, those in batches included. */
  pending: number;
  /** Of `pending`, asked in batches whose answers are not collected yet. */
  queued: number;
  deleted: number;
}

export function countRows(rows: RowState[]): JobCounts {
  const counts: JobCounts = { total: 0, done: 0, skipped: 0, failed: 0, pending: 0, queued: 0, deleted: 0 };
  for (const r of rows) {
    if (r === 'x') {
      counts.deleted++;
      continue;
    }
    counts.total++;
    if (r === 'd' || r === 'b') counts.done++;
    else if (r === 's') counts.skipped++;
    else if (r === 'f') counts.failed++;
    else {
      counts.pending++;
      if (isQueued(r)) counts.queued++;
    }
  }
  return counts;
}

export function noteChange(job: JobRecord, change: Partial<JobChanges>): void {
  const c = (job.changes ??= { inserted: 0, deleted: 0, edited: 0, moved: 0 });
  c.inserted += change.inserted ?? 0;
  c.deleted += change.deleted ?? 0;
  c.edited += change.edited ?? 0;
  c.moved += change.moved ?? 0;
  if (change.renamed !== undefined) c.renamed = change.renamed;
}
