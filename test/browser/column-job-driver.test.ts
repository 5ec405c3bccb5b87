// The page's job driver on its own, against a simulated server and fake timers: how many steps are
// in flight, when it waits, what it shows, and when it stops. (The browser tests drive real jobs.)
import {
  jobDriver,
  MAX_STEPS_IN_FLIGHT,
  POLL_MS,
  StepGate,
  type DriverDeps,
} from '../../src/pages/shared/job-driver';
import type { JobStatus } from '../../src/pages/shared/server';

function status(over: Partial<JobStatus>): JobStatus {
  return {
    jobId: 'j1',
    state: 'running',
    sheet: 'Reviews',
    inputColumn: 'A',
    outputColumn: 'B',
    task: 'sentiment',
    total: 300,
    done: 0,
    skipped: 0,
    failed: 0,
    remaining: 300,
    tokens: 0,
    costUsd: 0,
    unpricedTokens: 0,
    etaSeconds: null,
    message: null,
    failures: [],
    deleted: 0,
    changes: { inserted: 0, deleted: 0, edited: 0, moved: 0 },
    mine: true,
    canCancel: true,
    evaluation: null,
    notes: [],
    mode: 'now',
    queued: 0,
    batch: null,
    pollAfterMs: null,
    ...over,
  };
}

/** A job of `total` rows; each step takes `stepMs` and processes up to `chunk` unclaimed rows. */
function fakeServer(total: number, chunk: number, stepMs: number) {
  let claimed = 0;
  let done = 0;
  let state: JobStatus['state'] = 'running';
  let inFlight = 0;
  let most = 0;
  let steps = 0;
  const snapshot = () => status({ state, total, done, remaining: total - done });
  const step = (): Promise<JobStatus> => {
    steps++;
    inFlight++;
    most = Math.max(most, inFlight);
    const mine = state === 'running' ? Math.min(chunk, total - claimed) : 0;
    claimed += mine;
    return new Promise((resolve) =>
      setTimeout(
        () => {
          inFlight--;
          if (state === 'running') done += mine;
          if (state === 'running' && done === total) state = 'done';
          resolve(snapshot());
        },
        mine ? stepMs : 50,
      ),
    );
  };
  return {
    step,
    snapshot,
    cancel() {
      state = 'cancelled';
      return snapshot();
    },
    get most() {
      return most;
    },
    get steps() {
      return steps;
    },
    get inFlight() {
      return inFlight;
    },
  };
}

