// A job's status as a page shows it: messages rendered in the caller's language.
import { format, type Locale, type MessageKey } from '../i18n/messages';
import type { JobStatus } from './runner';

/** One step's share of the 6-minute execution limit, leaving time to write and return. */
export const JOB_STEP_MS = 4.5 * 60_000;

export interface PageJobStatus extends Omit<JobStatus, 'message' | 'failures'> {
  message: string | null;
  failures: Array<{ code: string; reason: string; rows: number }>;
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
  };
}
