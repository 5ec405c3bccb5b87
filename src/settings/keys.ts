// The owner's main key and an optional backup key. When OpenAI refuses the main key (401
// invalid_api_key, as after a leak and a revocation), formulas and jobs switch to the backup, and
// the spreadsheet remembers it (by a short hash of the refused key, never the key), so a leaked key
// can be revoked at once without a column of errors.
import { sha256Hex } from '../engine/sha256';
import type { PropertyStore } from '../platform/ports';
import { maskKey } from '../openai/api-key';
import { KEY_PROPERTY } from './settings';

export const BACKUP_KEY_PROPERTY = 'openai.backupKey';
/** Document property: the hash of a main key OpenAI refused. */
export const REVOKED_KEY_PROPERTY = 'keys:revoked';

export interface FormulaKeys {
  /** The key to try first. */
  first: string;
  /** The backup key, when there is one besides `first`. */
  backup?: string;
}

export function formulaKeys(store: PropertyStore): FormulaKeys | null {
  const main = store.get(KEY_PROPERTY);
  const backup = store.get(BACKUP_KEY_PROPERTY);
  if (main) return backup && backup !== main ? { first: main, backup } : { first: main };
  return backup ? { first: backup } : null;
}

export function keyHash(key: string): string {
  return sha256Hex(`gpt-functions:key:${key}`).slice(0, 16);
}

interface DocumentAccess {
  documentProps(): Record<string, string>;
  documentStore: PropertyStore;
}

export function isRevoked(key: string, deps: DocumentAccess): boolean {
  return deps.documentProps()[REVOKED_KEY_PROPERTY] === keyHash(key);
}

export function markRevoked(key: string, deps: DocumentAccess): void {
  if (!isRevoked(key, deps)) deps.documentStore.set(REVOKED_KEY_PROPERTY, keyHash(key));
}

export interface KeyStatus {
  hasBackupKey: boolean;
  maskedBackupKey: string | null;
  /** OpenAI refused the main key in this spreadsheet: formulas and jobs use the backup. */
  mainKeyRefused: boolean;
}

export function keyStatus(store: PropertyStore, documentProps: Record<string, string>): KeyStatus {
  const main = store.get(KEY_PROPERTY);
  const backup = store.get(BACKUP_KEY_PROPERTY);
  return {
    hasBackupKey: !!backup,
    maskedBackupKey: backup ? maskKey(backup) : null,
    mainKeyRefused: !!main && !!backup && documentProps[REVOKED_KEY_PROPERTY] === keyHash(main),
  };
}
