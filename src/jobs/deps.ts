// What a column job needs from the platform, and the locked read-modify-write of its state.
import type { Calendar, Spender } from '../budget/ledger';
import type { Locale } from '../i18n/messages';
import type { PipelineDeps } from '../engine/pipeline';
import { lockedUpdate, type Update } from '../engine/locked-update';
import type { Clock, Mutex, PropertyStore, SheetPort, TriggerPort, UsageMeter } from '../platform/ports';

/** Who the caller is to the spreadsheet, for cancelling someone else's job. */
export type Standing = 'owner' | 'editor' | 'shared-drive';

/** The calling user's own store and lock (user properties, user lock): ids, triggers, daily usage. */
export interface UserPlace {
  store: PropertyStore;
  lock: Mutex;
}

export interface JobDeps {
  /** The spreadsheet's document properties and lock. */
  store: PropertyStore;
  lock: Mutex;
  sheets: SheetPort;
  clock: Clock;
  /** The caller's stable private id (user-ids.ts). */
  user: string;
  /** The caller's temporary active user key, which jobs started before stable ids carry. */
  legacyUser(): string;
  spreadsheetId: string;
  standing(): Standing;
  newId: () => string;
  /** The caller's own pipeline (their key); throws UserError('job_no_key') without one. */
  pipeline: () => PipelineDeps;
  defaultModel: string;
  triggers: TriggerPort;
  userPlace: UserPlace;
  usage: UsageMeter;
  /** A time for messages: date, hour and minute in the spreadsheet's time zone. */
  formatTime(ms: number): string;
  /** Whether the caller's key is the one formulas spend (the owner's): only then do budgets apply. */
  spender: Spender;
  /** Days and months in the spreadsheet's time zone, for daily and monthly budgets. */
  calendar: Calendar;
  /** The caller's language, for what a job writes into the sheet (an evaluation's report). */
  locale?: Locale;
}

const LOCK_WAIT_MS = 20_000;

export function locked<T>(
  deps: Pick<JobDeps, 'store' | 'lock'>,
  fn: (props: Record<string, string>) => Update<T>,
): T {
  return lockedUpdate(deps.store, deps.lock, LOCK_WAIT_MS, fn);
}

/** The same under the user's lock, on the user's properties. */
export function lockedForUser<T>(place: UserPlace, fn: (props: Record<string, string>) => Update<T>): T {
  return lockedUpdate(place.store, place.lock, LOCK_WAIT_MS, fn);
}
