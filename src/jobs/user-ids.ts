// The stable private id of a user: random, made once, kept in that user's own user properties (nobody
// else can read them), so it never changes and tells nothing about the person.
import type { UserPlace } from './deps';
import { lockedForUser } from './deps';
import type { Update } from '../engine/locked-update';
import { USER_ID_PROPERTY } from '../settings/identity';

/** One id per user for everything: jobs and telling the spreadsheet's owner apart (settings/identity.ts). */
export { USER_ID_PROPERTY } from '../settings/identity';

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
