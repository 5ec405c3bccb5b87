// Server functions called by pages: a UserError reaches the page's failure handler as an Error
// whose message is in the caller's language.
import { userLocale } from './wiring';
import { UserError } from './i18n/messages';
import { quotaAsUserError } from './engine/failures';

export function serverCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const error = quotaAsUserError(e);
    if (error instanceof UserError) throw new Error(error.render(userLocale()), { cause: e });
    throw error;
  }
}
