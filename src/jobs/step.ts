// One step of a job, as one execution does it: claim a chunk, answer it, commit it, and again while
// time is left; then record what the step spent of the daily quotas. A step killed anywhere loses only
// its claim: the texts are claimed again, answered from the cache, and a cell that already holds an
// answer is not written a second time. Evaluations and batch jobs take their own paths from here.
import { answerChunk } from './engine/answer';
import { writeReportOnce } from './evaluation/report';
import { answerForEvaluation, commitEvaluation } from './evaluation/step';
import { claimChunk, type StepContext } from './engine/claim';
import { commitChunk } from './engine/commit';
import type { JobDeps } from './deps';
import { removeTriggerIfIdle, tidyUp } from './finish';
import { jobStatus } from './lifecycle';
import { paceRateLimits, roomForAnother } from './engine/pacing';
import { readUsage, recordUsage, Spending } from './quotas';
import type { JobStatus } from './status';
import { findJob } from './access';
import { runBatchStep } from './batch/step';

/** Works on the job until `deadline` (or until it is finished) and returns its status. */
export function runStep(jobId: unknown, deps: JobDeps, deadline: number): JobStatus {
  // An unknown id is refused before anything is counted or changed.
  const batch = findJob(deps.store.getAll(), jobId).batch !== undefined;
  const spending = new Spending(deps.usage);
  const usage = readUsage(deps.userPlace.store.getAll(), deps.clock.now());
  const step: StepContext = { usage, spent: () => spending.since() };
  try {
    if (batch) return afterLastChunk(runBatchStep(jobId as string, deps, deadline, step), deps, deadline);
    for (;;) {
      const started = deps.clock.now();
      const claimed = claimChunk(jobId, deps, step);
      if ('status' in claimed) return afterLastChunk(claimed.status, deps, deadline);
      if (claimed.job.spec.evaluation) {
        commitEvaluation(claimed, answerForEvaluation(claimed, deps, deadline), deps, usage);
      } else {
        const answered = answerChunk(claimed, deps, deadline);
        commitChunk(
          claimed.job.id,
          { claimId: claimed.claimId, claim: claimed.claim, ...answered },
          deps,
          usage,
        );
        paceRateLimits(answered.report, deps.clock, deadline);
      }
      if (!roomForAnother(deps.clock, deps.clock.now() - started, deadline)) break;
    }
    return jobStatus(jobId, deps);
  } finally {
    recordQuietly(deps, spending);
  }
}

/** Counting is best effort: a busy lock or a spent properties quota must not fail the step. */
function recordQuietly(deps: JobDeps, spending: Spending): void {
  try {
    recordUsage(deps.userPlace, deps.clock.now(), spending.since());
  } catch {
    // the count is an estimate with a margin (quotas.ts)
  }
}

function afterLastChunk(status: JobStatus, deps: JobDeps, deadline: number): JobStatus {
  if (status.state === 'done') writeReportOnce(status.jobId, deps);
  if (status.state !== 'running' && status.state !== 'paused') {
    removeTriggerIfIdle(deps);
    tidyUp(deps, deadline);
  }
  return status;
}
