// Daily quotas of the Google account (Apps Script quotas page): URL Fetch calls, properties reads and
// writes, and the runtime of triggers. Apps Script does not say how much is left, so column jobs count
// what they spend, in the user's own properties (the quotas are per user, whatever the spreadsheet),
// in windows of 24 hours from the first use ("Quotas are per user and reset 24 hours after the first
// request"), and a job pauses before the platform would refuse, naming the quota and when it refills.
// The consumer figures apply (the lower ones): Apps Script does not tell an add-on which account it is.
import type { MessageRef } from '../i18n/messages';
import type { DailyQuota, UsageMeter } from '../platform/ports';
import { lockedForUser, type UserPlace } from './deps';

export const DAILY_LIMITS: Readonly<Record<DailyQuota, number>> = {
  urlFetchCalls: 20_000,
  propertiesCalls: 50_000,
  triggerRuntimeMs: 90 * 60_000,
};
/** Jobs leave a fifth of the URL Fetch and properties quotas to formulas and the sidebar. */
export const JOB_SHARE = 0.8;
export const QUOTA_WINDOW_MS = 24 * 3600_000;
export const USAGE_PROPERTY = 'job.dailyUsage';

export interface DailyUsage extends Record<DailyQuota, number> {
  /** When the window opened (its first use); it refills 24 hours later. */
  start: number;
}

export function readUsage(props: Record<string, string>, now: number): DailyUsage {
  const raw = props[USAGE_PROPERTY];
  const usage = raw ? (JSON.parse(raw) as DailyUsage) : null;
  if (usage && now < usage.start + QUOTA_WINDOW_MS) return usage;
  return { start: now, urlFetchCalls: 0, propertiesCalls: 0, triggerRuntimeMs: 0 };
}

/** Adds what an execution spent to the user's count. */
export function recordUsage(place: UserPlace, now: number, spent: Partial<Record<DailyQuota, number>>): void {
  if (!Object.values(spent).some((n) => (n ?? 0) > 0)) return;
  lockedForUser(place, (props) => {
    const usage = readUsage(props, now);
    for (const [quota, n] of Object.entries(spent) as Array<[DailyQuota, number]>) usage[quota] += n;
    return { result: undefined, changes: { [USAGE_PROPERTY]: JSON.stringify(usage) } };
  });
}

/** This execution's spending since `from`, and what it spent before. */
export class Spending {
  private readonly fetchAtStart: number;
  private readonly propsAtStart: number;

  constructor(private readonly meter: UsageMeter) {
    this.fetchAtStart = meter.urlFetchCalls();
    this.propsAtStart = meter.propertiesCalls();
  }

  since(): Record<'urlFetchCalls' | 'propertiesCalls', number> {
    return {
      urlFetchCalls: this.meter.urlFetchCalls() - this.fetchAtStart,
      propertiesCalls: this.meter.propertiesCalls() - this.propsAtStart,
    };
  }
}

/** The quota a job's next chunk would take past the jobs' share, if any. */
export function quotaShortOf(
  usage: DailyUsage,
  spent: Record<'urlFetchCalls' | 'propertiesCalls', number>,
  next: Record<'urlFetchCalls' | 'propertiesCalls', number>,
): DailyQuota | null {
  for (const quota of ['urlFetchCalls', 'propertiesCalls'] as const) {
    if (usage[quota] + spent[quota] + next[quota] > DAILY_LIMITS[quota] * JOB_SHARE) return quota;
  }
  return null;
}

/** Whether a trigger may work for `stepMs` more today. */
export function triggerRuntimeLeft(usage: DailyUsage, stepMs: number): boolean {
  return usage.triggerRuntimeMs + stepMs <= DAILY_LIMITS.triggerRuntimeMs;
}

export function pauseMessage(quota: DailyQuota, refillsAt: string): MessageRef {
  if (quota === 'triggerRuntimeMs')
    return {
      key: 'job_background_waits',
      params: { at: refillsAt, minutes: DAILY_LIMITS.triggerRuntimeMs / 60_000 },
    };
  const key = quota === 'urlFetchCalls' ? 'job_paused_urlfetch' : 'job_paused_properties';
  return { key, params: { at: refillsAt, limit: DAILY_LIMITS[quota].toLocaleString('en-US') } };
}
