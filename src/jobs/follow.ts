// At every step, before claiming and before writing: find the job's cells again (anchors.ts), bring
// the record up to date with what people did, and notice inputs that changed after they were answered.
import { cellText } from '../engine/values';
import type { MessageRef } from '../i18n/messages';
import { anchorJob, locate, unmark, type Anchor, type Placement } from './anchors';
import type { JobDeps } from './deps';
import { fingerprint } from './fingerprints';
import { pairsOf, rowOf } from './layout';
import { NO_FINGERPRINT, noteChange, rowCount, type JobRecord, type RowState } from './store';

/**
 * Time a claim may spend marking rows of a large job. It holds the document lock meanwhile, and a
 * formula waits at most 10 s for that lock.
 */
export const MARK_BUDGET_MS = 5_000;

/** Jobs whose cells are gone stop for good: their markers can go. */
export function isStructuralStop(job: JobRecord): boolean {
  const key = job.message?.key;
  return (
    job.state === 'stopped' &&
    (key === 'job_output_deleted' ||
      key === 'job_input_deleted' ||
      key === 'job_sheet_deleted' ||
      key === 'job_unmarked_rows_changed')
  );
}

function stopMessage(job: JobRecord, placement: Extract<Placement, { found: false }>): MessageRef {
  switch (placement.reason) {
    case 'sheet':
      return { key: 'job_sheet_deleted', params: { sheet: job.spec.sheet } };
    case 'input':
      return { key: 'job_input_deleted' };
    case 'output':
      return { key: 'job_output_deleted' };
    case 'unmarked':
      return {
        key: 'job_unmarked_rows_changed',
        params: { first: placement.first ?? job.spec.firstRow, last: placement.last ?? job.spec.lastRow },
      };
  }
}

/** A job from before anchoring: its rows are marked where its record says they are. */
function anchorOldJob(job: JobRecord, deps: JobDeps): Anchor | MessageRef {
  const tab = deps.sheets.tabByName(job.spec.sheet);
  if (!tab) return { key: 'job_sheet_deleted', params: { sheet: job.spec.sheet } };
  const { anchor, disturbed } = anchorJob(
    {
      jobId: job.id,
      tab: tab.id,
      input: job.spec.inputColumn,
      output: job.spec.outputColumn,
      firstRow: job.spec.firstRow,
      rows: rowCount(job.spec),
    },
    deps.sheets,
    () => deps.clock.now(),
    deps.clock.now() + MARK_BUDGET_MS,
  );
  if (!disturbed) return anchor;
  unmark(anchor, deps.sheets);
  return {
    key: 'job_unmarked_rows_changed',
    params: { first: job.spec.firstRow, last: job.spec.lastRow },
  };
}

/**
 * Where the job's cells are now, with the record updated (rows deleted from the sheet become `x`, the
 * tab's new name, what changed). Null when the job cannot go on: it is then stopped (its cells are
 * gone) or done (all its rows were deleted), with a message saying so.
 */
export function follow(job: JobRecord, rows: RowState[], deps: JobDeps): Anchor | null {
  if (!job.anchor) {
    const anchored = anchorOldJob(job, deps);
    if (!('sheetId' in anchored)) {
      job.state = 'stopped';
      job.message = anchored;
      return null;
    }
    job.anchor = anchored as Anchor;
  }
  const placement = locate(job.anchor, rows.length, (i) => rows[i] !== 'x', deps.sheets);
  if (!placement.found) {
    job.state = 'stopped';
    job.message = stopMessage(job, placement);
    job.claims = {};
    return null;
  }
  for (const i of placement.deleted) rows[i] = 'x';
  const renamed = placement.tab.name !== job.spec.sheet ? placement.tab.name : undefined;
  noteChange(job, {
    deleted: placement.deleted.length,
    inserted: placement.inserted,
    moved: placement.moved ? 1 : 0,
    renamed,
  });
  job.spec.sheet = placement.tab.name;
  job.anchor = placement.anchor;
  if (!placement.anchor.runs.length) {
    job.state = 'done';
    job.message = { key: 'job_all_rows_deleted' };
    job.claims = {};
    return null;
  }
  return placement.anchor;
}

/** The input texts of these indices, read in one call. */
export function inputTexts(deps: JobDeps, anchor: Anchor, indices: number[]): string[] {
  return cellsAt(deps, anchor, anchor.input, indices).map((v) => cellText(v));
}

/** The cells of one column at the rows of these indices, read in one call. */
export function cellsAt(deps: JobDeps, anchor: Anchor, column: number, indices: number[]): unknown[] {
  if (!indices.length) return [];
  const rowsAt = indices.map((i) => rowOf(anchor.runs, i) as number);
  const first = Math.min(...rowsAt);
  const values = deps.sheets.readColumn(anchor.sheetId, column, first, Math.max(...rowsAt));
  return rowsAt.map((row) => values[row - first]);
}

/**
 * Rows answered earlier whose input no longer has the fingerprint it was answered from: pending again,
 * to be answered from the new text (`r`: the output holds the job's own answer and may be replaced).
 * Reads the input column of the job's rows in one call. Returns how many.
 */
export function reopenChanged(
  rows: RowState[],
  fingerprints: string[],
  anchor: Anchor,
  deps: JobDeps,
): number {
  const answered = pairsOf(anchor.runs).filter(
    ([i]) => (rows[i] === 'd' || rows[i] === 'b') && fingerprints[i] !== NO_FINGERPRINT,
  );
  if (!answered.length) return 0;
  const values = deps.sheets.readColumn(anchor.sheetId, anchor.input, anchor.top, anchor.bottom);
  let reopened = 0;
  for (const [i, row] of answered) {
    if (fingerprint(cellText(values[row - anchor.top])) === fingerprints[i]) continue;
    rows[i] = rows[i] === 'd' ? 'r' : '.';
    reopened++;
  }
  return reopened;
}
