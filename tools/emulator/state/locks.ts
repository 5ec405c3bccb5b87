// LockService locks: real mutual exclusion between executions, owned by execution id.

interface Waiter {
  executionId: number;
  grant: (acquired: boolean) => void;
  timer: NodeJS.Timeout;
}

export class LockTable {
  private readonly holders = new Map<string, number>();
  private readonly waiters = new Map<string, Waiter[]>();

  /** Resolves true once `executionId` holds `key`, or false after `timeoutMs`. Re-entrant. */
  acquire(key: string, executionId: number, timeoutMs: number): Promise<boolean> {
    const holder = this.holders.get(key);
    if (holder === undefined || holder === executionId) {
      this.holders.set(key, executionId);
      return Promise.resolve(true);
    }
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const queue = this.waiters.get(key) ?? [];
      this.waiters.set(key, queue);
      const waiter: Waiter = {
        executionId,
        grant: resolve,
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          resolve(false);
        }, timeoutMs),
      };
      queue.push(waiter);
    });
  }

  holds(key: string, executionId: number): boolean {
    return this.holders.get(key) === executionId;
  }

  release(key: string, executionId: number): void {
    if (this.holders.get(key) !== executionId) return;
    this.holders.delete(key);
    const next = this.waiters.get(key)?.shift();
    if (!next) return;
    clearTimeout(next.timer);
    this.holders.set(key, next.executionId);
    next.grant(true);
  }

  /** Drops everything an execution holds or waits for (it ended or was stopped). */
  releaseAll(executionId: number): void {
    for (const queue of this.waiters.values()) {
      for (const w of queue.filter((q) => q.executionId === executionId)) {
        clearTimeout(w.timer);
        queue.splice(queue.indexOf(w), 1);
      }
    }
    for (const [key, holder] of [...this.holders]) if (holder === executionId) this.release(key, executionId);
  }
}
