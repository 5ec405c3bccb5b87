// A step's last move, under the document lock again: if its claim still stands and the job still runs,
// find the job's cells again, keep only rows whose input is still the text that was answered (a row
// edited meanwhile stays pending and is answered again from its new text), and write the answers into
// the job's own output cells, as text, in contiguous runs. Nothing is written anywhere else: a row
// deleted meanwhile is dropped, a deleted output column stops the job before any write.
import type { PipelineReport } from '../engine/pipeline';
import { isAccountWide } from '../engine/failures';
import { textCellValue } from '../engine/cell-values';
import { cellText } from '../engine/values';
import type { UserError } from '../i18n/messages';
import type { RowAnswer } from './answer';
import type { Anchor } from './anchors';
import { locked, type JobDeps } from './deps';
import { fingerprint } from './fingerprints';
import { cellsAt, follow } from './follow';
import { haltFor } from './halt';
import { contiguous, rowOf } from './layout';
import type { DailyUsage } from './quotas';
import {
  jobChanges,
  noteChange,
  readFingerprints,
  readJob,
  readRows,
  type Claim,
  type JobRecord,
  type RowState,
} from './store';

export interface Outcome {
  claimId: string;
  claim: Claim;
  answers: Map<number, RowAnswer>;
  report?: PipelineReport;
  stop?: UserError;
}

export function commitChunk(jobId: string, outcome: Outcome, deps: JobDeps, usage: DailyUsage): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, jobId);
    if (!job) return { result: undefined, changes: {} };
    const rows = readRows(props, job);
    const fingerprints = readFingerprints(props, job);
    const mine = job.claims[outcome.claimId];
    delete job.claims[outcome.claimId];
    job.updatedAt = now;
    charge(job, outcome.report);
    const save = () => ({ result: undefined, changes: jobChanges(job, rows, fingerprints) });
    // Cancelled, or our claim expired and the rows may belong to another step now: write nothing.
    if (!mine || job.state !== 'running') return save();
    if (outcome.stop) {
      // A busy lock is passing: the rows stay pending for the next step.
      if (outcome.stop.key !== 'lock_busy') haltFor(job, outcome.stop, deps, usage);
      return save();
    }
    const anchor = follow(job, rows, deps);
    if (anchor) writeAnswers(job, rows, fingerprints, anchor, outcome, deps, usage);
    return save();
  });
}

export function charge(job: JobRecord, report: PipelineReport | undefined): void {
  if (!report) return;
  job.tokens += report.charge.input + report.charge.output;
  job.costUsd += report.charge.costUsd;
  job.unpricedTokens = (job.unpricedTokens ?? 0) + (report.charge.unpricedTokens ?? 0);
  job.requests += report.charge.requests;
}

function isEmptyCell(value: unknown): boolean {
  return value === '' || value === null || value === undefined;
}

interface Row {
  index: number;
  /** Fingerprint of the input when claimed. */
  read: string;
  input: string;
  existing: unknown;
}

function writeAnswers(
  job: JobRecord,
  rows: RowState[],
  fingerprints: string[],
  anchor: Anchor,
  outcome: Outcome,
  deps: JobDeps,
  usage: DailyUsage,
): void {
  writeRuns(anchor, decideWrites(job, rows, fingerprints, anchor, outcome, deps, usage), deps);
}

/**
 * Settles the claimed rows whose input is still the one answered (a row edited meanwhile stays
 * pending) and returns what to write, by sheet row.
 */
export function decideWrites(
  job: JobRecord,
  rows: RowState[],
  fingerprints: string[],
  anchor: Anchor,
  { claim, answers }: Pick<Outcome, 'claim' | 'answers'>,
  deps: JobDeps,
  usage: DailyUsage,
): Map<number, string> {
  const live = claim.indices
    .map((index, k) => ({ index, read: claim.fingerprints.slice(2 * k, 2 * k + 2) }))
    .filter(({ index }) => rows[index] !== 'x');
  const indices = live.map(({ index }) => index);
  const inputs = cellsAt(deps, anchor, anchor.input, indices).map((v) => cellText(v));
  const outputs = cellsAt(deps, anchor, anchor.output, indices);
  const writes = new Map<number, string>();
  let edited = 0;
  live.forEach(({ index, read }, k) => {
    const row: Row = { index, read, input: inputs[k], existing: outputs[k] };
    if (fingerprint(row.input) !== read) {
      edited++; // stays pending: answered again from the new text
      return;
    }
    const value = settle(job, rows, fingerprints, row, answers.get(index), deps, usage);
    if (value !== undefined) writes.set(rowOf(anchor.runs, index) as number, value);
  });
  noteChange(job, { edited });
  return writes;
}

/** The writes into the job's output cells, one call per run of consecutive rows. */
export function writeRuns(anchor: Anchor, writes: Map<number, string>, deps: Pick<JobDeps, 'sheets'>): void {
  for (const [start, values] of contiguous(writes))
    deps.sheets.writeText(anchor.sheetId, anchor.output, start, values);
}

/** Decides a row whose input is still the one answered; returns what to write into its cell, if anything. */
function settle(
  job: JobRecord,
  rows: RowState[],
  fingerprints: string[],
  { index, read, existing }: Row,
  answer: RowAnswer | undefined,
  deps: JobDeps,
  usage: DailyUsage,
): string | undefined {
  // The output holds the job's own earlier answer (the row was answered, then its input changed).
  const ours = rows[index] === 'r' || rows[index] === 'Q';
  if (!answer) {
    // Blank input, blank output: an answer of ours to the text it had before goes.
    rows[index] = 'b';
    fingerprints[index] = read;
    return ours && !isEmptyCell(existing) ? '' : undefined;
  }
  if (answer.kind === 'retry') return undefined;
  if (answer.kind === 'fail') {
    if (isAccountWide(answer.reason)) haltFor(job, answer.reason, deps, usage);
    else {
      rows[index] = 'f';
      job.failures[answer.reason.key] = (job.failures[answer.reason.key] ?? 0) + 1;
    }
    return undefined;
  }
  fingerprints[index] = read;
  if (existing === answer.text) {
    rows[index] = 'd'; // written by a step that died before recording it, or moved here by a sort
    return undefined;
  }
  if (!isEmptyCell(existing) && !job.spec.overwrite && !ours) {
    rows[index] = 's';
    return undefined;
  }
  rows[index] = 'd';
  return textCellValue(answer.text);
}
