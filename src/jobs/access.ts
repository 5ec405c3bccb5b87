// Who may do what with a job. A job belongs to the person who started it for as long as it exists: it
// carries their private id (a random id in their own user properties, user-ids.ts), never an email and
// never Session.getTemporaryActiveUserKey(), which "rotates every 30 days". Jobs started before that
// carry the temporary key; the first time their owner runs them within those 30 days they take the id.
// Only the owner runs a job (with their own API key). A job nobody can run any more can be cancelled by
// the spreadsheet's owner; on a shared drive there is no owner (getOwner() is null), so any editor may
// cancel a job of someone else that has not run for a week.
import { UserError } from '../i18n/messages';
import type { JobDeps } from './deps';
import { readJob, type JobRecord } from './store';

export const STALE_JOB_MS = 7 * 24 * 3600_000;

type Access = Pick<JobDeps, 'user' | 'legacyUser' | 'standing'>;

export function isMine(job: JobRecord, deps: Access): boolean {
  return job.owner === deps.user || job.owner === deps.legacyUser();
}

/** A job started with the caller's temporary key now carries their stable id. Returns whether it changed. */
export function adopt(job: JobRecord, deps: Access): boolean {
  if (job.owner === deps.user || job.owner !== deps.legacyUser()) return false;
  job.owner = deps.user;
  return true;
}

export function mayCancel(job: JobRecord, deps: Access, now: number): boolean {
  if (isMine(job, deps)) return true;
  const standing = deps.standing();
  return standing === 'owner' || (standing === 'shared-drive' && now - job.updatedAt >= STALE_JOB_MS);
}

export function findJob(props: Record<string, string>, id: unknown): JobRecord {
  const job = typeof id === 'string' ? readJob(props, id) : null;
  if (!job) throw new UserError('job_not_found');
  return job;
}

/** The caller's job, adopted if it carries their temporary key (`adopted`); anyone else's is refused. */
export function requireOwn(
  props: Record<string, string>,
  id: unknown,
  deps: Access,
): { job: JobRecord; adopted: boolean } {
  const job = findJob(props, id);
  if (!isMine(job, deps)) throw new UserError('job_not_yours');
  return { job, adopted: adopt(job, deps) };
}
