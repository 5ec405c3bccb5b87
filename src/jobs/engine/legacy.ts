// Jobs started by the previous release marked every row with developer metadata and kept a state and a
// fingerprint per row in the store. The first time such a job is looked at, it is converted: its
// columns keep their items (the same ids), its rows are where its record last saw them, its per-row
// properties go, and its row markers are removed a bounded number per call (finish.ts) until only the
// column items are left; then the job gets its fences like any other. What it had answered is in the
// sheet, so nothing is asked twice; rows it had failed are asked once more.
import { keepsWritten, rowCount, type JobRecord, type Place } from '../store';
import { filterBits } from './written';

/**
 * A job from before the filter of what it wrote gets one now. An evaluation from then starts its tallies
 * afresh (it cannot tell which rows it had tallied; their answers come from the cache).
 */
export function ensureFilter(job: JobRecord): void {
  if (!keepsWritten(job.spec) || job.writtenBits) return;
  job.writtenBits = filterBits(rowCount(job.spec));
  if (job.spec.evaluation) job.evaluationReset = true;
}

/** Converts a job of the previous release in place (its old per-row properties go in finish.ts). */
export function convertLegacy(job: JobRecord): void {
  const anchor = job.anchor;
  if (!anchor || job.place) return;
  const place: Place = {
    key: anchor.key,
    sheetId: anchor.sheetId,
    inputId: anchor.inputId,
    outputId: anchor.outputId,
    input: anchor.input,
    output: anchor.output,
    top: anchor.top,
    bottom: anchor.bottom,
    legacyRows: !anchor.cleared,
  };
  job.place = place;
  delete job.anchor;
  job.claims = {};
}

/** The ids a conversion keeps on the tab while the old row markers go. */
export function keptIds(place: Place): ReadonlySet<number> {
  return new Set([place.inputId, place.outputId].filter((id): id is number => id !== undefined));
}
