// A look at the job's rows: its input and output columns read in one call each, and every row sorted by
// what it holds, not by where it is. A row is to answer when its input has text and its output is
// blank (with overwrite: its output is not an answer the job wrote to that very text, written.ts); a
// row whose output holds anything else is left as it is. Nothing is remembered per row, so rows may be
// sorted, moved, inserted or deleted between two looks: the next look sees them where they are.
import { cellText } from '../../engine/values';
import { skipsRow } from '../../engine/personal-data';
import type { SheetPort } from '../../platform/ports';
import { personalDataOf } from '../spec';
import { NO_COUNTS, type JobCounts, type JobRecord, type Place } from '../store';
import { fingerprint, fingerprintSet, type WrittenFilter } from './written';

export interface SheetRows {
  /** Sheet row of index 0. */
  first: number;
  inputs: string[];
  outputs: unknown[];
}

export function isBlank(value: unknown): boolean {
  return value === '' || value === null || value === undefined;
}

/** The job's input and output cells of rows first..last (two calls). */
export function readRows(sheets: SheetPort, place: Place, first: number, last: number): SheetRows {
  if (last < first) return { first, inputs: [], outputs: [] };
  return {
    first,
    inputs: sheets.readColumn(place.sheetId, place.input, first, last).map((v) => cellText(v)),
    outputs: sheets.readColumn(place.sheetId, place.output, first, last),
  };
}

export type RowKind = 'blank' | 'done' | 'skipped' | 'failed' | 'pending';

export interface Sorter {
  kind(input: string, output: unknown): RowKind;
}

/**
 * How a row of this job is sorted. `failed`: fingerprints of texts whose answer failed. An
 * evaluation's output is the expected answer: a row without one has nothing to compare (skipped), a
 * row is done once its pair (text, expected) was tallied.
 */
export function sorterFor(job: JobRecord, written: WrittenFilter | undefined): Sorter {
  const failed = fingerprintSet(job.failedTexts);
  const isFailed = (input: string) => failed.size > 0 && failed.has(fingerprint(input));
  if (job.spec.evaluation) {
    const rule = personalDataOf(job.spec);
    return {
      kind(input, output) {
        const expected = cellText(output);
        // Nothing to compare: no text, no expected answer, or a text the personal-data rule keeps back.
        if (!input || !expected || skipsRow(rule, input)) return 'skipped';
        if (written?.has(input, expected)) return 'done';
        return isFailed(input) ? 'failed' : 'pending';
      },
    };
  }
  return {
    kind(input, output) {
      if (!input) return 'blank';
      if (!isBlank(output) && (!job.spec.overwrite || written?.has(input, cellText(output)))) return 'done';
      return isFailed(input) ? 'failed' : 'pending';
    },
  };
}

export interface Look {
  rows: SheetRows;
  counts: JobCounts;
  /** Indices (into rows) of the rows still to answer, in sheet order. */
  pending: number[];
}

/**
 * Every row sorted. The rows whose outputs held a value when the job started (`job.counts.skipped`,
 * counted at its start) stay counted as skipped for as long as that many rows hold one.
 */
export function lookAt(job: JobRecord, rows: SheetRows, sorter: Sorter): Look {
  const pending: number[] = [];
  const counts: JobCounts = { ...NO_COUNTS, total: rows.inputs.length, deleted: job.counts?.deleted ?? 0 };
  rows.inputs.forEach((input, i) => {
    const kind = sorter.kind(input, rows.outputs[i]);
    if (kind === 'pending') pending.push(i);
    if (kind === 'blank') counts.done++;
    else counts[kind]++;
  });
  if (!job.spec.evaluation) {
    const kept = Math.min(job.counts?.skipped ?? 0, counts.done);
    counts.skipped = kept;
    counts.done -= kept;
  }
  return { rows, counts, pending };
}

/**
 * The next texts to ask: distinct texts of pending rows no other step holds, in sheet order, at most
 * `count`; with the first and last sheet rows they were read from.
 */
export function pickTexts(
  look: Look,
  claimed: Set<string>,
  count: number,
): { texts: string[]; prints: string[]; first: number; last: number } {
  const texts: string[] = [];
  const prints: string[] = [];
  const seen = new Set<string>();
  let first = -1;
  let last = -1;
  for (const i of look.pending) {
    if (texts.length >= count) break;
    const text = look.rows.inputs[i];
    if (seen.has(text)) continue;
    seen.add(text);
    const print = fingerprint(text);
    if (claimed.has(print)) continue;
    texts.push(text);
    prints.push(print);
    if (first < 0) first = i;
    last = i;
  }
  return { texts, prints, first: look.rows.first + first, last: look.rows.first + last };
}
