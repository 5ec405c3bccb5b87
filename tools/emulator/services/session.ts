// Session handlers. Inside a custom function the active user is hidden (empty email) and the effective
// user is the spreadsheet owner.
import { createHash } from 'node:crypto';
import type { HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import { SCRIPT_ID } from './script-app';

/** "The temporary key rotates every 30 days and is unique to the script" (Session reference). */
export const TEMPORARY_KEY_PERIOD_MS = 30 * 24 * 3600_000;

export function sessionHandlers(host: HostState): HandlerTable {
  return {
    'Session.getActiveUser': (exec) =>
      facade('User', null, { email: exec.isCustomFunction ? '' : exec.user }),
    'Session.getEffectiveUser': (exec) => facade('User', null, { email: exec.storeUser }),
    'Session.getActiveUserLocale': (exec) => exec.spec.locale,
    'Session.getScriptTimeZone': () => host.config.scriptTimeZone,
    'Session.getTemporaryActiveUserKey': (exec) => temporaryKeyFor(host, exec.user),
  };
}

/** Stable for 30 days of emulator clock from the user's first key, then a new one. */
export function temporaryKeyFor(host: HostState, user: string): string {
  const now = host.now();
  const first = host.temporaryKeys.get(user) ?? now;
  host.temporaryKeys.set(user, first);
  const period = Math.floor((now - first) / TEMPORARY_KEY_PERIOD_MS);
  return createHash('sha256')
    .update(`temporary-key:${SCRIPT_ID}:${user}:${period}`)
    .digest('base64')
    .slice(0, 43);
}
