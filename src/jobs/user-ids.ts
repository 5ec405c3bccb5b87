// The stable private id of a user: random, made once, kept in that user's own user properties (nobody
// else can read them), so it never changes and tells nothing about the person.
import type { UserPlace } from './deps';
import { lockedForUser } from './deps';
import type { Update } from '../engine/locked-update';

export const USER_ID_PROPERTY = 'job.userId';

/** `known`: the value the caller already read, if any (saves a locked round trip). */
export function stableUserId(place: UserPlace, newId: () => string, known: string | null): string {
  if (known) return known;
  return lockedForUser(place, (props): Update<string> => {
    const existing = props[USER_ID_PROPERTY];
    if (existing) return { result: existing, changes: {} };
    const id = newId();
    return { result: id, changes: { [USER_ID_PROPERTY]: id } };
  });
}
