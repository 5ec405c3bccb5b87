// Drives a running column job from an open page: runJobStep again and again, a few calls at once
// (each call is its own server execution; google.script.run allows 10 in flight), until the job is
// no longer running. A call that comes back without progress (the other calls hold the remaining
// rows) makes the driver wait a little before sending more, so an idle job costs few executions.
// A step can work for minutes before it answers; meanwhile the driver asks for the job's status
// every few seconds, so the progress shown keeps moving.
import type { JobState, JobStatus } from './server';

export const MAX_STEPS_IN_FLIGHT = 3;
/** Waits after a reply without progress: 1 s, 2 s, 4 s, 8 s, then 15 s while nothing moves. */
const IDLE_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];
/** While steps work and nothing new was shown for this long, the status is asked for. */
export const POLL_MS = 5000;
/** Waits after failed calls; when the calls after the last wait fail too, the driver gives up. */
const ERROR_DELAYS_MS = [2000, 5000, 10000, 20000];

export interface DriverDeps {
  step(jobId: string): Promise<JobStatus>;
  status(jobId: string): Promise<JobStatus>;
  /** Runs `fn` after `ms`; the page passes the browser's timer. */
  later(fn: () => void, ms: number): void;
  now(): number;
}

export interface DriverHooks {
  /** A status worth showing: newer than what was shown. */
  onStatus(status: JobStatus): void;
  /** A call failed; `gaveUp` once the driver stopped because every recent call failed. */
  onError(error: unknown, gaveUp: boolean): void;
}

export interface JobDriver {
  /**
   * The job's status as just learned from elsewhere (started, cancelled, resumed, listed): it
   * replaces what the calls already sent will say, and driving starts or stops with it.
   */
  update(status: JobStatus): void;
  /** Starts again after the driver gave up. */
  retry(): void;
  /** Sends nothing more and ignores the replies still on their way. */
  stop(): void;
  readonly inFlight: number;
}

export function processedRows(s: Pick<JobStatus, 'done' | 'skipped' | 'failed'>): number {
  return s.done + s.skipped + s.failed;
}

export function jobDriver(jobId: string, deps: DriverDeps, hooks: DriverHooks): JobDriver {
  let state: JobState | null = null;
  /** Most rows seen processed in this epoch: a reply with fewer is older than what is shown. */
  let best = -1;
  /** Bumped by update(): replies to calls sent before it are ignored. */
  let epoch = 0;
  let inFlight = 0;
  let waiting = false;
  let idleStreak = 0;
  let errorStreak = 0;
  let stopped = false;
  let shownAt = 0;
  let polling = false;
  let ticking = false;

  /** Shows a reply if it is newer than what is shown; returns whether rows moved. */
  const accept = (status: JobStatus): boolean => {
    const processed = processedRows(status);
    const moved = processed > best;
    // Once the job has left `running` in this epoch, a `running` reply was computed before that.
    if (state === 'running' && (moved || status.state !== 'running')) {
      best = Math.max(best, processed);
      state = status.state;
      shownAt = deps.now();
      hooks.onStatus(status);
    }
    return moved;
  };

  const tick = () => {
    ticking = false;
    if (stopped || state !== 'running') return;
    if (!polling && inFlight > 0 && deps.now() - shownAt >= POLL_MS) {
      polling = true;
      const sentIn = epoch;
      const done = () => {
        polling = false;
      };
      deps.status(jobId).then((status) => {
        done();
        if (!stopped && sentIn === epoch) accept(status);
        pump();
      }, done);
    }
    ticking = true;
    deps.later(tick, POLL_MS);
  };

  const pause = (ms: number) => {
    waiting = true;
    const at = epoch;
    deps.later(() => {
      if (at !== epoch) return; // update() already cleared the wait
      waiting = false;
      pump();
    }, ms);
  };

  const pump = () => {
    while (!stopped && !waiting && state === 'running' && inFlight < MAX_STEPS_IN_FLIGHT) send();
    if (!ticking && !stopped && state === 'running') {
      ticking = true;
      deps.later(tick, POLL_MS);
    }
  };

  const send = () => {
    const sentIn = epoch;
    inFlight++;
    deps.step(jobId).then(
      (status) => {
        inFlight--;
        if (stopped || sentIn !== epoch) return pump();
        errorStreak = 0;
        const moved = accept(status);
        if (moved) idleStreak = 0;
        else if (!waiting && state === 'running') {
          pause(IDLE_DELAYS_MS[Math.min(idleStreak, IDLE_DELAYS_MS.length - 1)]);
          idleStreak++;
        }
        pump();
      },
      (error: unknown) => {
        inFlight--;
        if (stopped || sentIn !== epoch) return pump();
        // Calls sent together fail together: only the first failure of a round counts.
        if (waiting) return hooks.onError(error, false);
        errorStreak++;
        const gaveUp = errorStreak > ERROR_DELAYS_MS.length;
        if (gaveUp) stopped = true;
        hooks.onError(error, gaveUp);
        if (!gaveUp) pause(ERROR_DELAYS_MS[errorStreak - 1]);
      },
    );
  };

  return {
    update(status) {
      epoch++;
      waiting = false;
      idleStreak = 0;
      state = status.state;
      best = processedRows(status);
      shownAt = deps.now();
      pump();
    },
    retry() {
      if (!stopped) return;
      stopped = false;
      errorStreak = 0;
      epoch++;
      waiting = false;
      pump();
    },
    stop() {
      stopped = true;
      epoch++;
    },
    get inFlight() {
      return inFlight;
    },
  };
}
