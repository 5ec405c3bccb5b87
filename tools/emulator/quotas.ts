// Daily quotas per user: counted always, enforced on request. "Quotas are per user and reset 24 hours
// after the first request" (developers.google.com/apps-script/guides/services/quotas): each quota has its
// own window, opened by the first use after the previous one ended.
import type { AccountType, QuotaLimits, QuotaName, QuotaUsage } from './types';

const MINUTE = 60_000;
export const QUOTA_WINDOW_MS = 24 * 60 * MINUTE;

/** The quotas page's daily figures (consumer / Workspace). */
export const DAILY_QUOTAS: Readonly<Record<AccountType, QuotaLimits>> = {
  consumer: { triggerRuntimeMs: 90 * MINUTE, urlFetchCalls: 20_000, propertiesCalls: 50_000 },
  workspace: { triggerRuntimeMs: 6 * 60 * MINUTE, urlFetchCalls: 100_000, propertiesCalls: 500_000 },
};

/** The platform's messages (README, "Daily quotas", says which are official and which reported). */
export const QUOTA_MESSAGES: Readonly<Record<QuotaName, string>> = {
  triggerRuntimeMs: 'Service using too much computer time for one day',
  urlFetchCalls: 'Service invoked too many times for one day: urlfetch.',
  propertiesCalls: 'Service invoked too many times for one day: properties.',
};

export class QuotaExceededError extends Error {}

interface Window {
  start: number;
  used: number;
}

const NAMES: QuotaName[] = ['triggerRuntimeMs', 'urlFetchCalls', 'propertiesCalls'];

export class QuotaTable {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly limits: QuotaLimits,
    readonly enforced: boolean,
    private readonly now: () => number,
  ) {}

  /** Counts `amount`; when enforced and it would pass the limit, throws the platform message instead. */
  charge(user: string, quota: QuotaName, amount: number): void {
    const window = this.current(user, quota, true);
    if (this.enforced && window.used + amount > this.limits[quota]) {
      throw new QuotaExceededError(QUOTA_MESSAGES[quota]);
    }
    window.used += amount;
  }

  /** Counts usage that already happened (trigger runtime), even past the limit. */
  record(user: string, quota: QuotaName, amount: number): void {
    this.current(user, quota, true).used += amount;
  }

  /** What is left of the quota (Infinity when not enforced). */
  remaining(user: string, quota: QuotaName): number {
    if (!this.enforced) return Infinity;
    return Math.max(0, this.limits[quota] - (this.current(user, quota, false)?.used ?? 0));
  }

  usage(user: string): QuotaUsage {
    const out = {} as QuotaUsage;
    for (const name of NAMES) {
      const window = this.current(user, name, false);
      out[name] = {
        used: window?.used ?? 0,
        limit: this.limits[name],
        resetsAt: window ? window.start + QUOTA_WINDOW_MS : null,
      };
    }
    return out;
  }

  private current(user: string, quota: QuotaName, open: true): Window;
  private current(user: string, quota: QuotaName, open: false): Window | undefined;
  private current(user: string, quota: QuotaName, open: boolean): Window | undefined {
    const key = `${user}\u0000${quota}`;
    const now = this.now();
    let window = this.windows.get(key);
    if (window && now >= window.start + QUOTA_WINDOW_MS) {
      this.windows.delete(key);
      window = undefined;
    }
    if (!window && open) this.windows.set(key, (window = { start: now, used: 0 }));
    return window;
  }
}

export function quotaLimits(account: AccountType, overrides: Partial<QuotaLimits> | undefined): QuotaLimits {
  return { ...DAILY_QUOTAS[account], ...overrides };
}
