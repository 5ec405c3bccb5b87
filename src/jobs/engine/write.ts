// Writing answers where their text is, under the document lock: the rows are read again just before,
// and an answer goes into a row only when that row's input is the very text that was answered and
// its output is still blank (with overwrite: still not an answer the job wrote to that text). A row
// someone edited, moved or typed into meanwhile is left as it is. Writes go in contiguous runs as
// plain text; a short gap of rows with blank input and blank output is written along as '' so that a
// run is not cut by every blank row (each run is a format call and a write call).
import { readsAsItself, textCellValue } from '../../engine/cell-values';
import { isAccountWide } from '../../engine/failures';
import { cellText } from '../../engine/values';
import type { UserError } from '../../i18n/messages';
import type { SheetPort } from '../../platform/ports';
import type { JobRecord, Place } from '../store';
import type { RowAnswer } from './answer';
import { isBlank, type SheetRows } from './scan';
import { fingerprint, FP_CHARS, type WrittenFilter } from './written';

/** Gaps this short (in rows) are bridged. */
const MAX_BRIDGE = 3;
/** Texts whose answer failed that a job remembers; past that it stops asking (the job pauses). */
export const MAX_FAILED_TEXTS = 1000;

export interface WriteOutcome {
  /** Rows written. */
  written: number;
  /** Answered texts no row held any more (edited or moved out of the rows read). */
  missing: number;
  /** A failure that concerns the whole job (a revoked key...). */
  stop?: UserError;
}

/** Decides and writes the answers into these rows (as just read under the lock). */
export function writeAnswers(
  job: JobRecord,
  place: Place,
  rows: SheetRows,
  answers: Map<string, RowAnswer>,
  written: WrittenFilter | undefined,
  sheets: SheetPort,
): WriteOutcome {
  const writes = new Map<number, string>();
  const failedNow = new Map<string, UserError>();
  let stop: UserError | undefined;
  rows.inputs.forEach((input, i) => {
    const answer = input ? answers.get(input) : undefined;
    if (!answer || answer.kind === 'retry') return;
    const output = rows.outputs[i];
    if (answer.kind === 'fail') {
      if (isAccountWide(answer.reason)) stop ??= answer.reason;
      else if (isBlank(output) || job.spec.overwrite) failedNow.set(input, answer.reason);
      return;
    }
    if (!isBlank(output)) {
      if (!job.spec.overwrite || written?.has(input, cellText(output))) return;
      if (cellText(output) === answer.text) {
        written?.add(input, answer.text); // written by a step that died before it could say so
        return;
      }
    }
    writes.set(rows.first + i, textCellValue(answer.text));
    written?.add(input, answer.text);
  });
  recordFailures(job, rows, failedNow);
  writeCells(place, writes, rows, sheets);
  const present = new Set(rows.inputs);
  let missing = 0;
  for (const [text, answer] of answers) if (answer.kind === 'answer' && !present.has(text)) missing++;
  return { written: writes.size, missing, stop };
}

function recordFailures(job: JobRecord, rows: SheetRows, failed: Map<string, UserError>): void {
  if (!failed.size) return;
  const known = new Set<string>();
  for (let i = 0; i + FP_CHARS <= (job.failedTexts ?? '').length; i += FP_CHARS)
    known.add((job.failedTexts ?? '').slice(i, i + FP_CHARS));
  for (const [text, reason] of failed) {
    const print = fingerprint(text);
    if (known.has(print)) continue;
    if (known.size >= MAX_FAILED_TEXTS) {
      job.state = 'paused';
      job.message = { key: 'job_too_many_failures', params: { count: MAX_FAILED_TEXTS } };
      return;
    }
    known.add(print);
    job.failedTexts = (job.failedTexts ?? '') + print;
    const count = rows.inputs.filter((t) => t === text).length;
    job.failures[reason.key] = (job.failures[reason.key] ?? 0) + count;
  }
}

/** The writes with short gaps of blank-input, blank-output rows filled with ''. */
function bridged(writes: Map<number, string>, rows: SheetRows): Map<number, string> {
  if (writes.size < 2) return writes;
  const sorted = [...writes.keys()].sort((a, b) => a - b);
  const empty = (row: number) => {
    const i = row - rows.first;
    return i >= 0 && i < rows.inputs.length && !rows.inputs[i] && isBlank(rows.outputs[i]);
  };
  const out = new Map(writes);
  for (let k = 1; k < sorted.length; k++) {
    const gap = sorted[k] - sorted[k - 1] - 1;
    if (gap < 1 || gap > MAX_BRIDGE) continue;
    const between = Array.from({ length: gap }, (_, j) => sorted[k - 1] + 1 + j);
    if (between.every(empty)) for (const row of between) out.set(row, '');
  }
  return out;
}

/** Consecutive sheet rows with their values, for writing runs of cells in one call each. */
export function contiguous<T>(byRow: Map<number, T>): Array<[number, T[]]> {
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  const out: Array<[number, T[]]> = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1].length === row) last[1].push(byRow.get(row) as T);
    else out.push([row, [byRow.get(row) as T]]);
  }
  return out;
}

/**
 * The writes in as few calls as the sheet allows: one format call and one write call per run of
 * consecutive rows, or per distinct answer when there are fewer of those (labels: rows whose texts
 * are repeated elsewhere, or that other steps hold, cut the runs short).
 */
function writeCells(place: Place, writes: Map<number, string>, rows: SheetRows, sheets: SheetPort): void {
  const runs = bridged(writes, rows);
  const byValue = new Map<string, number[]>();
  for (const [row, value] of writes) byValue.set(value, [...(byValue.get(value) ?? []), row]);
  if (byValue.size < contiguous(runs).length)
    for (const [value, at] of byValue)
      sheets.writeTextAt(place.sheetId, place.output, at, value, !readsAsItself(value));
  else writeRuns(place, runs, sheets);
}

/** The writes into the job's output cells, one call per run of consecutive rows. */
export function writeRuns(place: Place, writes: Map<number, string>, sheets: SheetPort): void {
  for (const [start, values] of contiguous(writes))
    sheets.writeText(place.sheetId, place.output, start, values);
}
