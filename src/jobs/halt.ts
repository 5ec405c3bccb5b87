// A failure that concerns the whole job (key, account, model, budget, a daily quota) pauses or stops it;
// its rows stay pending, to be resumed.
import { UserError } from '../i18n/messages';
import type { DailyQuota } from '../platform/ports';
import type { JobDeps } from './deps';
import { pauseMessage, QUOTA_WINDOW_MS, type DailyUsage } from './quotas';
import type { JobRecord } from './store';

const QUOTA_OF: Record<string, DailyQuota> = {
  urlfetch_quota: 'urlFetchCalls',
  properties_quota: 'propertiesCalls',
};

/** The error a job pauses with when the jobs' share of a daily quota is spent. */
export function quotaStop(quota: DailyQuota): UserError {
  return new UserError(quota === 'urlFetchCalls' ? 'urlfetch_quota' : 'properties_quota');
}

export function haltFor(
  job: JobRecord,
  error: UserError,
  deps: Pick<JobDeps, 'formatTime'>,
  usage: DailyUsage,
): void {
  const quota = QUOTA_OF[error.key];
  if (error.key === 'budget_reached' || error.key === 'budget_short') {
    job.state = 'paused';
    job.message = { key: 'job_budget_paused' };
  } else if (error.key === 'budget_needs_price') {
    // Resumable once the owner adds the model's price: the rows stay pending.
    job.state = 'paused';
    job.message = { key: error.key, params: error.params as Record<string, string | number> };
  } else if (quota) {
    job.state = 'paused';
    job.message = pauseMessage(quota, deps.formatTime(usage.start + QUOTA_WINDOW_MS));
  } else {
    job.state = 'stopped';
    job.message = { key: error.key, params: error.params as Record<string, string | number> };
  }
}
