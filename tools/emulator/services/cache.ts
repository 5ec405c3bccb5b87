// CacheService handlers.
import type { HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import { checkKey, ttlSeconds } from '../state/cache-store';
import { list, str } from './args';

export function cacheHandlers(host: HostState): HandlerTable {
  const store = (handle: unknown) => host.cache(String(handle));
  const key = (value: unknown) => {
    const k = str(value, 'key');
    checkKey(k);
    return k;
  };
  return {
    'CacheService.getScriptCache': () => facade('Cache', 'script'),
    // No active document (an add-on's time-driven trigger): null (not established; conservative).
    'CacheService.getDocumentCache': (exec) =>
      exec.spec.spreadsheetId === null ? null : facade('Cache', `document:${exec.spec.spreadsheetId}`),
    'CacheService.getUserCache': (exec) => facade('Cache', `user:${exec.storeUser}`),
    'CacheService.Cache.get': (_e, [h, k]) => store(h).get(key(k)),
    'CacheService.Cache.getAll': (_e, [h, keys]) => {
      const out: Record<string, string> = {};
      for (const k of list(keys, 'keys').map(key)) {
        const value = store(h).get(k);
        if (value !== null) out[k] = value;
      }
      return out;
    },
    'CacheService.Cache.put': (_e, [h, k, value, expiration]) => {
      store(h).putAll({ [key(k)]: str(value) }, ttlSeconds(expiration));
      return null;
    },
    'CacheService.Cache.putAll': (_e, [h, values, expiration]) => {
      const pairs: Record<string, string> = {};
      for (const [k, v] of Object.entries(values as Record<string, unknown>)) pairs[key(k)] = str(v);
      store(h).putAll(pairs, ttlSeconds(expiration));
      return null;
    },
    'CacheService.Cache.remove': (_e, [h, k]) => {
      store(h).remove(key(k));
      return null;
    },
    'CacheService.Cache.removeAll': (_e, [h, keys]) => {
      for (const k of list(keys, 'keys')) store(h).remove(key(k));
      return null;
    },
  };
}
