// Properties have no atomic update: every read-modify-write of the document's properties happens
// under the document lock, as one getProperties and one setProperties.
import { LockBusyError, type Mutex, type PropertyStore } from '../platform/ports';
import { UserError } from '../i18n/messages';

export interface Update<T> {
  result: T;
  changes: Record<string, string>;
}

/** Runs fn under the lock; a lock that stays busy becomes the "too many at once" message. */
export function withLockOrBusy<T>(lock: Mutex, waitMs: number, fn: () => T): T {
  try {
    return lock.withLock(waitMs, fn);
  } catch (e) {
    if (e instanceof LockBusyError) throw new UserError('lock_busy');
    throw e;
  }
}

export function lockedUpdate<T>(
  store: PropertyStore,
  lock: Mutex,
  waitMs: number,
  fn: (props: Record<string, string>) => Update<T>,
): T {
  return withLockOrBusy(lock, waitMs, () => {
    const { result, changes } = fn(store.getAll());
    store.setAll(changes);
    return result;
  });
}
