// What the hourly trigger does where it can reach the spreadsheet (a script bound to it): carry on the
// caller's running jobs there while no page drives them, within the day's trigger runtime, and remove
// itself once none is left. Where it cannot (an add-on's trigger has no document), main.ts retires it.
import type { JobDeps } from './deps';
import { locked } from './deps';
import { JOB_STEP_MS } from './page-status';
import { pauseMessage, QUOTA_WINDOW_MS, readUsage, recordUsage, triggerRuntimeLeft } from './quotas';
import { runStep } from './step';
import { jobChanges, listJobs, readJob } from './store';
import { retireTrigger } from './triggers';

export function runInBackground(deps: JobDeps, triggerId: string | undefined, deadline: number): void {
  const started = deps.clock.now();
  const running = () =>
    listJobs(deps.store.getAll())
      .filter((j) => j.owner === deps.user && j.state === 'running')
      .map((j) => j.id);
  const ids = running();
  if (!ids.length) {
    retireTrigger(deps.userPlace, deps.triggers, triggerId, false);
    return;
  }
  const usage = readUsage(deps.userPlace.store.getAll(), started);
  if (!triggerRuntimeLeft(usage, JOB_STEP_MS)) {
    const message = pauseMessage('triggerRuntimeMs', deps.formatTime(usage.start + QUOTA_WINDOW_MS));
    for (const id of ids) noteOnJob(deps, id, message);
    return;
  }
  try {
    for (const id of ids) if (deps.clock.now() < deadline) runStep(id, deps, deadline);
  } finally {
    recordUsage(deps.userPlace, deps.clock.now(), { triggerRuntimeMs: deps.clock.now() - started });
  }
  if (!running().length) retireTrigger(deps.userPlace, deps.triggers, triggerId, false);
}

/** A running job says why the background waits; the next page step clears nothing but shows it. */
function noteOnJob(deps: JobDeps, id: string, message: ReturnType<typeof pauseMessage>): void {
  locked(deps, (props) => {
    const job = readJob(props, id);
    if (!job || job.state !== 'running') return { result: undefined, changes: {} };
    job.message = message;
    return { result: undefined, changes: jobChanges(job) };
  });
}
