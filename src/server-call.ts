// Server functions called by pages: a UserError reaches the page's failure handler as an Error
// whose message is in the caller's language.
import { userLocale } from './wiring';
import { UserError } from './i18n/messages';

export function serverCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UserError) throw new Error(e.render(userLocale()), { cause: e });
    throw e;
  }
}
