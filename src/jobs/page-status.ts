// A job's status as a page shows it: messages rendered in the caller's language.
import { format, type Locale, type MessageKey } from '../i18n/messages';
import type { JobStatus } from './status';

/** One step's share of the 6-minute execution limit, leaving time to write and return. */
export const JOB_STEP_MS = 4.5 * 60_000;

export interface PageJobStatus extends Omit<JobStatus, 'message' | 'failures'> {
  message: string | null;
  failures: Array<{ code: string; reason: string; rows: number }>;
  /** What people did to the job's cells and how the job dealt with it, one sentence each. */
  notes: string[];
}

export function pageStatus(status: JobStatus, locale: Locale): PageJobStatus {
  return {
    ...status,
    message: status.message ? format(locale, status.message.key, status.message.params) : null,
    failures: status.failures.map((f) => ({
      code: f.reason,
      reason: format(locale, f.reason as MessageKey),
      rows: f.rows,
    })),
    notes: notesOf(status, locale),
  };
}

function notesOf({ changes }: JobStatus, locale: Locale): string[] {
  const notes: string[] = [];
  if (changes.renamed) notes.push(format(locale, 'job_note_renamed', { sheet: changes.renamed }));
  if (changes.moved) notes.push(format(locale, 'job_note_moved'));
  if (changes.inserted) notes.push(format(locale, 'job_note_inserted', { rows: changes.inserted }));
  if (changes.deleted) notes.push(format(locale, 'job_note_deleted', { rows: changes.deleted }));
  if (changes.edited) notes.push(format(locale, 'job_note_edited', { rows: changes.edited }));
  return notes;
}
