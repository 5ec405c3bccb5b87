// One step of a job in batch mode: collect what the batches out have finished (when it is time to
// look), then send the rows still to answer (as new batches, or by the normal path when few are left),
// while time is left. Most steps of a waiting job do nothing but read its record and return.
import { answerChunk } from '../engine/answer';
import { claimForBatch } from './claim';
import { collectBatches } from './collect';
import { submitRows } from './submit';
import { claimChunk, type StepContext } from '../engine/claim';
import { commitChunk } from '../engine/commit';
import type { JobDeps } from '../deps';
import { jobStatus } from '../lifecycle';
import { paceRateLimits, roomForAnother } from '../engine/pacing';
import type { JobStatus } from '../status';

export function runBatchStep(jobId: string, deps: JobDeps, deadline: number, step: StepContext): JobStatus {
  collectBatches(jobId, deps, deadline, step.usage);
  for (;;) {
    const started = deps.clock.now();
    const claimed = claimForBatch(jobId, deps, step);
    if ('status' in claimed) return claimed.status;
    if ('submit' in claimed) submitRows(claimed.submit, deps, deadline, step);
    else if (!normalChunk(jobId, deps, deadline, step)) break;
    if (!roomForAnother(deps.clock, deps.clock.now() - started, deadline)) break;
  }
  return jobStatus(jobId, deps);
}

/** One chunk of the normal path, as a job in `now` mode answers it. False when nothing was claimed. */
function normalChunk(jobId: string, deps: JobDeps, deadline: number, step: StepContext): boolean {
  const claimed = claimChunk(jobId, deps, step);
  if ('status' in claimed) return false;
  const answered = answerChunk(claimed, deps, deadline);
  commitChunk(
    claimed.job.id,
    { claimId: claimed.claimId, claim: claimed.claim, ...answered },
    deps,
    step.usage,
  );
  paceRateLimits(answered.report, deps.clock, deadline);
  return true;
}
