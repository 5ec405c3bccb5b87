// At every claim and before every write: find the job's cells again (place.ts), bring the record up to
// date with what people did (a rename, rows inserted or deleted among its rows, columns moved), and
// read its rows. A job whose cells are gone stops here, writing nothing.
import type { MessageRef } from '../../i18n/messages';
import type { TabInfo } from '../../platform/ports';
import type { JobDeps } from '../deps';
import { keepsWritten, noteChange, type JobRecord, type Place } from '../store';
import { convertLegacy, ensureFilter } from './legacy';
import { locate, placeJob, type Located } from './place';
import { lookAt, readRows, sorterFor, type Look, type SheetRows } from './scan';
import { WrittenFilter } from './written';

export interface Found {
  place: Place;
  tab: TabInfo;
}

function stopMessage(job: JobRecord, reason: Extract<Located, { found: false }>['reason']): MessageRef {
  switch (reason) {
    case 'sheet':
      return { key: 'job_sheet_deleted', params: { sheet: job.spec.sheet } };
    case 'input':
      return { key: 'job_input_deleted' };
    case 'output':
      return { key: 'job_output_deleted' };
    case 'fences':
      return { key: 'job_rows_lost' };
  }
}

/** Jobs whose cells are gone stop for good: their items can go. */
export function isStructuralStop(job: JobRecord): boolean {
  const key = job.message?.key;
  return (
    job.state === 'stopped' &&
    (key === 'job_output_deleted' ||
      key === 'job_input_deleted' ||
      key === 'job_sheet_deleted' ||
      key === 'job_rows_lost' ||
      key === 'job_columns_moved' ||
      key === 'job_unmarked_rows_changed')
  );
}

function stop(job: JobRecord, message: MessageRef): null {
  job.state = 'stopped';
  job.message = message;
  job.claims = {};
  return null;
}

/**
 * Where the job's cells are now, with the record updated. Null when the job cannot go on: it is then
 * stopped (its cells are gone) or done (all its rows were deleted), with a message saying so.
 */
export function follow(job: JobRecord, deps: Pick<JobDeps, 'sheets'>): Found | null {
  convertLegacy(job);
  ensureFilter(job);
  if (!job.place) {
    // A job from before anchoring: its cells are where its record says, and it is anchored there.
    const tab = deps.sheets.tabByName(job.spec.sheet);
    if (!tab) return stop(job, { key: 'job_sheet_deleted', params: { sheet: job.spec.sheet } });
    const { inputColumn: input, outputColumn: output, firstRow, lastRow } = job.spec;
    job.place = placeJob({ jobId: job.id, tab: tab.id, input, output, firstRow, lastRow }, deps.sheets);
  }
  const located = locate(job.place, deps.sheets);
  if (!located.found) return stop(job, stopMessage(job, located.reason));
  const renamed = located.tab.name !== job.spec.sheet ? located.tab.name : undefined;
  noteChange(job, {
    inserted: located.inserted,
    deleted: located.deleted,
    moved: located.moved ? 1 : 0,
    renamed,
  });
  if (located.deleted && job.counts) job.counts.deleted += located.deleted;
  job.spec.sheet = located.tab.name;
  job.place = located.place;
  if (located.place.bottom < located.place.top) {
    job.state = 'done';
    job.message = { key: 'job_all_rows_deleted' };
    job.claims = {};
    return null;
  }
  return { place: located.place, tab: located.tab };
}

/**
 * Rows first..last of the job (its header row too when its columns are guarded by their headers);
 * null when the headers changed, and the job is stopped.
 */
export function readGuarded(
  job: JobRecord,
  place: Place,
  deps: Pick<JobDeps, 'sheets'>,
  first: number,
  last: number,
): SheetRows | null {
  const guard = place.headers !== undefined && place.top > 1;
  const from = guard ? Math.min(first, place.top - 1) : first;
  const rows = readRows(deps.sheets, place, from, last);
  if (guard) {
    const k = place.top - 1 - from;
    const [input, output] = place.headers as [string, string];
    if (rows.inputs[k] !== input || String(rows.outputs[k] ?? '') !== output)
      return stop(job, { key: 'job_columns_moved' });
  }
  const skip = first - from;
  return { first, inputs: rows.inputs.slice(skip), outputs: rows.outputs.slice(skip) };
}

/** The job's filter of what it wrote, if it keeps one. */
export function writtenOf(job: JobRecord, props: Record<string, string>): WrittenFilter | undefined {
  return keepsWritten(job.spec) && job.writtenBits
    ? WrittenFilter.read(props, job.id, job.writtenBits)
    : undefined;
}

export interface Looked extends Found {
  look: Look;
  written?: WrittenFilter;
}

/** The job's cells found again and every row of it read and sorted; the counts kept in the record. */
export function lookAtJob(
  job: JobRecord,
  props: Record<string, string>,
  deps: Pick<JobDeps, 'sheets'>,
): Looked | null {
  const found = follow(job, deps);
  if (!found) return null;
  const rows = readGuarded(job, found.place, deps, found.place.top, found.place.bottom);
  if (!rows) return null;
  const written = writtenOf(job, props);
  const look = lookAt(job, rows, sorterFor(job, written));
  job.counts = { ...look.counts, queued: job.counts?.queued ?? 0 };
  return { ...found, look, written };
}