function deps(server: ReturnType<typeof fakeServer>, over: Partial<DriverDeps> = {}): DriverDeps {
  return {
    step: () => server.step(),
    status: () => Promise.resolve(server.snapshot()),
    later: (fn, ms) => void setTimeout(fn, ms),
    now: () => Date.now(),
    gate: new StepGate(MAX_STEPS_IN_FLIGHT),
    ...over,
  };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('keeps at most three steps in flight, shows progress only forwards, and stops calling once done', async () => {
  const server = fakeServer(300, 25, 400);
  const shown: JobStatus[] = [];
  const driver = jobDriver('j1', deps(server), { onStatus: (s) => shown.push(s), onError: () => undefined });
  driver.update(status({}));
  expect(server.inFlight).toBe(MAX_STEPS_IN_FLIGHT);
  await jest.advanceTimersByTimeAsync(10_000);
  expect(shown.at(-1)?.state).toBe('done');
  expect(server.most).toBe(MAX_STEPS_IN_FLIGHT);
  const done = shown.map((s) => s.done);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  const steps = server.steps;
  await jest.advanceTimersByTimeAsync(60_000);
  expect(server.steps).toBe(steps);
  expect(driver.inFlight).toBe(0);
});

test('steps that find nothing to claim make the driver wait instead of calling in a tight loop', async () => {
  // One step holds all 300 rows for 60 s; the others come back at once with nothing done.
  const server = fakeServer(300, 300, 60_000);
  const driver = jobDriver('j1', deps(server), { onStatus: () => undefined, onError: () => undefined });
  driver.update(status({}));
  await jest.advanceTimersByTimeAsync(59_000);
  // Without waiting this would be hundreds of calls (one per 50 ms per slot).
  expect(server.steps).toBeLessThan(25);
  expect(server.most).toBeLessThanOrEqual(MAX_STEPS_IN_FLIGHT);
});

test('while a long step works the status is asked for every few seconds, and progress shows', async () => {
  let done = 0;
  const shown: number[] = [];
  const driver = jobDriver(
    'j1',
    {
      step: () => new Promise(() => undefined), // never answers
      status: () => Promise.resolve(status({ done: (done += 10) })),
      later: (fn, ms) => void setTimeout(fn, ms),
      now: () => Date.now(),
      gate: new StepGate(MAX_STEPS_IN_FLIGHT),
    },
    { onStatus: (s) => shown.push(s.done), onError: () => undefined },
  );
  driver.update(status({}));
  await jest.advanceTimersByTimeAsync(POLL_MS * 3 + 100);
  expect(shown).toEqual([10, 20, 30]);
  driver.stop();
});

test('after a cancel, replies to steps sent before it are ignored and nothing more is sent', async () => {
  const server = fakeServer(300, 25, 1000);
  const shown: JobStatus[] = [];
  const driver = jobDriver('j1', deps(server), { onStatus: (s) => shown.push(s), onError: () => undefined });
  driver.update(status({}));
  await jest.advanceTimersByTimeAsync(500);
  const steps = server.steps;
  driver.update(server.cancel());
  await jest.advanceTimersByTimeAsync(30_000);
  expect(server.steps).toBe(steps);
  expect(shown.every((s) => s.state !== 'running' || s.done < 300)).toBe(true);
  expect(shown.some((s) => s.state === 'running')).toBe(false);
});

test('failing steps are retried after a wait, the driver gives up after several failed rounds, and Try again resumes', async () => {
  let failing = true;
  const server = fakeServer(100, 25, 100);
  const errors: boolean[] = [];
  const shown: JobStatus[] = [];
  const driver = jobDriver(
    'j1',
    deps(server, {
      step: () => (failing ? Promise.reject(new Error('Service unavailable')) : server.step()),
    }),
    { onStatus: (s) => shown.push(s), onError: (_e, gaveUp) => errors.push(gaveUp) },
  );
  driver.update(status({ total: 100, remaining: 100 }));
  await jest.advanceTimersByTimeAsync(120_000);
  expect(errors.at(-1)).toBe(true);
  expect(errors.filter((g) => g)).toHaveLength(1);
  // Five rounds of three calls, and no more after giving up.
  expect(errors.length).toBeLessThanOrEqual(5 * MAX_STEPS_IN_FLIGHT);
  failing = false;
  driver.retry();
  await jest.advanceTimersByTimeAsync(5_000);
  expect(shown.at(-1)?.state).toBe('done');
});

test('jobs driven from the same page share its three places, and each gets its turn', async () => {
  const gate = new StepGate(MAX_STEPS_IN_FLIGHT);
  const a = fakeServer(200, 25, 300);
  const b = fakeServer(200, 25, 300);
  let most = 0;
  const counted = (server: ReturnType<typeof fakeServer>) =>
    deps(server, {
      gate,
      step: () => {
        const reply = server.step();
        most = Math.max(most, a.inFlight + b.inFlight);
        return reply;
      },
    });
  const finished: string[] = [];
  const hooks = (name: string) => ({
    onStatus: (s: JobStatus) => void (s.state === 'done' && finished.push(name)),
    onError: () => undefined,
  });
  jobDriver('a', counted(a), hooks('a')).update(status({ total: 200, remaining: 200 }));
  jobDriver('b', counted(b), hooks('b')).update(status({ total: 200, remaining: 200 }));
  await jest.advanceTimersByTimeAsync(400);
  // The first job took the three places; its first answer handed one to the second job.
  expect(b.steps).toBeGreaterThan(0);
  await jest.advanceTimersByTimeAsync(20_000);
  expect(finished.sort()).toEqual(['a', 'b']);
  expect(most).toBe(MAX_STEPS_IN_FLIGHT);
});

test('a batch job is stepped one call at a time, waits the pollAfterMs the server names, and shows a batch that moved on', async () => {
  const batch = (inProgress: number, completed: number) =>
    ({
      uploaded: 1,
      validating: 1 - inProgress - completed,
      inProgress,
      finalizing: 0,
      cancelling: 0,
      completed,
      expired: 0,
      failed: 0,
      cancelled: 0,
      requests: { total: 12, completed: 0, failed: 0 },
      resultsBy: null,
      savedUsd: 0,
      waiting: false,
    }) satisfies JobStatus['batch'];
  const replies = [
    status({ mode: 'batch', queued: 300, batch: batch(0, 0), pollAfterMs: 30_000 }),
    status({ mode: 'batch', queued: 300, batch: batch(1, 0), pollAfterMs: 60_000 }),
    status({ mode: 'batch', state: 'done', done: 300, remaining: 0, batch: batch(0, 1) }),
  ];
  const sentAt: number[] = [];
  let inFlight = 0;
  let most = 0;
  const step = () => {
    sentAt.push(Date.now());
    most = Math.max(most, ++inFlight);
    const reply = replies[Math.min(sentAt.length - 1, replies.length - 1)];
    return new Promise<JobStatus>((resolve) =>
      setTimeout(() => {
        inFlight--;
        resolve(reply);
      }, 100),
    );
  };
  const shown: JobStatus[] = [];
  const driver = jobDriver(
    'j1',
    {
      step,
      status: () => Promise.resolve(replies[0]),
      later: (fn, ms) => void setTimeout(fn, ms),
      now: () => Date.now(),
      gate: new StepGate(MAX_STEPS_IN_FLIGHT),
    },
    { onStatus: (s) => shown.push(s), onError: () => undefined },
  );
  const t0 = Date.now();
  driver.update(status({ mode: 'batch' }));
  await jest.advanceTimersByTimeAsync(29_000);
  expect(sentAt).toHaveLength(1);
  await jest.advanceTimersByTimeAsync(2_000);
  expect(sentAt).toHaveLength(2);
  await jest.advanceTimersByTimeAsync(70_000);
  expect(sentAt).toHaveLength(3);
  expect(sentAt.map((t) => t - t0)).toEqual([0, 30_100, 90_200]);
  expect(most).toBe(1);
  // The batch went from validating to in progress with no row done: that was shown too.
  expect(shown.map((s) => [s.state, s.batch?.inProgress, s.batch?.completed])).toEqual([
    ['running', 0, 0],
    ['running', 1, 0],
    ['done', 0, 1],
  ]);
  await jest.advanceTimersByTimeAsync(120_000);
  expect(sentAt).toHaveLength(3);
});
