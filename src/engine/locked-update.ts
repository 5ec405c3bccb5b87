// Properties have no atomic update: every read-modify-write of the document's properties happens
// under the document lock, as one getProperties and one setProperties (and, only when the store is
// nearly full, the deletion of durable answers to make room: store-room.ts).
import { LockBusyError, StoreFullError, type Mutex, type PropertyStore } from '../platform/ports';
import { UserError } from '../i18n/messages';
import { fitInStore } from './store-room';

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
    const props = store.getAll();
    const { result, changes } = fn(props);
    writeWithinStore(store, props, changes);
    return result;
  });
}

/** Writes `changes` over `props` (the store as read under the lock), making room first if needed. */
export function writeWithinStore(
  store: PropertyStore,
  props: Record<string, string>,
  changes: Record<string, string>,
): void {
  const fitted = fitInStore(props, changes);
  try {
    for (const key of fitted.evict) store.delete(key);
    store.setAll(fitted.changes);
  } catch (e) {
    throw e instanceof StoreFullError ? new UserError('store_full') : e;
  }
}
