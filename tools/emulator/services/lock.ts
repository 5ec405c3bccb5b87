// LockService handlers. A lock belongs to the execution that took it and is released when it ends.
import type { HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import { num } from './args';

const LOCK_TIMEOUT = 'Lock timeout: another process was holding the lock for too long.';

export function lockHandlers(host: HostState): HandlerTable {
  return {
    'LockService.getScriptLock': () => facade('Lock', 'script'),
    // No active document (an add-on's time-driven trigger): null (not established; conservative).
    'LockService.getDocumentLock': (exec) =>
      exec.spec.spreadsheetId === null ? null : facade('Lock', `document:${exec.spec.spreadsheetId}`),
    'LockService.getUserLock': (exec) => facade('Lock', `user:${exec.user}`),
    'LockService.Lock.tryLock': (exec, [h, ms]) =>
      host.locks.acquire(String(h), exec.id, num(ms, 'timeoutInMillis')),
    'LockService.Lock.waitLock': async (exec, [h, ms]) => {
      if (!(await host.locks.acquire(String(h), exec.id, num(ms, 'timeoutInMillis'))))
        throw new Error(LOCK_TIMEOUT);
      return null;
    },
    'LockService.Lock.releaseLock': (exec, [h]) => {
      host.locks.release(String(h), exec.id);
      return null;
    },
    'LockService.Lock.hasLock': (exec, [h]) => host.locks.holds(String(h), exec.id),
  };
}
