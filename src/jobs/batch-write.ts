// Writing many answers at once (a batch's results, or rows the cache answers), under the document
// lock, in as few calls as the sheet allows: a short gap of the job's own blank-input rows whose
// output cell is empty is written along as '' so that a run is not cut by every blank row (each run
// is a format call and a write call, the slowest calls there are).
import type { RowAnswer } from './answer';
import type { Anchor } from './anchors';
import { decideWrites, writeRuns } from './commit';
import type { JobDeps } from './deps';
import { fingerprint } from './fingerprints';
import { follow } from './follow';
import { pairsOf } from './layout';
import type { DailyUsage } from './quotas';
import type { JobRecord, RowState } from './store';

/** Gaps this short (in rows) are bridged. */
const MAX_BRIDGE = 3;

export interface RowsToWrite {
  /** Row indices, and by index the fingerprint of the input the answer belongs to. */
  indices: number[];
  fingerprints: Map<number, string>;
  /** By index; a row without one is a blank input. */
  answers: Map<number, RowAnswer>;
}

/**
 * Writes these rows of the job (found again first). Returns null when the job cannot go on (its
 * cells are gone: follow() stopped it). A row whose input changed since is left as it was.
 */
export function writeRows(
  job: JobRecord,
  rows: RowState[],
  fingerprints: string[],
  work: RowsToWrite,
  deps: JobDeps,
  usage: DailyUsage,
  found?: Anchor,
): Anchor | null {
  const anchor = found ?? follow(job, rows, deps);
  if (!anchor) return null;
  const indices = work.indices.filter((i) => rows[i] !== 'x');
  const claim = {
    indices,
    until: 0,
    fingerprints: indices.map((i) => work.fingerprints.get(i) ?? fingerprint('')).join(''),
  };
  const writes = decideWrites(job, rows, fingerprints, anchor, { claim, answers: work.answers }, deps, usage);
  writeRuns(anchor, bridged(writes, anchor, rows, deps), deps);
  return anchor;
}

/** The writes with short gaps of the job's blank-input, empty-output rows filled with ''. */
export function bridged(
  writes: Map<number, string>,
  anchor: Anchor,
  rows: RowState[],
  deps: Pick<JobDeps, 'sheets'>,
): Map<number, string> {
  if (writes.size < 2) return writes;
  const sorted = [...writes.keys()].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const indexAt = new Map<number, number>();
  for (const [index, row] of pairsOf(anchor.runs)) if (row >= first && row <= last) indexAt.set(row, index);
  const outputs = deps.sheets.readColumn(anchor.sheetId, anchor.output, first, last);
  const bridgeable = (row: number) => {
    const index = indexAt.get(row);
    const value = outputs[row - first];
    return (
      index !== undefined && rows[index] === 'b' && (value === '' || value === null || value === undefined)
    );
  };
  const out = new Map(writes);
  for (let k = 1; k < sorted.length; k++) {
    const gap = sorted[k] - sorted[k - 1] - 1;
    if (gap < 1 || gap > MAX_BRIDGE) continue;
    const between = Array.from({ length: gap }, (_, j) => sorted[k - 1] + 1 + j);
    if (between.every(bridgeable)) for (const row of between) out.set(row, '');
  }
  return out;
}
