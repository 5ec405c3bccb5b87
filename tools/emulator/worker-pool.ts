// Runs executions in reusable worker threads and serves their synchronous service calls.
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { Execution } from './execution';
import type { RpcReply, RunJob, WorkerBoot, WorkerMessage } from './protocol';
import type { Dispatch } from './services';
import type { ExecutionError } from './types';
import { workerScriptPath } from './worker-build';

export interface RunOutcome {
  ok: boolean;
  value?: unknown;
  error?: ExecutionError;
  stopped?: 'timeout' | 'killed';
}

interface Current {
  exec: Execution;
  onMessage(message: WorkerMessage): void;
  onFailure(error: ExecutionError): void;
}

class PooledWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: Int32Array;
  current?: Current;
  dead = false;

  constructor(boot: Omit<WorkerBoot, 'flag'>) {
    const flag = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    this.flag = new Int32Array(flag);
    this.port = port1;
    this.worker = new Worker(workerScriptPath(), {
      workerData: { ...boot, flag, port: port2 },
      transferList: [port2],
    });
    this.port.on('message', (m: WorkerMessage) => this.current?.onMessage(m));
    this.worker.on('error', (e) =>
      this.current?.onFailure({ name: e.name, message: e.message, stack: e.stack }),
    );
    this.worker.on('exit', (code) => {
      this.dead = true;
      this.current?.onFailure({ name: 'Error', message: `Worker exited (${code})` });
    });
    this.setBusy(false);
  }

  setBusy(busy: boolean): void {
    if (busy) {
      this.worker.ref();
      this.port.ref();
    } else {
      this.worker.unref();
      this.port.unref();
    }
  }

  reply(reply: RpcReply): void {
    try {
      this.port.postMessage(reply);
    } catch (e) {
      this.port.postMessage({ id: reply.id, ok: false, error: { name: 'Exception', message: String(e) } });
    }
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }
}

export class WorkerPool {
  private readonly idle: PooledWorker[] = [];
  private readonly live = new Set<PooledWorker>();

  constructor(
    private readonly boot: Omit<WorkerBoot, 'flag'>,
    private readonly dispatch: Dispatch,
  ) {}

  /** Starts a worker ahead of the first execution. */
  warm(): void {
    this.idle.push(this.spawn());
  }

  run(exec: Execution, job: RunJob, timeLimitMs: number): Promise<RunOutcome> {
    const w = this.takeIdle() ?? this.spawn();
    w.setBusy(true);
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: RunOutcome, reusable: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        exec.end();
        w.current = undefined;
        if (reusable) this.release(w);
        else this.discard(w);
        resolve(outcome);
      };
      const stop = (stopped: 'timeout' | 'killed', message: string) =>
        settle({ ok: false, stopped, error: { name: 'Error', message } }, false);
      const timer = setTimeout(() => stop('timeout', 'Exceeded maximum execution time'), timeLimitMs);
      w.current = {
        exec,
        onFailure: (error) => settle({ ok: false, error }, false),
        onMessage: (m) => {
          if (m.type === 'log') exec.logs.push(m.line);
          else if (m.type === 'done') settle({ ok: m.ok, value: m.value, error: m.error }, true);
          else this.serve(w, exec, m, stop);
        },
      };
      w.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const all = [...this.live];
    this.idle.length = 0;
    this.live.clear();
    await Promise.all(all.map((w) => w.worker.terminate()));
  }

  private serve(
    w: PooledWorker,
    exec: Execution,
    m: Extract<WorkerMessage, { type: 'rpc' }>,
    stop: (reason: 'killed', message: string) => void,
  ): void {
    if (!exec.alive) return;
    const kill = exec.spec.killAtServiceCall;
    if (kill === exec.serviceCalls + 1 || kill === m.method) {
      stop('killed', `Execution stopped before service call ${exec.serviceCalls + 1} (${m.method})`);
      return;
    }
    exec.count(m.method);
    const answer = (reply: RpcReply) => {
      if (exec.alive && w.current?.exec === exec) w.reply(reply);
    };
    this.dispatch(exec, m.method, m.args).then(
      (value) => answer({ id: m.id, ok: true, value: value ?? null }),
      (e: unknown) => answer({ id: m.id, ok: false, error: { name: 'Exception', message: errorMessage(e) } }),
    );
  }

  private takeIdle(): PooledWorker | undefined {
    for (let w = this.idle.pop(); w; w = this.idle.pop()) if (!w.dead) return w;
    return undefined;
  }

  private spawn(): PooledWorker {
    const w = new PooledWorker(this.boot);
    this.live.add(w);
    return w;
  }

  private release(w: PooledWorker): void {
    if (!this.live.has(w)) return;
    w.setBusy(false);
    this.idle.push(w);
  }

  private discard(w: PooledWorker): void {
    this.live.delete(w);
    w.worker.terminate().catch(() => undefined);
  }
}

function errorMessage(e: unknown): string {
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(e);
}
