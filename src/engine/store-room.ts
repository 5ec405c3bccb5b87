// The spreadsheet's document properties hold 500 KB in all, and everything of the add-on shares them:
// the usage ledger, budgets and settings (what the owner relies on), column jobs, and the durable
// answers. Each has a share (ARCHITECTURE.md, "The document store's shares"): the durable answers at most their
// 24 shards under 8 KB each (cache/durable.ts), column jobs at most JOBS_SHARE_BYTES in all and
// PERSON_SHARE_BYTES per person (checked when a job starts, at its largest size), and the rest for
// the ledger and settings. Durable answers only save a re-bill, so a write that would not fit evicts
// them first; one that still does not fit is refused before anything changes.
import { DURABLE_PREFIX } from '../cache/durable';
import { UserError } from '../i18n/messages';
import { utf8Length } from './sha256';

/** Apps Script's quotas page: "Properties total storage: 500 KB" per store (counted as 500,000 here). */
export const STORE_BYTES = 500_000;
/** Left unused so that a size we count slightly differently from the platform never reaches it. */
const MARGIN_BYTES = 4_000;
export const JOBS_SHARE_BYTES = 240_000;
export const PERSON_SHARE_BYTES = 160_000;
/** Running or paused jobs (evaluations included) one person may have in one spreadsheet. */
export const UNFINISHED_JOBS_PER_PERSON = 3;

/** How the platform counts a store's size: keys and values. */
export function storeBytes(props: Record<string, string>): number {
  let n = 0;
  for (const key in props) n += utf8Length(key) + utf8Length(props[key]);
  return n;
}

/** Never below the real size (a UTF-16 unit is at most 3 bytes), and much cheaper to count. */
function bytesAtMost(props: Record<string, string>): number {
  let n = 0;
  for (const key in props) n += 3 * (key.length + props[key].length);
  return n;
}

export interface FittedWrite {
  changes: Record<string, string>;
  /** Durable answer shards to delete first. */
  evict: string[];
}

/**
 * What to write so that `changes` fit in the store: as given when they do; otherwise with durable
 * answer shards evicted (largest first) and durable changes dropped. Throws store_full when even
 * that is not enough.
 */
export function fitInStore(props: Record<string, string>, changes: Record<string, string>): FittedWrite {
  const limit = STORE_BYTES - MARGIN_BYTES;
  const after = { ...props, ...changes };
  if (bytesAtMost(after) <= limit) return { changes, evict: [] };
  let size = storeBytes(after);
  if (size <= limit) return { changes, evict: [] };
  const kept = { ...changes };
  const evict: string[] = [];
  const durable = Object.keys(after)
    .filter((k) => k.startsWith(DURABLE_PREFIX))
    .sort((a, b) => after[b].length - after[a].length);
  for (const key of durable) {
    if (size <= limit) break;
    size -= utf8Length(key) + utf8Length(after[key]);
    if (key in kept) delete kept[key];
    if (key in props) evict.push(key);
  }
  if (size > limit) throw new UserError('store_full');
  return { changes: kept, evict };
}
