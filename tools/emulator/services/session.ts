// Session handlers. Inside a custom function the active user is hidden (empty email) and the effective
// user is the spreadsheet owner.
import { createHash } from 'node:crypto';
import type { HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';

export function sessionHandlers(host: HostState): HandlerTable {
  return {
    'Session.getActiveUser': (exec) =>
      facade('User', null, { email: exec.isCustomFunction ? '' : exec.user }),
    'Session.getEffectiveUser': (exec) => facade('User', null, { email: exec.storeUser }),
    'Session.getActiveUserLocale': (exec) => exec.spec.locale,
    'Session.getScriptTimeZone': () => host.config.scriptTimeZone,
    'Session.getTemporaryActiveUserKey': (exec) =>
      createHash('sha256').update(`temporary-key:${exec.user}`).digest('base64').slice(0, 43),
  };
}
