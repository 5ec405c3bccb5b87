// Who may do what, decided by how the code was reached (see ARCHITECTURE.md, "Owners and editors").
//
// - A cell runs a top-level function as a custom function, with the spreadsheet owner's user store,
//   whoever's recalculation runs it. Only the formula functions may run there; every other global
//   refuses (`not_in_cell`), so a cell can never save a key, set a budget, read settings or touch a job.
// - A page, a menu or google.script.run runs as the caller, with the caller's own store: a formula
//   function reached this way spends the caller's key, is counted against the owner's budgets only
//   when the caller is the owner, and publishes nothing.
// - The owner is known only from a custom function (a cell): it publishes the hash of the id in the
//   store it was given. Until then nobody is the owner: owner-only decisions made meanwhile are kept
//   per person, pending, and the one made by whoever the first formula shows to be the owner applies
//   from that formula on; everything else owner-only is refused with `owner_unknown`.
import { UserError } from '../i18n/messages';
import type { Standing } from '../jobs/deps';
import type { Role } from './identity';

/** How an execution was reached: a cell (custom function) or a page, menu or trigger. */
export type Reach = 'cell' | 'page';

export function refuseInCell(reach: Reach): void {
  if (reach === 'cell') throw new UserError('not_in_cell');
}

/** An owner-only action that cannot wait for the owner to be known (clearing the cache). */
export function requireOwner(role: Role): void {
  if (role === 'owner') return;
  throw new UserError(role === 'unknown' ? 'owner_unknown' : 'owner_only');
}

/**
 * An owner decision that is kept until the owner is known (budgets, instructions): the owner saves it
 * for good; while nobody is known, each person's is kept apart as pending; an editor is refused.
 */
export function ownerDecision(role: Role): 'confirmed' | 'pending' {
  if (role === 'editor') throw new UserError('owner_only');
  return role === 'owner' ? 'confirmed' : 'pending';
}

/**
 * Who the caller is for someone else's job. Nobody known is an editor; a file in a shared drive has
 * no owner (Spreadsheet.getOwner() is null), so there anyone who is not the known owner gets the
 * shared-drive rule (a job nobody ran for a week may be cancelled).
 */
export function jobStanding(role: Role, sharedDrive: boolean): Standing {
  if (role === 'owner') return 'owner';
  return sharedDrive ? 'shared-drive' : 'editor';
}
