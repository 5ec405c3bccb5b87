// An evaluation's figures as a page shows them, while it runs and once it is done; the same people
// who may see its progress (jobStatus) may see them.
import { UserError } from '../../i18n/messages';
import { findJob, isMine, mayCancel } from '../access';
import { jobTask } from '../engine/answer';
import type { JobDeps } from '../deps';
import { evaluationResult, type EvaluationResult } from './scoring';
import { readEvaluation } from './step';
import type { JobRecord } from '../store';

export interface EvaluationView extends EvaluationResult {
  jobId: string;
  state: JobRecord['state'];
  /** The task's labels, in order (empty for free-text tasks: no confusion table). */
  labels: string[];
  /** Rows some model answered differently from the expected answer (up to 100 kept). */
  wrongRows: number;
  reportSheet: string | null;
}

export function evaluationView(jobId: unknown, deps: JobDeps): EvaluationView {
  const props = deps.store.getAll();
  const job = findJob(props, jobId);
  if (!job.spec.evaluation) throw new UserError('job_not_found');
  if (!isMine(job, deps) && !mayCancel(job, deps, deps.clock.now())) throw new UserError('job_not_yours');
  const state = readEvaluation(props, job);
  const labels = jobTask(job, props).labels;
  return {
    jobId: job.id,
    state: job.state,
    labels: labels ? [...labels] : [],
    ...evaluationResult(state, labels),
    wrongRows: state.wrong.length,
    reportSheet: state.reportSheet ?? null,
  };
}
