// Drives a running column job from an open page: runJobStep again and again, a few calls at once
// (each call is its own server execution; google.script.run allows 10 in flight), until the job is
// no longer running. A call that comes back without progress (the other calls hold the remaining
// rows) makes the driver wait a little before sending more, so an idle job costs few executions.
// A step can work for minutes before it answers; meanwhile the driver asks for the job's status
// every few seconds, so the progress shown keeps moving. A job in batch mode is stepped one call at
// a time, and while its batches run the driver waits the `pollAfterMs` the server names before the
// next step (a step before then would find nothing to do).
import type { JobState, JobStatus } from './server';

export const MAX_STEPS_IN_FLIGHT = 3;

/**
 * The steps a page may have in flight, shared by every job it drives (the sidebar can show several
 * running jobs): with the status polls and the page's other calls this stays under the 10 calls
 * google.script.run carries at once. A freed place goes to a driver that waited for one, in turn.
 */
export class StepGate {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  tryAcquire(): boolean {
    if (this.inUse >= this.max) return false;
    this.inUse++;
    return true;
  }

  /** `onPlace` is called with a place already taken for it; it must use it or release it. */
  wait(onPlace: () => void): void {
    if (!this.waiting.includes(onPlace)) this.waiting.push(onPlace);
  }

  forget(onPlace: () => void): void {
    const i = this.waiting.indexOf(onPlace);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inUse--;
  }
}

/** The gate of this page. */
export const PAGE_STEPS = new StepGate(MAX_STEPS_IN_FLIGHT);
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
  /** Shared with the page's other drivers (default: the page's gate). */
  gate?: StepGate;
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

/** What a status says of its batches, to tell a change. */
function batchKey(status: JobStatus): string {
  return status.batch ? JSON.stringify([status.batch, status.queued]) : '';
}

export function processedRows(s: Pick<JobStatus, 'done' | 'skipped' | 'failed'>): number {
  return s.done + s.skipped + s.failed;
}

export function jobDriver(jobId: string, deps: DriverDeps, hooks: DriverHooks): JobDriver {
  const gate = deps.gate ?? PAGE_STEPS;
  let state: JobState | null = null;
  /** Most rows seen processed in this epoch: a reply with fewer is older than what is shown. */
  let best = -1;
  /** What was shown of the job's batches: a change (a batch in progress, completed) is news too. */
  let batches = '';
  /** Batch mode: one step at a time. */
  let oneAtATime = false;
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
    const batchNews = batchKey(status) !== batches;
    // Once the job has left `running` in this epoch, a `running` reply was computed before that.
    if (state === 'running' && (moved || batchNews || status.state !== 'running')) {
      batches = batchKey(status);
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

  const wanted = () =>
    !stopped && !waiting && state === 'running' && inFlight < (oneAtATime ? 1 : MAX_STEPS_IN_FLIGHT);

  /** A place handed over by the gate. */
  const onPlace = () => {
    if (wanted()) send();
    else gate.release();
  };

  const pump = () => {
    while (wanted()) {
      if (!gate.tryAcquire()) {
        gate.wait(onPlace);
        break;
      }
      send();
    }
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
        gate.release();
        if (stopped || sentIn !== epoch) return pump();
        errorStreak = 0;
        const moved = accept(status);
        oneAtATime = status.mode === 'batch';
        if (status.pollAfterMs !== null && state === 'running') {
          // Every row left is in a batch: nothing to do before the server's next look.
          if (!waiting) pause(Math.max(IDLE_DELAYS_MS[0], status.pollAfterMs));
        } else if (moved) idleStreak = 0;
        else if (!waiting && state === 'running') {
          pause(IDLE_DELAYS_MS[Math.min(idleStreak, IDLE_DELAYS_MS.length - 1)]);
          idleStreak++;
        }
        pump();
      },
      (error: unknown) => {
        inFlight--;
        gate.release();
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
      batches = batchKey(status);
      oneAtATime = status.mode === 'batch';
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
      gate.forget(onPlace);
    },
    get inFlight() {
      return inFlight;
    },
  };
}
