// A step's last move, under the document lock again: if its claim still stands and the job still runs,
// find the job's cells again, read the rows the texts were claimed from (where they are now), and write
// each answer only next to its own text, into an output cell that is still blank (write.ts). A row
// whose text moved out of those rows keeps waiting: the next claim finds it, and the cache answers it
// without a new request. A deleted output column stops the job before any write.
import type { PipelineReport } from '../../engine/pipeline';
import type { UserError } from '../../i18n/messages';
import { locked, type JobDeps } from '../deps';
import { haltFor } from '../halt';
import type { DailyUsage } from '../quotas';
import { jobChanges, noteChange, readJob, type Claim, type JobRecord } from '../store';
import type { RowAnswer } from './answer';
import { follow, readGuarded, writtenOf } from './look';
import { writeAnswers } from './write';

export interface Outcome {
  claimId: string;
  claim: Claim;
  answers: Map<string, RowAnswer>;
  report?: PipelineReport;
  stop?: UserError;
}

export function commitChunk(jobId: string, outcome: Outcome, deps: JobDeps, usage: DailyUsage): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, jobId);
    if (!job) return { result: undefined, changes: {} };
    const mine = job.claims[outcome.claimId];
    delete job.claims[outcome.claimId];
    job.updatedAt = now;
    charge(job, outcome.report);
    const save = (more: Record<string, string> = {}) => ({
      result: undefined,
      changes: { ...jobChanges(job), ...more },
    });
    // Cancelled, or our claim expired and its texts may belong to another step now: write nothing.
    if (!mine || job.state !== 'running') return save();
    if (outcome.stop) {
      // A busy lock is passing: the rows stay pending for the next step.
      if (outcome.stop.key !== 'lock_busy') haltFor(job, outcome.stop, deps, usage);
      return save();
    }
    const found = follow(job, deps);
    if (!found) return save();
    const first = Math.max(found.place.top, found.place.top + mine.first);
    const last = Math.min(found.place.bottom, found.place.top + mine.last);
    const rows = readGuarded(job, found.place, deps, first, last);
    if (!rows) return save();
    const written = writtenOf(job, props);
    const result = writeAnswers(job, found.place, rows, outcome.answers, written, deps.sheets);
    noteChange(job, { edited: result.missing });
    if (job.counts) {
      const answered = Math.min(result.written, job.counts.pending);
      job.counts = {
        ...job.counts,
        done: job.counts.done + answered,
        pending: job.counts.pending - answered,
      };
    }
    if (result.stop) haltFor(job, result.stop, deps, usage);
    return save(written?.changes());
  });
}

export function charge(job: JobRecord, report: PipelineReport | undefined): void {
  if (!report) return;
  job.tokens += report.charge.input + report.charge.output;
  job.costUsd += report.charge.costUsd;
  job.unpricedTokens = (job.unpricedTokens ?? 0) + (report.charge.unpricedTokens ?? 0);
  job.requests += report.charge.requests;
}
