// Telling the spreadsheet's owner from an editor without asking for anyone's email address.
//
// Formulas spend the key of the person whose user properties Apps Script hands to custom
// functions: the spreadsheet's owner ("getUserProperties() only gets the properties of the
// spreadsheet owner", custom-functions guide). Everyone gets a random private id in their own user
// properties; a formula run from a cell, which always reads the owner's store, publishes a hash of
// the owner's id in the document (HOLDER_KEY). The same function called from a page runs with the
// caller's store and publishes nothing (settings/access.ts). A page's server call compares the hash
// of the caller's own id with it. An editor can make a cell run but it only ever publishes the
// owner's hash, and no server function lets anyone write it. Shared-drive files, which have no owner to name, work the
// same way. No scope beyond spreadsheets.currentonly is needed (Session.getEffectiveUser().getEmail()
// would need userinfo.email).
import { HOLDER_KEY } from '../budget/ledger';
import { sha256Hex } from '../engine/sha256';
import type { PropertyStore } from '../platform/ports';

export const USER_ID_PROPERTY = 'user.id';

export type Role = 'owner' | 'editor' | 'unknown';

export function identityHash(id: string): string {
  return sha256Hex(`gpt-functions:user:${id}`).slice(0, 32);
}

/** The caller's private id, created in their own store on first use (page and menu executions only). */
export function ensureUserId(store: PropertyStore, newId: () => string): string {
  const existing = store.get(USER_ID_PROPERTY);
  if (existing) return existing;
  const id = `${newId()}${newId()}`;
  store.set(USER_ID_PROPERTY, id);
  return id;
}

export function roleOf(caller: string, holder: string | undefined): Role {
  if (!holder) return 'unknown';
  return caller === holder ? 'owner' : 'editor';
}

/** The identity hash of whoever owns `store` (undefined before they have an id). */
export function storeIdentity(store: PropertyStore): string | undefined {
  const id = store.get(USER_ID_PROPERTY);
  return id ? identityHash(id) : undefined;
}

/**
 * Called by formulas run from a cell, with the owner's store: the hash to publish when the document
 * does not hold it yet (null when there is nothing to change).
 */
export function holderToPublish(
  ownerStore: PropertyStore,
  documentProps: Record<string, string>,
): string | null {
  const id = ownerStore.get(USER_ID_PROPERTY);
  if (!id) return null;
  const hash = identityHash(id);
  return documentProps[HOLDER_KEY] === hash ? null : hash;
}

export { HOLDER_KEY };
